package org.mailwright.ui.wizard;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.mailwright.ui.AboutDialog;

/**
 * The wizard's frame: steps in a sidebar (current highlighted, done ones checked), the page in the middle, Back and
 * Next at the bottom right with the reason Next is disabled beside them. Binds to {@link WizardModel} only.
 */
public final class WizardView extends BorderPane {
    /**
     * The key of {@link Node#getProperties()} under which a sidebar step (style class {@code step}, a {@link Label})
     * holds its page's id ({@link PageModel#id()}), the way to find one step, e.g. in a UI test.
     */
    public static final String STEP_PAGE = "mailwright.step-page";

    private final WizardModel model;
    private final Map<String, WizardPage> pages = new LinkedHashMap<>();
    private final Map<String, Label> stepLabels = new LinkedHashMap<>();
    private final Label title = new Label();
    private final Label subtitle = new Label();
    private final ScrollPane content = new ScrollPane();
    private final HBox pageActions = new HBox(12);

    public WizardView(WizardModel model, List<WizardPage> pageViews) {
        this.model = model;
        pageViews.forEach(p -> pages.put(p.model().id(), p));
        getStyleClass().add("wizard");
        setLeft(sidebar());
        // the button bar sits under the page only, so the sidebar runs the full height of the window
        VBox main = new VBox(center(), buttons());
        VBox.setVgrow(main.getChildren().get(0), Priority.ALWAYS);
        setCenter(main);
        model.currentProperty().addListener((o, was, now) -> show(now));
        model.done().addListener((javafx.collections.SetChangeListener<String>) c -> updateSidebar());
        // a restore goes through fewer pages: the sidebar lists the ones of the way chosen on Welcome
        model.draft().restoring.addListener((o, was, now) -> updateSidebar());
        show(model.current());
    }

    private Node sidebar() {
        Label brand = new Label("Mailwright");
        brand.getStyleClass().add("brand");
        Label tagline = new Label("Mail server setup");
        tagline.getStyleClass().add("brand-tagline");
        VBox steps = new VBox(2);
        steps.getStyleClass().add("steps");
        for (PageModel p : model.pages()) {
            Label l = new Label();
            // the page's id as a property, not as the node's id: JavaFX's CSS cache is keyed by type, style classes
            // and id (StyleManager.findMatchingStyles), so an id each made every step match and compute its styles
            // alone, about 30 ms of the first window's start; alike, the twelve share one computation
            l.getProperties().put(STEP_PAGE, p.id());
            l.getStyleClass().add("step");
            l.setMaxWidth(Double.MAX_VALUE);
            l.managedProperty().bind(l.visibleProperty());
            stepLabels.put(p.id(), l);
            steps.getChildren().add(l);
        }
        // the sidebar's foot: the one way to Help > About without adding a menu bar to a wizard
        Region push = new Region();
        VBox.setVgrow(push, Priority.ALWAYS);
        Button about = new Button("About Mailwright");
        about.setId("about");
        about.getStyleClass().add("sidebar-link");
        about.setOnAction(e -> AboutDialog.show(getScene().getWindow()));
        VBox box = new VBox(brand, tagline, steps, push, about);
        box.getStyleClass().add("sidebar");
        return box;
    }

    private Node center() {
        title.getStyleClass().add("page-title");
        subtitle.getStyleClass().add("page-subtitle");
        subtitle.setWrapText(true);
        // a page taller than the window must not squeeze its subtitle to one cut line: the page scrolls instead
        subtitle.setMinHeight(Region.USE_PREF_SIZE);
        VBox header = new VBox(4, title, subtitle);
        header.getStyleClass().add("page-header");
        content.setFitToWidth(true);
        content.getStyleClass().add("page-scroll");
        VBox.setVgrow(content, Priority.ALWAYS);
        VBox box = new VBox(header, content);
        return box;
    }

    private Node buttons() {
        Label reason = new Label();
        reason.setId("blocked-reason");
        reason.getStyleClass().add("blocked-reason");
        reason.setWrapText(true);
        reason.textProperty().bind(model.blockedReasonProperty());
        reason.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(reason, Priority.ALWAYS);
        Button back = new Button("Back");
        back.setId("back");
        back.disableProperty().bind(model.backDisabledProperty());
        back.setOnAction(e -> model.back());
        Button next = new Button();
        next.setId("next");
        next.getStyleClass().add("primary");
        next.setDefaultButton(false);
        next.disableProperty().bind(model.nextDisabledProperty());
        next.setOnAction(e -> model.next());
        model.currentProperty().addListener((o, was, now) -> next.setText(now.nextLabel()));
        next.setText(model.current().nextLabel());
        // the reason beside them wraps; the buttons never give way to it ("..." instead of Back and Next)
        back.setMinWidth(Button.USE_PREF_SIZE);
        next.setMinWidth(Button.USE_PREF_SIZE);
        reason.setMinHeight(Label.USE_PREF_SIZE);
        Region gap = new Region();
        gap.setMinWidth(8);
        pageActions.setId("page-actions");
        pageActions.setAlignment(Pos.CENTER_RIGHT);
        pageActions.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(12, reason, pageActions, gap, back, next);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.getStyleClass().add("button-bar");
        return bar;
    }

    private void show(PageModel p) {
        title.setText(p.title());
        subtitle.setText(p.subtitle());
        WizardPage page = pages.get(p.id());
        Node view = page.view();
        content.setContent(view);
        pageActions.getChildren().setAll(page.barActions());
        content.setVvalue(0);
        updateSidebar();
    }

    private void updateSidebar() {
        PageModel current = model.current();
        List<PageModel> route = model.route();
        for (PageModel p : model.pages()) {
            Label l = stepLabels.get(p.id());
            l.setVisible(route.contains(p));
            l.setUserData(route.indexOf(p) + 1);
            boolean isCurrent = p == current;
            boolean isDone = model.done().contains(p.id()) && !isCurrent;
            l.getStyleClass().removeAll("step-current", "step-done");
            if (isCurrent) {
                l.getStyleClass().add("step-current");
            } else if (isDone) {
                l.getStyleClass().add("step-done");
            }
            l.setText((isDone ? "\u2713" : l.getUserData().toString()) + "   " + p.title());
        }
    }

    /**
     * Whether the window may close now: the current page decides, and may ask first (the Done page, while the
     * recovery sheet is not saved). Call it on the UI thread before closing the window or finishing.
     */
    public boolean mayClose(javafx.stage.Window owner) {
        return pages.get(model.current().id()).mayClose(owner);
    }

    public WizardModel model() {
        return model;
    }
}
