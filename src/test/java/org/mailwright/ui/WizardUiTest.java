package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.ui.SidebarSteps.step;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.WizardModel;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.mailwright.ui.wizard.install.InstallPageModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window under Monocle, walked with the robot against {@link FakeSetupService}. */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class WizardUiTest {
    // made here, on the test thread, not in @Start: building a fake (a bcrypt hash, files) is fixture work, and @Start
    // runs on the FX thread, which FxThreadWatch holds to 50 ms of blocking work
    final FakeSetupService service = new FakeSetupService();
    FxUiExecutor ui;
    WizardView view;
    WizardModel wizard;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ui = new FxUiExecutor();
        Path profiles = Files.createTempDirectory("mailwright-ui-test");
        view = MailwrightApp.show(stage, service, ui, new ProfileStore(profiles), ExportPackage.NOT_WIRED);
        wizard = view.model();
    }

    @AfterEach
    void stop() {
        ui.shutdown();
    }

    private void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String page() {
        return wizard.current().id();
    }

    private boolean nextDisabled(FxRobot robot) {
        return robot.lookup("#next").queryButton().isDisabled();
    }

    private String reason(FxRobot robot) {
        return robot.lookup("#blocked-reason").queryAs(Label.class).getText();
    }

    private void set(FxRobot robot, String id, String text) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    /** Connects through the host-key dialog, clicking "Trust and connect". */
    private void connect(FxRobot robot) throws TimeoutException {
        robot.clickOn("#host").write("203.0.113.10");
        robot.clickOn("#password").write("server password");
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
        assertThat(robot.lookup("#host-key-fingerprint").queryAs(Label.class).getText()).isEqualTo(FakeSetupService.FINGERPRINT);
        robot.clickOn("Trust and connect");
        waitUntil(() -> !wizard.current().isInvalid());
    }

    private void walkToReview(FxRobot robot) throws TimeoutException {
        robot.clickOn("#next");
        connect(robot);
        robot.clickOn("#next");
        set(robot, "#domains", "example.com");
        set(robot, "#admin", "alice@example.net");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("dns");
        robot.clickOn("#next");
        robot.clickOn("#next");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("users");
        set(robot, "#new-address", "alice@example.com");
        robot.clickOn("#generate");
        robot.clickOn("#add-mailbox");
        waitUntil(() -> !wizard.current().isInvalid());
        robot.clickOn("#next");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("review");
        waitUntil(() -> !wizard.current().busyProperty().get());
    }

    @Test
    void walksEveryPageFromWelcomeToDone(FxRobot robot) throws Exception {
        assertThat(page()).isEqualTo("welcome");
        assertThat(robot.lookup("#back").queryButton().isDisabled()).isTrue();
        // no server set up before: the list's heading and hint are not made at all (WelcomeUiTest has one)
        assertThat(robot.lookup(".recent").tryQuery()).isEmpty();
        walkToReview(robot);
        assertThat(robot.lookup("#plans").queryAs(javafx.scene.layout.VBox.class).getChildren()).isNotEmpty();
        assertThat(robot.lookup(".diff-added").tryQuery()).isPresent();
        robot.clickOn("#next"); // Install
        waitUntil(() -> ((InstallPageModel) wizard.current()).stateProperty().get() == InstallPageModel.State.DONE);
        assertThat(robot.lookup("#overall-progress").queryAs(javafx.scene.control.ProgressBar.class).getProgress()).isEqualTo(1.0);
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("verify");
        assertThat(robot.lookup(".badge-warn").tryQuery()).isPresent();
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("done");
        assertThat(robot.lookup("#client-settings").queryAs(javafx.scene.layout.VBox.class).getChildren()).hasSize(1);
        assertThat(robot.lookup("#export-package").queryButton().isDisabled()).as("seam not wired yet").isTrue();
        assertThat(step(robot, "welcome").getText()).startsWith("\u2713");
        assertThat(step(robot, "done").getStyleClass()).contains("step-current");
    }

    @Test
    void invalidInputKeepsNextDisabledWithTheReasonBesideIt(FxRobot robot) throws Exception {
        robot.clickOn("#next");
        assertThat(nextDisabled(robot)).isTrue();
        assertThat(reason(robot)).contains("IP address or host name");
        set(robot, "#host", "not a host!");
        assertThat(reason(robot)).contains("neither an IP address nor a host name");
        set(robot, "#host", "203.0.113.10");
        set(robot, "#port", "0");
        assertThat(reason(robot)).contains("1 to 65535");
        set(robot, "#port", "22");
        robot.clickOn("#password").write("pw");
        assertThat(reason(robot)).contains("Press Connect");
        assertThat(nextDisabled(robot)).isTrue();
    }

    @Test
    void backAndNextKeepWhatWasEntered(FxRobot robot) throws Exception {
        robot.clickOn("#next");
        connect(robot);
        robot.clickOn("#next");
        set(robot, "#domains", "example.com");
        assertThat(robot.lookup("#hostname").queryAs(TextField.class).getText()).isEqualTo("mail.example.com");
        assertThat(nextDisabled(robot)).isTrue();
        assertThat(reason(robot)).contains("your own email address");
        robot.clickOn("#back");
        assertThat(page()).isEqualTo("connect");
        assertThat(nextDisabled(robot)).isFalse();
        robot.clickOn("#next");
        assertThat(robot.lookup("#domains").queryAs(TextField.class).getText()).isEqualTo("example.com");
    }

    @Test
    void aChangedHostKeyIsARedStop(FxRobot robot) throws Exception {
        service.hostKeyChanged = true;
        robot.clickOn("#next");
        robot.clickOn("#host").write("203.0.113.10");
        robot.clickOn("#password").write("pw");
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#connect-message").queryAs(Label.class).getStyleClass().contains("stop"));
        assertThat(robot.lookup("#connect-message").queryAs(Label.class).getText()).contains("CHANGED");
        assertThat(nextDisabled(robot)).isTrue();
    }

    @Test
    void cancelDuringInstallStopsAndOffersRetry(FxRobot robot) throws Exception {
        service.holdPackages = new CountDownLatch(1);
        walkToReview(robot);
        robot.clickOn("#next");
        assertThat(service.packagesStarted.await(10, TimeUnit.SECONDS)).isTrue();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#back").queryButton().isDisabled()).as("no leaving a running install").isTrue();
        robot.clickOn("#cancel-install");
        InstallPageModel install = (InstallPageModel) wizard.current();
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.CANCELLED);
        assertThat(robot.lookup("#failure").queryAs(Node.class).isVisible()).isTrue();
        assertThat(nextDisabled(robot)).isTrue();
        service.holdPackages = null;
        robot.clickOn("#retry");
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.DONE);
        assertThat(nextDisabled(robot)).isFalse();
    }

    @Test
    void aFailingStepShowsItsFixAndRetryFinishes(FxRobot robot) throws Exception {
        service.failingStep = "dovecot";
        service.failuresLeft.set(1);
        walkToReview(robot);
        robot.clickOn("#next");
        InstallPageModel install = (InstallPageModel) wizard.current();
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.FAILED);
        assertThat(robot.lookup("#failure-fix").queryAs(Label.class).getText()).contains("press Retry");
        assertThat(robot.lookup("#retry").queryAs(Button.class).isVisible()).isTrue();
        assertThat(reason(robot)).contains("Retry");
        robot.clickOn("#retry");
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.DONE);
        assertThat(robot.lookup("#failure").queryAs(Node.class).isVisible()).isFalse();
    }

    // ---- issue 14, the window

    /** The sizes people use the window at: a small laptop, the common one. */
    private static final double[][] SIZES = {{1024, 768}, {1280, 800}};

    private void resize(FxRobot robot, double w, double h) {
        robot.interact(() -> {
            // at the screen's corner: Monocle's screen is 1280x800, and a button off it cannot be clicked
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(w);
            stage.setHeight(h);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> stage.getScene().getRoot().layout());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Labels whose text is shown cut, with "...", on the current page, the sidebar and the button bar. */
    private List<String> cutOff() {
        List<String> out = new ArrayList<>();
        collect(stage.getScene().getRoot(), out);
        return out;
    }

    private static void collect(javafx.scene.Parent parent, List<String> out) {
        for (Node n : parent.getChildrenUnmodifiable()) {
            if (!n.isVisible()) {
                continue;
            }
            if (n instanceof javafx.scene.control.Labeled l && l.getText() != null && !l.getText().isEmpty()) {
                l.lookupAll(".text").stream().filter(t -> t instanceof javafx.scene.text.Text && t.getParent() == l).findFirst()
                        .map(t -> ((javafx.scene.text.Text) t).getText())
                        .filter(shown -> !shown.equals(l.getText()))
                        .ifPresent(shown -> out.add(l.getClass().getSimpleName() + " '" + l.getText() + "' shown as '" + shown + "'"));
            }
            if (n instanceof javafx.scene.Parent p) {
                collect(p, out);
            }
        }
    }

    private void noneCutOffAtTheUsualSizes(FxRobot robot) {
        for (double[] size : SIZES) {
            resize(robot, size[0], size[1]);
            assertThat(cutOff()).as("page %s at %.0fx%.0f", page(), size[0], size[1]).isEmpty();
            javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) stage.getScene().getRoot().lookup(".page-scroll");
            assertThat(scroll.getContent().getLayoutBounds().getWidth()).as("page %s fits %.0fx%.0f without sideways scrolling",
                    page(), size[0], size[1]).isLessThanOrEqualTo(scroll.getViewportBounds().getWidth() + 0.5);
        }
    }

    @Test
    void noLabelIsCutOffOnAnyPageAtTheUsualSizes(FxRobot robot) throws Exception {
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        noneCutOffAtTheUsualSizes(robot);
        connect(robot);
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        set(robot, "#domains", "example.com");
        set(robot, "#admin", "alice@example.net");
        noneCutOffAtTheUsualSizes(robot);
        for (String id : List.of("dns", "tls", "mail", "users")) {
            robot.clickOn("#next");
            assertThat(page()).isEqualTo(id);
            noneCutOffAtTheUsualSizes(robot);
            if (id.equals("tls")) {
                // a long reason beside Back and Next must wrap, not squeeze the buttons to "..."
                robot.clickOn("#tls-other-acme");
                set(robot, "#tls-acme-server", "http://acme.internal.example/directory");
                assertThat(reason(robot)).contains("https://");
                noneCutOffAtTheUsualSizes(robot);
                robot.clickOn("#tls-certbot");
            }
        }
        set(robot, "#new-address", "alice@example.com");
        robot.clickOn("#generate");
        robot.clickOn("#add-mailbox");
        waitUntil(() -> !wizard.current().isInvalid());
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        waitUntil(() -> !wizard.current().busyProperty().get());
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        waitUntil(() -> ((InstallPageModel) wizard.current()).stateProperty().get() == InstallPageModel.State.DONE);
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        noneCutOffAtTheUsualSizes(robot);
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("done");
        noneCutOffAtTheUsualSizes(robot);
    }

    @Test
    void dnsNamesStayWholeAfterInstallAtTheUsualSizes(FxRobot robot) throws Exception {
        walkToReview(robot);
        robot.clickOn("#next");
        waitUntil(() -> ((InstallPageModel) wizard.current()).stateProperty().get() == InstallPageModel.State.DONE);
        while (!page().equals("dns")) {
            robot.clickOn("#back");
        }
        waitUntil(() -> robot.lookup(".record-name").queryAll().size() > 3);
        assertThat(robot.lookup("#dns-records").queryAs(javafx.scene.layout.GridPane.class).getChildren())
                .as("the DKIM key is there now: a long value").anyMatch(n -> n instanceof Label l && l.getText().startsWith("v=DKIM1"));
        for (double[] size : SIZES) {
            resize(robot, size[0], size[1]);
            javafx.scene.control.ScrollPane scroll = robot.lookup(".page-scroll").queryAs(javafx.scene.control.ScrollPane.class);
            assertThat(scroll.getContent().getLayoutBounds().getWidth()).as("no sideways scrolling at %.0fx%.0f", size[0], size[1])
                    .isLessThanOrEqualTo(scroll.getViewportBounds().getWidth() + 0.5);
            for (Node n : robot.lookup(".record-name").queryAll()) {
                Label name = (Label) n;
                javafx.scene.text.Text shown = (javafx.scene.text.Text) name.lookup(".text");
                assertThat(shown.getText()).as("at %.0fx%.0f", size[0], size[1]).isEqualTo(name.getText());
                // a name may wrap between its labels, never inside one: there is room for its longest label
                double longest = java.util.Arrays.stream(name.getText().split("\u200B")).mapToDouble(piece -> {
                    javafx.scene.text.Text t = new javafx.scene.text.Text(piece);
                    t.setFont(name.getFont());
                    return t.getLayoutBounds().getWidth();
                }).max().orElse(0);
                assertThat(name.getWidth()).as("'%s' at %.0fx%.0f", name.getText(), size[0], size[1]).isGreaterThanOrEqualTo(longest);
            }
        }
    }

    @Test
    void backAfterAnInstallShowsWhatIsLeftAndInstallRunsAgain(FxRobot robot) throws Exception {
        service.failingStep = "mailboxes";
        service.failuresLeft.set(1);
        walkToReview(robot);
        robot.clickOn("#next");
        InstallPageModel install = (InstallPageModel) wizard.current();
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.FAILED);
        robot.clickOn("#back");
        waitUntil(() -> page().equals("review") && !wizard.current().busyProperty().get());
        assertThat(robot.lookup(".page-subtitle").queryAs(Label.class).getText()).contains("The install has run");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("install");
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.DONE);
        assertThat(robot.lookup("#failure").queryAs(Node.class).isVisible()).isFalse();
        assertThat(nextDisabled(robot)).isFalse();
    }

    @Test
    void aCertbotFailureLetsThePersonGoOnToVerifyAndDone(FxRobot robot) throws Exception {
        service.certbotFails = true;
        walkToReview(robot);
        robot.clickOn("#next");
        InstallPageModel install = (InstallPageModel) wizard.current();
        waitUntil(() -> install.stateProperty().get() == InstallPageModel.State.DONE);
        assertThat(robot.lookup("#install-problems").queryAs(Node.class).isVisible()).isTrue();
        assertThat(robot.lookup("#failure").queryAs(Node.class).isVisible()).isFalse();
        assertThat(nextDisabled(robot)).isFalse();
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("verify");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("done");
        assertThat(robot.lookup("#done-headline").queryAs(Label.class).getText()).contains("Left to do: the certificate");
    }

    @Test
    void theLogCanBeSelectedAndCopied(FxRobot robot) throws Exception {
        walkToReview(robot);
        robot.clickOn("#next");
        waitUntil(() -> ((InstallPageModel) wizard.current()).stateProperty().get() == InstallPageModel.State.DONE);
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<String> log = robot.lookup("#install-log").queryAs(javafx.scene.control.ListView.class);
        assertThat(log.getSelectionModel().getSelectionMode()).isEqualTo(javafx.scene.control.SelectionMode.MULTIPLE);
        assertThat(log.getContextMenu().getItems()).extracting(javafx.scene.control.MenuItem::getText).containsExactly("Copy", "Copy all");
        robot.interact(() -> {
            log.getSelectionModel().clearAndSelect(0);
            log.getContextMenu().getItems().get(0).fire();
        });
        String copied = clipboard(robot);
        assertThat(copied).isEqualTo(log.getItems().get(0) + "\n");
    }

    private static String clipboard(FxRobot robot) {
        String[] out = new String[1];
        robot.interact(() -> out[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
        return out[0];
    }
}
