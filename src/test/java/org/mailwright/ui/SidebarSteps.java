package org.mailwright.ui;

import javafx.scene.control.Label;
import org.mailwright.ui.wizard.WizardView;
import org.testfx.api.FxRobot;

/** Finds the wizard's sidebar steps, which carry their page's id as {@link WizardView#STEP_PAGE}, not as a node id. */
final class SidebarSteps {
    private SidebarSteps() {
    }

    /**
     * The sidebar step of one page.
     *
     * @param page the page's id, e.g. "welcome"
     * @return its label
     * @throws org.testfx.service.query.EmptyNodeQueryException when the sidebar has no step for that page
     */
    static Label step(FxRobot robot, String page) {
        return robot.lookup(".step").match(n -> page.equals(n.getProperties().get(WizardView.STEP_PAGE))).queryAs(Label.class);
    }
}
