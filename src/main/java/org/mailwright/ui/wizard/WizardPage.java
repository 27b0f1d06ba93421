package org.mailwright.ui.wizard;

import javafx.scene.Node;

/** A page of the wizard: its model, and a view that only binds controls to it. Views are built on first show. */
public interface WizardPage {
    PageModel model();

    Node view();
}
