package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.ui.FxUiExecutor;
import org.mailwright.ui.MailwrightApp;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.session.SshSession;
import org.mailwright.ui.wizard.WizardModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window (under Monocle) driven like a person would, through a whole install on a fresh droplet: password
 * login with the host key confirmed in the dialog, the pages filled in, the plan reviewed, the install run, and the
 * verification read. Self-signed TLS: the wizard offers no other ACME server than Let's Encrypt.
 */
@LabTest
@ExtendWith(ApplicationExtension.class)
class WizardLabTest {
    private static LabDroplet droplet;
    private FxUiExecutor ui;
    private WizardModel wizard;
    private SshSession service;

    @BeforeAll
    static void boot() {
        String suite = LabDroplet.suites().filter("trixie"::equals).findFirst().orElse(LabDroplet.suites().findFirst().orElseThrow());
        droplet = LabDroplet.up(suite, "mwg-" + suite);
    }

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("mailwright-gui-lab");
        ui = new FxUiExecutor();
        service = new SshSession(new SshSession.Options(dir.resolve("known_hosts"), new ResolverChoice.Server(droplet.dnsServer()), false));
        wizard = MailwrightApp.show(stage, service, ui, new ProfileStore(dir.resolve("profiles")), (out, spec) -> { }).model();
    }

    @AfterAll
    static void tearDown() {
        if (droplet != null) {
            droplet.close();
        }
    }

    private void waitUntil(int seconds, BooleanSupplier condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void set(FxRobot robot, String id, String text) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    private String page() {
        return wizard.current().id();
    }

    @Test
    void installsAWorkingMailServerThroughTheWindow(FxRobot robot) throws Exception {
        try {
            robot.clickOn("#next");
            set(robot, "#host", droplet.host());
            robot.clickOn("#password").write(droplet.rootPassword());
            robot.clickOn("#connect");
            waitUntil(30, () -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
            assertThat(robot.lookup("#host-key-fingerprint").queryAs(Label.class).getText()).isEqualTo(droplet.hostKeySha256());
            robot.clickOn("Trust and connect");
            waitUntil(60, () -> !wizard.current().isInvalid());

            robot.clickOn("#next");
            set(robot, "#domains", "example.com");
            set(robot, "#admin", "john@example.com");
            robot.clickOn("#next");
            assertThat(page()).isEqualTo("dns");
            robot.clickOn("#next");
            robot.clickOn("#tls-self_signed");
            robot.clickOn("#next");
            robot.clickOn("#next");
            assertThat(page()).isEqualTo("users");
            set(robot, "#new-address", "john@example.com");
            robot.clickOn("#generate");
            robot.clickOn("#add-mailbox");
            waitUntil(10, () -> !wizard.current().isInvalid());
            robot.clickOn("#next");
            robot.clickOn("#next");
            assertThat(page()).isEqualTo("review");
            waitUntil(120, () -> !wizard.current().busyProperty().get());
            assertThat(robot.lookup(".diff-added").tryQuery()).as("the plan shows file diffs").isPresent();

            robot.clickOn("#next");
            assertThat(page()).isEqualTo("install");
            ProgressBar overall = robot.lookup("#overall-progress").queryAs(ProgressBar.class);
            waitUntil(600, () -> overall.getProgress() >= 1.0 || robot.lookup("#failure").queryAs(VBox.class).isVisible());
            assertThat(robot.lookup("#failure").queryAs(VBox.class).isVisible())
                    .as(() -> robot.lookup("#failure-fix").queryAs(Label.class).getText()).isFalse();

            robot.clickOn("#next");
            assertThat(page()).isEqualTo("verify");
            assertThat(robot.lookup(".badge-error").tryQuery()).as("no check failed").isEmpty();
            assertThat(robot.lookup(".badge-ok").queryAll()).hasSizeGreaterThan(20);

            robot.clickOn("#next");
            assertThat(page()).isEqualTo("done");
            assertThat(robot.lookup("#client-settings").queryAs(VBox.class).getChildren()).hasSize(1);

            // and the server really is a mail server now, seen from inside
            assertThat(droplet.exec("systemctl", "is-active", "opensmtpd", "dovecot", "rspamd").output()).doesNotContain("inactive", "failed");
            assertThat(droplet.exec("grep", "-c", "john@example.com", "/etc/mail/credentials").output().strip()).isEqualTo("1");
        } finally {
            service.close();
            ui.shutdown();
        }
    }
}
