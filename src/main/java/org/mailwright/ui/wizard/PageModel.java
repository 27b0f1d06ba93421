package org.mailwright.ui.wizard;

import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What every wizard page's model shares (ControlsFX Wizard's page contract): it is entered and left, and it says
 * why Next must wait ({@link #invalidReasonProperty()}, empty when the page is fine). Models hold plain JavaFX
 * properties and never a control, so they are tested without a toolkit.
 */
public abstract class PageModel {
    private final ReadOnlyStringWrapper invalidReason = new ReadOnlyStringWrapper(this, "invalidReason", "");
    private final ReadOnlyBooleanWrapper invalid = new ReadOnlyBooleanWrapper(this, "invalid");
    /** Remote work is running: neither Back nor Next may interrupt it. */
    protected final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");

    protected PageModel() {
        invalid.bind(invalidReason.isNotEmpty());
    }

    /** A short stable id, also the name of the page's package. */
    public abstract String id();

    /** What the sidebar shows. */
    public abstract String title();

    /** One sentence under the page title. */
    public abstract String subtitle();

    /** The label of the Next button on this page. */
    public String nextLabel() {
        return "Next";
    }

    public void onEnter() {
        revalidate();
    }

    public void onLeave() {
    }

    /** Why the person cannot go on yet, in words they can act on; empty when they can. */
    protected abstract Optional<String> validate();

    /** Recomputes {@link #invalidReasonProperty()}; call it whenever something {@link #validate()} reads changed. */
    public final void revalidate() {
        invalidReason.set(validate().orElse(""));
    }

    /** Revalidates whenever one of {@code dependencies} changes. */
    protected final void revalidateOn(Observable... dependencies) {
        for (Observable o : dependencies) {
            o.addListener(x -> revalidate());
        }
    }

    // Properties

    public final ReadOnlyStringProperty invalidReasonProperty() {
        return invalidReason.getReadOnlyProperty();
    }

    public final ReadOnlyBooleanProperty invalidProperty() {
        return invalid.getReadOnlyProperty();
    }

    public final ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public final boolean isInvalid() {
        return invalid.get();
    }

    public final String getInvalidReason() {
        return invalidReason.get();
    }
}
