package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.ui.SidebarSteps.step;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.Choosers;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WizardModel;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.ui.wizard.connect.ConnectPageModel;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.mailwright.ui.wizard.install.InstallPageModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Restoring from a backup and saving the recovery sheet in the real window, under Monocle, against the fake server. */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class BackupUiTest {
    static final String SPEC = """
            server:   { host: 198.51.100.7, port: 22, user: root }
            hostname: mail.example.com
            domains:  [example.com]
            users:    [ { address: alice@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
            tls:      { mode: self-signed }
            """;

    /** The dialogs, answered in advance, in the order they are opened. */
    static final class Answers implements Choosers {
        final Deque<Path> next = new ArrayDeque<>();
        final Deque<String> offered = new ArrayDeque<>();

        @Override
        public Optional<Path> saveFile(Window owner, String title, String initialName) {
            offered.add(initialName);
            return Optional.ofNullable(next.poll());
        }

        @Override
        public Optional<Path> openFile(Window owner, String title, String description, String... patterns) {
            return Optional.ofNullable(next.poll());
        }

        @Override
        public Optional<Path> folder(Window owner, String title) {
            return Optional.ofNullable(next.poll());
        }
    }

    // made here, on the test thread, not in @Start: building a fake (a bcrypt hash, files) is fixture work, and @Start
    // runs on the FX thread, which FxThreadWatch holds to 50 ms of blocking work
    final FakeSetupService service = new FakeSetupService();
    FxUiExecutor ui;
    WizardModel wizard;
    Stage stage;
    Answers answers = new Answers();
    Path tmp;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ui = new FxUiExecutor();
        tmp = Files.createTempDirectory("mailwright-backup-ui");
        WizardView view = MailwrightApp.show(stage, service, ui, new ProfileStore(tmp.resolve("profiles")), ExportPackage.NOT_WIRED,
                answers);
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

    private boolean shown(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Node.class).isVisible();
    }

    @Test
    void restoresABackupOntoANewServerAndShowsTheDnsRecordsToChange(FxRobot robot) throws Exception {
        Path notABackup = Files.createDirectories(tmp.resolve("photos"));
        Path backup = Files.createDirectories(tmp.resolve("backup/keys"));
        Files.writeString(tmp.resolve("backup/config"), "restic");
        Path spec = Files.writeString(tmp.resolve("mail.example.com.yaml"), SPEC);

        robot.clickOn("#restore-from-backup");
        assertThat(page()).isEqualTo("restore");
        assertThat(step(robot, "domain").isVisible()).as("the spec brings the domain: its page is not on the way").isFalse();
        assertThat(step(robot, "install").getText()).isEqualTo("4   Restore");
        assertThat(robot.lookup("#next").queryButton().isDisabled()).isTrue();
        answers.next.add(notABackup);
        robot.clickOn("#choose-backup-folder");
        assertThat(robot.lookup("#backup-folder-problem").queryAs(Label.class).getText()).contains("not a backup");
        answers.next.add(backup.getParent());
        robot.clickOn("#choose-backup-folder");
        assertThat(shown(robot, "#backup-folder-problem")).isFalse();
        assertThat(robot.lookup("#backup-folder").queryAs(Label.class).getText()).isEqualTo(backup.getParent().toString());
        answers.next.add(spec);
        robot.clickOn("#choose-restore-spec");
        assertThat(robot.lookup("#restore-spec-summary").queryAs(Label.class).getText()).contains("example.com");
        robot.clickOn("#backup-password").write("otter-quartz-lamp-9317-tidy");
        robot.clickOn("#next");

        assertThat(page()).isEqualTo("connect");
        TextField host = robot.lookup("#host").queryAs(TextField.class);
        assertThat(host.getText()).as("the old server, from the spec").isEqualTo("198.51.100.7");
        robot.interact(() -> host.setText("203.0.113.10"));
        robot.clickOn("#password").write("server password");
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
        robot.clickOn("Trust and connect");
        waitUntil(() -> !wizard.current().isInvalid());
        robot.clickOn("#next");

        assertThat(page()).isEqualTo("install");
        waitUntil(() -> ((InstallPageModel) wizard.current()).stateProperty().get() == InstallPageModel.State.DONE);
        assertThat(service.lastRestoreSpec.server().host()).isEqualTo("203.0.113.10");
        assertThat(service.lastRestorePassword).isEqualTo("otter-quartz-lamp-9317-tidy");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("verify");
        robot.clickOn("#next");
        assertThat(page()).isEqualTo("done");
        assertThat(shown(robot, "#restore-dns")).isTrue();
        assertThat(robot.lookup("#dns-to-change").queryAs(VBox.class).getChildren()).hasSize(3);
        assertThat(shown(robot, "#backups")).as("no new sheet to save after a restore").isFalse();
        robot.clickOn("#next"); // Finish
        waitUntil(() -> !stage.isShowing());
    }

    /** Through the set-up pages by their models: what the robot types there is WizardUiTest's. */
    private void installAndGoToDone(FxRobot robot) throws TimeoutException {
        service.askHostKey = false;
        SetupDraft d = wizard.draft();
        robot.interact(wizard::next);
        robot.interact(() -> {
            d.host.set("203.0.113.10");
            ((ConnectPageModel) wizard.current()).passwordProperty().set("server password");
            ((ConnectPageModel) wizard.current()).connect();
        });
        waitUntil(() -> !wizard.current().isInvalid());
        robot.interact(() -> {
            wizard.next();
            d.domains.set("example.com");
            d.adminAddress.set("alice@example.net");
            for (int i = 0; i < 4; i++) {
                wizard.next();
            }
            d.mailboxes.add(new SetupDraft.Mailbox("alice@example.com", "$2a$12$" + "a".repeat(53)));
            wizard.next();
            wizard.next();
        });
        waitUntil(() -> page().equals("review") && !wizard.current().busyProperty().get());
        robot.interact(wizard::next);
        waitUntil(() -> ((InstallPageModel) wizard.current()).stateProperty().get() == InstallPageModel.State.DONE);
        robot.interact(() -> {
            wizard.next();
            wizard.next();
        });
        assertThat(page()).isEqualTo("done");
    }

    @Test
    void savesTheRecoverySheetForItsOwnerOnlyAndThenFinishesWithoutAsking(FxRobot robot) throws Exception {
        installAndGoToDone(robot);
        waitUntil(() -> !robot.lookup("#save-recovery-sheet").queryButton().isDisabled());
        assertThat(shown(robot, "#sheet-unsaved")).isTrue();
        assertThat(shown(robot, "#sheet-saved")).isFalse();
        Path file = tmp.resolve("sheets/mailwright-recovery-mail.example.com.html");
        answers.next.add(file);

        robot.clickOn("#save-recovery-sheet");

        assertThat(answers.offered).containsExactly("mailwright-recovery-mail.example.com.html");
        assertThat(Files.readString(file)).contains("<code id=\"backup-password\">" + FakeSetupService.BACKUP_PASSWORD + "</code>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(shown(robot, "#sheet-unsaved")).isFalse();
        assertThat(robot.lookup("#sheet-saved-to").queryAs(Label.class).getText()).contains(file.toString());
        robot.clickOn("#next"); // Finish
        waitUntil(() -> !stage.isShowing());
    }

    @Test
    void finishingWithTheSheetUnsavedAsksOnce(FxRobot robot) throws Exception {
        installAndGoToDone(robot);
        waitUntil(() -> !robot.lookup("#save-recovery-sheet").queryButton().isDisabled());

        robot.clickOn("#next"); // Finish

        waitUntil(() -> robot.lookup("Close without it").tryQuery().isPresent());
        assertThat(stage.isShowing()).isTrue();
        Path file = tmp.resolve("sheet.html");
        answers.next.add(file);
        robot.clickOn("Save...");
        waitUntil(() -> !stage.isShowing());
        assertThat(Files.readString(file)).contains("id=\"backup-password\"");
    }

    @Test
    void closingWithoutTheSheetIsThePersonsChoice(FxRobot robot) throws Exception {
        installAndGoToDone(robot);
        waitUntil(() -> !robot.lookup("#save-recovery-sheet").queryButton().isDisabled());

        robot.clickOn("#next"); // Finish
        waitUntil(() -> robot.lookup("Close without it").tryQuery().isPresent());
        robot.clickOn("Close without it");

        waitUntil(() -> !stage.isShowing());
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("sheet.html");
        }
    }
}
