package org.mailwright.ui.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.FxThreadWatch;
import org.mailwright.ui.FxUiExecutor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The users window under Monocle, driven with the robot, over the real engine on a fake server. */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class UsersWindowUiTest {
    // made here, on the test thread, not in @Start: building a fake (a bcrypt hash, files) is fixture work, and @Start
    // runs on the FX thread, which FxThreadWatch holds to 50 ms of blocking work
    final FakeMailServer server = new FakeMailServer();
    FxUiExecutor ui;
    UsersWindowModel model;

    @Start
    void start(Stage stage) {
        ui = new FxUiExecutor();
        model = UsersWindowModel.over(server.backend(), ui);
        UsersWindow.showIn(stage, model);
    }

    @AfterEach
    void stop() {
        ui.shutdown();
    }

    private void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void ready() throws TimeoutException {
        waitUntil(() -> model.stateProperty().get() == UsersWindowModel.State.READY && !model.busyProperty().get());
    }

    private void set(FxRobot robot, String id, String text) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    @SuppressWarnings("unchecked")
    private ListView<String> pending(FxRobot robot) {
        return robot.lookup("#pending").queryAs(ListView.class);
    }

    private String diffText(FxRobot robot) {
        StringBuilder sb = new StringBuilder();
        for (Node n : robot.lookup("#diff").queryAs(VBox.class).getChildren()) {
            sb.append(((Label) n).getText()).append('\n');
        }
        return sb.toString();
    }

    private void addDave(FxRobot robot) throws TimeoutException {
        ready();
        robot.clickOn("#add-mailbox");
        set(robot, "#form-address", "dave@example.com");
        robot.clickOn("#generate");
        assertThat(robot.lookup("#strength-label").queryAs(Label.class).getText()).isIn("strong", "very strong", "good");
        robot.clickOn("#form-submit");
        waitUntil(() -> !model.pending().isEmpty());
    }

    @Test
    void addingAMailboxListsItAsPendingWithItsDiff(FxRobot robot) throws Exception {
        addDave(robot);
        assertThat(pending(robot).getItems()).containsExactly("Add mailbox dave@example.com");
        assertThat(diffText(robot)).contains("+dave@example.com: vmail", "1 line added (dave@example.com)").doesNotContain("$2");
        assertThat(robot.lookup(".diff-added").tryQuery()).isPresent();
        assertThat(server.host.uploads()).as("staged, not written").isEmpty();
        assertThat(robot.lookup("#form").queryAs(Node.class).isVisible()).isFalse();
        assertThat(robot.lookup("#domain").queryAs(javafx.scene.control.ComboBox.class).getValue()).isEqualTo("example.com");
        assertThat(robot.lookup("#mailboxes").queryAs(TableView.class).getItems()).as("the staged one shows too").hasSize(3);
    }

    @Test
    void applyWritesTheStagedMailboxAndReloads(FxRobot robot) throws Exception {
        addDave(robot);
        robot.clickOn("#apply");
        waitUntil(() -> server.applies == 1 && !model.busyProperty().get());
        assertThat(server.host.content("/etc/mail/credentials").orElseThrow()).contains("dave@example.com:");
        assertThat(pending(robot).getItems()).isEmpty();
        assertThat(robot.lookup("#notice").queryAs(Label.class).getText()).startsWith("Applied 1 change");
        assertThat(robot.lookup("#mailboxes").queryAs(TableView.class).getItems()).hasSize(3);
    }

    @Test
    void removingAMailboxAsksFirstAndKeepsTheMailUnlessTicked(FxRobot robot) throws Exception {
        ready();
        robot.clickOn("bob@example.com");
        robot.clickOn("#remove-mailbox");
        waitUntil(() -> robot.lookup("#delete-mail").tryQuery().isPresent());
        assertThat(robot.lookup("#delete-mail").queryAs(javafx.scene.control.CheckBox.class).isSelected()).isFalse();
        robot.clickOn("Stage removal");
        waitUntil(() -> !model.pending().isEmpty());
        assertThat(pending(robot).getItems()).containsExactly("Remove mailbox bob@example.com (mail moved aside)");
        assertThat(diffText(robot)).contains("move the maildir /var/vmail/example.com/bob aside");
        assertThat(server.applies).isZero();
    }

    @Test
    void aTableChangedOnTheServerShowsReload(FxRobot robot) throws Exception {
        addDave(robot);
        server.changeBeforeApply = "/etc/mail/credentials";
        robot.clickOn("#apply");
        waitUntil(() -> model.stateProperty().get() == UsersWindowModel.State.STALE);
        assertThat(robot.lookup("#message").queryAs(Label.class).getText()).contains("changed on the server since it was read");
        assertThat(robot.lookup("#banner-reload").queryButton().isVisible()).isTrue();
        assertThat(robot.lookup("#apply").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#add-mailbox").queryButton().isDisabled()).isTrue();
        robot.clickOn("#banner-reload");
        ready();
        assertThat(robot.lookup("#banner-reload").queryButton().isVisible()).isFalse();
        assertThat(robot.lookup("#add-mailbox").queryButton().isDisabled()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theVacationEditorTurnsAMailboxsReplyOn(FxRobot robot) throws TimeoutException {
        server.host.on("d=$(mktemp -d", 0, "/tmp/mailwright-sieve.x\n").on("install", 0, "").on("runuser -u vmail -- sievec", 0, "").on("runuser -u vmail -- mkdir", 0, "");
        ready();
        TableView<UsersWindowModel.MailboxRow> mailboxes = robot.lookup("#mailboxes").queryAs(TableView.class);
        robot.interact(() -> mailboxes.getSelectionModel().select(0));
        robot.clickOn("#vacation");
        assertThat(robot.lookup("#form-submit").queryButton().isDisabled()).as("empty subject and text").isTrue();
        set(robot, "#form-subject", "Abwesend – zurück");
        robot.interact(() -> robot.lookup("#form-text").queryAs(javafx.scene.control.TextArea.class).setText("Grüße"));
        robot.clickOn("#form-submit");
        waitUntil(() -> model.noticeProperty().get().contains("is on"));
        assertThat(server.host.content("/tmp/mailwright-sieve.x/vacation.sieve")).get().asString().contains("Abwesend – zurück");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTableShowsUsageAgainstTheQuotaWithABadgeWhenNearlyFullAndWhoHasAVacationReply(FxRobot robot) throws TimeoutException {
        ready();
        TableView<UsersWindowModel.MailboxRow> mailboxes = robot.lookup("#mailboxes").queryAs(TableView.class);
        assertThat(mailboxes.getColumns()).extracting(c -> c.getText())
                .containsExactly("Mailbox", "Used of quota", "Vacation reply", "Aliases delivering here");
        assertThat(robot.lookup("47.1 MiB of 50.0 MiB (94 %)").tryQuery()).isPresent();
        Label badge = robot.lookup(".quota-badge").queryAs(Label.class);
        assertThat(badge.getText()).isEqualTo("nearly full");
        assertThat(badge.isVisible()).isTrue();
        assertThat(badge.getParent().getStyleClass()).contains("quota-warning");
        assertThat(robot.lookup(".quota-badge").queryAll()).as("only alice is near her quota").hasSize(1);
        assertThat(robot.lookup("on 2026-12-20 to 2027-01-06").tryQuery()).isPresent();
        assertThat(robot.lookup("#domain-quota-text").queryAs(Label.class).getText()).isEqualTo("New mailboxes of example.com: no quota");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMailboxsQuotaIsCheckedThenStagedIntoTheReview(FxRobot robot) throws TimeoutException {
        ready();
        TableView<UsersWindowModel.MailboxRow> mailboxes = robot.lookup("#mailboxes").queryAs(TableView.class);
        robot.interact(() -> mailboxes.getSelectionModel().select(0));
        robot.clickOn("#quota");
        assertThat(robot.lookup("#form-quota").queryAs(TextField.class).getText()).isEqualTo("50M");
        assertThat(robot.lookup("#form-note").queryAs(Label.class).getText()).isEqualTo("It uses 47.1 MiB of 50.0 MiB (94 %) now.");
        set(robot, "#form-quota", "1.5G");
        assertThat(robot.lookup("#form-problem").queryAs(Label.class).getText()).startsWith("Quota: '1.5G' is not a size;").endsWith("or none.");
        assertThat(robot.lookup("#form-submit").queryButton().isDisabled()).isTrue();
        set(robot, "#form-quota", "1536M");
        robot.clickOn("#form-submit");
        waitUntil(() -> !model.pending().isEmpty());
        assertThat(pending(robot).getItems()).containsExactly("Quota of alice@example.com: 1536M");
        assertThat(diffText(robot)).contains("quota of alice@example.com: 50M -> 1536M");
        assertThat(robot.lookup(".quota-badge").tryQuery()).as("3 % of the new quota").isEmpty();
        assertThat(server.host.uploads()).isEmpty();
    }

    @Test
    void theDomainsDefaultQuotaIsStagedFromTheMailboxesHeading(FxRobot robot) throws TimeoutException {
        ready();
        robot.clickOn("#domain-quota");
        assertThat(robot.lookup("#form-title").queryAs(Label.class).getText()).isEqualTo("Default quota of new mailboxes of example.com");
        assertThat(robot.lookup("#form-quota").queryAs(TextField.class).getText()).isEqualTo("none");
        set(robot, "#form-quota", "3G");
        robot.clickOn("#form-submit");
        waitUntil(() -> !model.pending().isEmpty());
        assertThat(pending(robot).getItems()).containsExactly("Default quota of new mailboxes of example.com: 3G");
        assertThat(robot.lookup("#domain-quota-text").queryAs(Label.class).getText()).isEqualTo("New mailboxes of example.com: quota 3G");
        robot.clickOn("#add-mailbox");
        assertThat(robot.lookup("#form-quota").queryAs(TextField.class).getPromptText()).isEqualTo("blank: the domain's default, 3G");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theVacationFormOpensWithTheReplyOnTheServer(FxRobot robot) throws TimeoutException {
        ready();
        TableView<UsersWindowModel.MailboxRow> mailboxes = robot.lookup("#mailboxes").queryAs(TableView.class);
        robot.interact(() -> mailboxes.getSelectionModel().select(1));
        robot.clickOn("#vacation");
        assertThat(robot.lookup("#form-subject").queryAs(TextField.class).getText()).isEqualTo(FakeMailServer.BOB_AWAY.subject());
        assertThat(robot.lookup("#form-text").queryAs(javafx.scene.control.TextArea.class).getText()).isEqualTo(FakeMailServer.BOB_AWAY.text());
        assertThat(robot.lookup("#form-from").queryAs(TextField.class).getText()).isEqualTo("2026-12-20");
        assertThat(robot.lookup("#form-until").queryAs(TextField.class).getText()).isEqualTo("2027-01-06");
        assertThat(robot.lookup("#form-note").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#form-submit").queryButton().isDisabled()).isFalse();
    }
}
