package org.mailwright.ui.wizard;

import java.util.List;
import java.util.Optional;

/** Decides which page follows the current one (ControlsFX Wizard.Flow): the draft may make a page unnecessary. */
@FunctionalInterface
public interface Flow {

    /** The id of the page after {@code currentId}, or empty when {@code currentId} is the last. */
    Optional<String> next(String currentId, SetupDraft draft);

    /**
     * The pages the person goes through from {@code firstId} with the draft as it is now, in order: what the sidebar
     * lists. Stops at a page met twice, so a flow that loops cannot hang the window.
     */
    default List<String> route(String firstId, SetupDraft draft) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Optional<String> id = Optional.of(firstId);
        while (id.isPresent() && !out.contains(id.get())) {
            out.add(id.get());
            id = next(id.get(), draft);
        }
        return out;
    }

    /** The pages in the given order, each followed by the next. */
    static Flow linear(List<String> ids) {
        List<String> order = List.copyOf(ids);
        return (current, draft) -> {
            int i = order.indexOf(current);
            return i < 0 || i + 1 >= order.size() ? Optional.empty() : Optional.of(order.get(i + 1));
        };
    }
}
