package org.mailwright.ui.wizard;

import javafx.scene.Node;

/** A page of the wizard: its model, and a view that only binds controls to it. Views are built on first show. */
public interface WizardPage {
    /** The page's model. */
    PageModel model();

    /** The page's view, built on first call and kept. */
    Node view();

    /**
     * Buttons of this page's own shown in the button bar, left of Back, while it is current: another way on than
     * Next (Welcome's "Restore from a backup..."). None by default; built once and kept.
     */
    default java.util.List<javafx.scene.Node> barActions() {
        return java.util.List.of();
    }

    /**
     * Whether the window may close (or the wizard finish) while this page is shown; may ask the person first, in a
     * dialog over {@code owner}. Called on the UI thread. Most pages have nothing to lose: true.
     */
    default boolean mayClose(javafx.stage.Window owner) {
        return true;
    }
}
