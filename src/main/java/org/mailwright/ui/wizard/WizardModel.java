package org.mailwright.ui.wizard;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
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
    private final ReadOnlyBooleanWrapper nextDisabled = new ReadOnlyBooleanWrapper(this, "nextDisabled", true);
    private final ReadOnlyBooleanWrapper backDisabled = new ReadOnlyBooleanWrapper(this, "backDisabled", true);
    private final ReadOnlyStringWrapper blockedReason = new ReadOnlyStringWrapper(this, "blockedReason", "");
    private final BooleanProperty atStart = new SimpleBooleanProperty(this, "atStart", true);
    private Runnable onFinish = () -> {
    };

    public WizardModel(List<PageModel> pageModels, Flow flow, SetupDraft draft) {
        pageModels.forEach(p -> pages.put(p.id(), p));
        this.flow = flow;
        this.draft = draft;
        // rebind to each page as it becomes current (plain bindings: select bindings work by reflection and fail quietly)
        current.addListener((o, was, p) -> {
            nextDisabled.bind(p.invalidProperty().or(p.busyProperty()));
            backDisabled.bind(atStart.or(p.busyProperty()));
            blockedReason.bind(p.invalidReasonProperty());
        });
        PageModel first = pageModels.get(0);
        history.push(first.id());
        atStart.set(true);
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
        atStart.set(false);
        enter(page(nextId.get()));
    }

    /** Goes back to the page visited before this one. */
    public void back() {
        if (backDisabled.get()) {
            return;
        }
        current.get().onLeave();
        history.pop();
        atStart.set(history.size() <= 1);
        enter(page(history.peek()));
    }

    private void enter(PageModel p) {
        current.set(p);
        p.onEnter();
    }

    public PageModel page(String id) {
        PageModel p = pages.get(id);
        if (p == null) {
            throw new IllegalArgumentException("no page " + id);
        }
        return p;
    }

    /** The pages the flow goes through with the draft as it is now, from the first: the sidebar's steps. */
    public List<PageModel> route() {
        return flow.route(pages.keySet().iterator().next(), draft).stream().map(this::page).toList();
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

    public ReadOnlyBooleanProperty nextDisabledProperty() {
        return nextDisabled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty backDisabledProperty() {
        return backDisabled.getReadOnlyProperty();
    }

    /** Why Next is disabled, next to the button; empty when it is not (or only busy). */
    public ReadOnlyStringProperty blockedReasonProperty() {
        return blockedReason.getReadOnlyProperty();
    }

    public SetupDraft draft() {
        return draft;
    }
}
