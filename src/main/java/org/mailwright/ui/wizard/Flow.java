package org.mailwright.ui.wizard;

import java.util.List;
import java.util.Optional;

/** Decides which page follows the current one (ControlsFX Wizard.Flow): the draft may make a page unnecessary. */
@FunctionalInterface
public interface Flow {

    /** The id of the page after {@code currentId}, or empty when {@code currentId} is the last. */
    Optional<String> next(String currentId, SetupDraft draft);

    /** The pages in the given order, each followed by the next. */
    static Flow linear(List<String> ids) {
        List<String> order = List.copyOf(ids);
        return (current, draft) -> {
            int i = order.indexOf(current);
            return i < 0 || i + 1 >= order.size() ? Optional.empty() : Optional.of(order.get(i + 1));
        };
    }
}
