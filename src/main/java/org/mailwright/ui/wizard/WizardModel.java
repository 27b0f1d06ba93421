package org.mailwright.ui.wizard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * The wizard as a whole: which page is current, which are done, and whether Back and Next may be pressed (and if
 * not, why). Pages follow a {@link Flow}; Back retraces the pages actually visited.
 */
public final class WizardModel {
    private final Map<String, PageModel> pages = new LinkedHashMap<>();
    private final Flow flow;
    private final SetupDraft draft;
    private final Deque<String> history = new ArrayDeque<>();
    private final ReadOnlyObjectWrapper<PageModel> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ObservableSet<String> done = FXCollections.observableSet();
    private final BooleanBinding nextDisabled;
    private final BooleanBinding backDisabled;
    private final StringBinding blockedReason;
    private Runnable onFinish = () -> {
    };

    public WizardModel(List<PageModel> pageModels, Flow flow, SetupDraft draft) {
        pageModels.forEach(p -> pages.put(p.id(), p));
        this.flow = flow;
        this.draft = draft;
        nextDisabled = Bindings.createBooleanBinding(() -> {
            PageModel p = current.get();
            return p == null || p.isInvalid() || p.busyProperty().get();
        }, current, Bindings.selectBoolean(current, "invalid"), Bindings.selectBoolean(current, "busy"));
        backDisabled = Bindings.createBooleanBinding(() -> history.size() <= 1 || current.get().busyProperty().get(),
                current, Bindings.selectBoolean(current, "busy"));
        blockedReason = Bindings.createStringBinding(() -> current.get() == null ? "" : current.get().getInvalidReason(),
                current, Bindings.selectString(current, "invalidReason"));
        PageModel first = pageModels.get(0);
        history.push(first.id());
        current.set(first);
        first.onEnter();
    }

    /** Goes to the page the flow names next; does nothing while the current page is invalid or busy. */
    public void next() {
        PageModel p = current.get();
        if (nextDisabled.get()) {
            return;
        }
        Optional<String> nextId = flow.next(p.id(), draft);
        p.onLeave();
        done.add(p.id());
        if (nextId.isEmpty()) {
            onFinish.run();
            return;
        }
        history.push(nextId.get());
        enter(page(nextId.get()));
    }

    /** Goes back to the page visited before this one. */
    public void back() {
        if (backDisabled.get()) {
            return;
        }
        current.get().onLeave();
        history.pop();
        enter(page(history.peek()));
    }

    private void enter(PageModel p) {
        current.set(p);
        p.onEnter();
        // the bindings read the history size, which is not observable by itself
        backDisabled.invalidate();
    }

    public PageModel page(String id) {
        PageModel p = pages.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no page " + id);
        }
        return p;
    }

    public List<PageModel> pages() {
        return List.copyOf(pages.values());
    }

    public void setOnFinish(Runnable onFinish) {
        this.onFinish = onFinish;
    }

    // Properties

    public ReadOnlyObjectProperty<PageModel> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public PageModel current() {
        return current.get();
    }

    /** Ids of pages the person has completed (left with Next). */
    public ObservableSet<String> done() {
        return FXCollections.unmodifiableObservableSet(done);
    }

    public BooleanBinding nextDisabledProperty() {
        return nextDisabled;
    }

    public BooleanBinding backDisabledProperty() {
        return backDisabled;
    }

    /** Why Next is disabled, next to the button; empty when it is not (or only busy). */
    public StringBinding blockedReasonProperty() {
        return blockedReason;
    }

    public SetupDraft draft() {
        return draft;
    }
}
