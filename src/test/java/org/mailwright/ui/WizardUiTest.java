package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
@ExtendWith(ApplicationExtension.class)
class WizardUiTest {
    FakeSetupService service;
    FxUiExecutor ui;
    WizardView view;
    WizardModel wizard;

    @Start
    void start(Stage stage) throws Exception {
        service = new FakeSetupService();
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
        assertThat(robot.lookup("#step-welcome").queryAs(Label.class).getText()).startsWith("\u2713");
        assertThat(robot.lookup("#step-done").queryAs(Label.class).getStyleClass()).contains("step-current");
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
}
