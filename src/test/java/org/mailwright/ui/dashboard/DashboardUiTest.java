package org.mailwright.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.FxThreadWatch;
import org.mailwright.ui.FxUiExecutor;
import org.mailwright.ui.dashboard.DashboardModel.State;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.users.UsersWindowModel;
import org.mailwright.ui.wizard.Choosers;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.matcher.control.LabeledMatchers;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The dashboard under Monocle, walked tab by tab with the robot against {@link FakeDashboardSession}, saving a
 * screenshot of each tab (the scene's own pixels, as the screenshot tour does) to target/screenshots, or to the
 * folder {@code -Dmailwright.screenshots} names: {@code -Dmailwright.screenshots=docs/screenshots} refreshes the
 * documentation's. Not there by default, so running the tests leaves the working tree as it was.
 */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class DashboardUiTest {
    static final Path SHOTS = Path.of(System.getProperty("mailwright.screenshots", "target/screenshots"));

    /** The file dialogs, answered in advance. */
    static final class Answers implements Choosers {
        final Deque<Path> next = new ArrayDeque<>();

        @Override
        public Optional<Path> saveFile(Window owner, String title, String initialName) {
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

    FakeDashboardSession session;
    FxUiExecutor ui;
    DashboardModel model;
    DashboardWindow view;
    Stage stage;
    Answers answers = new Answers();
    Path tmp;
    Path spec;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        tmp = Files.createTempDirectory("mailwright-dashboard");
        spec = tmp.resolve("mail.yaml");
        Files.writeString(spec, DashboardModelTest.SPEC);
        ProfileStore profiles = new ProfileStore(tmp.resolve("profiles"));
        profiles.save(new ServerProfile("198.51.100.7", 22, "root", "", "example.org", "mail.example.org", Instant.parse("2026-01-01T00:00:00Z")));
        // the last used server, without its spec file yet: the window asks for it once
        profiles.save(new ServerProfile("203.0.113.10", 22, "root", "", "example.com", "mail.example.com", Instant.parse("2026-12-01T00:00:00Z")));
        session = new FakeDashboardSession();
        session.checkDelayMillis = 15;
        ui = new FxUiExecutor();
        model = new DashboardModel(session, profiles, ui, Clock.fixed(FakeDashboardSession.NOW, ZoneOffset.UTC));
        view = DashboardWindow.showIn(stage, model, answers);
    }

    @AfterEach
    void stop() throws Exception {
        ui.shutdown();
        // the tests share the primary stage: a test that resized it gives it back at the window's own size
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setWidth(DashboardWindow.WIDTH);
            stage.setHeight(DashboardWindow.HEIGHT);
        }).get(10, TimeUnit.SECONDS);
    }

    private void waitUntil(BooleanSupplier condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            // say what was on screen: a dialog that did not open or did not close is the usual cause
            System.err.println("screen: " + javafx.stage.Screen.getPrimary().getBounds());
            Window.getWindows().forEach(w -> System.err.println("window: " + w.getX() + "," + w.getY() + " " + w.getWidth() + "x"
                    + w.getHeight() + " showing=" + w.isShowing() + " root="
                    + (w.getScene() == null ? null : w.getScene().getRoot()) + (w.getScene() != null
                    && w.getScene().getRoot() instanceof javafx.scene.control.DialogPane d ? " header=" + d.getHeaderText() : "")));
            System.err.println("banner: " + model.messageProperty().get() + " / notice: " + model.noticeProperty().get());
            throw e;
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void shot(FxRobot robot, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200); // let layout and CSS settle
        Files.createDirectories(SHOTS);
        Scene scene = stage.getScene();
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(toBuffered(img), "png", SHOTS.resolve(name + ".png").toFile());
    }

    /** The snapshot's pixels as an AWT image, without javafx-swing. */
    static BufferedImage toBuffered(WritableImage img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private void connect(FxRobot robot) throws TimeoutException {
        assertThat(robot.lookup("#login-host").queryAs(TextField.class).getText()).as("opens on the last used").isEqualTo("203.0.113.10");
        robot.interact(() -> model.passwordProperty().set("correct horse battery"));
        answers.next.add(spec);
        robot.clickOn("#connect");
        waitUntil(() -> model.stateProperty().get() == State.CONNECTED && !model.refreshingProperty().get()
                && model.queue().size() == 2);
    }

    @Test
    void walkEveryTabRemoveAQueuedMessageAndSaveAScreenshotOfEach(FxRobot robot) throws Exception {
        connect(robot);

        // Status
        assertThat(robot.lookup(".status-group").queryAllAs(TitledPane.class)).extracting(t -> t.getText().split(" ")[0])
                .containsExactly("System", "Network", "example.com");
        assertThat(robot.lookup(".badge-warn").queryAll()).hasSize(1);
        assertThat(robot.lookup(".badge-error").queryAll()).hasSize(1);
        assertThat(robot.lookup(".badge-skipped").queryAll()).hasSize(2);
        assertThat(robot.lookup(".badge-skipped").queryAs(Label.class).getText()).isEqualTo("Skipped");
        assertThat(robot.lookup("#status-summary").queryAs(Label.class).getText()).startsWith("1 problem and 1 warning");
        assertThat(model.specPathProperty().get()).isEqualTo(spec.toString());
        shot(robot, "30-dashboard-status");

        // Queue: retry asked and cancelled, remove asked and confirmed
        robot.clickOn("#tab-queue");
        assertThat(robot.lookup("#queue").queryAs(TableView.class).getItems()).hasSize(2);
        robot.clickOn("bob@partner.example.net");
        shot(robot, "31-dashboard-queue");
        robot.clickOn("#queue-retry");
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        // the Users tab's hidden form has a Cancel too: the dialog's own
        robot.clickOn(robot.lookup(".dialog-pane .button").match(LabeledMatchers.hasText("Cancel")).queryButton());
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(session.retried).isEmpty();
        robot.clickOn("old.customer@gone.example");
        robot.clickOn("#queue-remove");
        waitUntil(() -> robot.lookup("Remove message").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane .body").queryAs(Label.class).getText())
                .contains("old.customer@gone.example will not get this message");
        robot.clickOn("Remove message");
        waitUntil(() -> session.removed.size() == 1 && model.queue().size() == 1);
        assertThat(session.removed).containsExactly("9f8e7d6c5b4a3210");
        assertThat(robot.lookup("#notice").queryAs(Label.class).getText()).contains("Removed the message to old.customer@gone.example");

        // Trail
        robot.clickOn("#tab-trail");
        robot.clickOn("#trail-address").write("alice@");
        assertThat(robot.lookup("#trail-problem").queryAs(Label.class).getText()).contains("not an address like name@example.com");
        assertThat(robot.lookup("#trail-find").queryButton().isDisabled()).isTrue();
        robot.write("example.com");
        assertThat(robot.lookup("#trail-problem").queryAs(Label.class).isVisible()).isFalse();
        robot.clickOn("#trail-find");
        waitUntil(() -> model.trails().size() == 2);
        assertThat(robot.lookup(".hop-failed").queryAll()).isNotEmpty();
        shot(robot, "32-dashboard-trail");

        // Users: the users window over the same session
        robot.clickOn("#tab-users");
        waitUntil(() -> view.usersModel().stateProperty().get() == UsersWindowModel.State.READY && !view.usersModel().busyProperty().get());
        assertThat(robot.lookup("#mailboxes").queryAs(TableView.class).getItems()).isNotEmpty();
        shot(robot, "33-dashboard-users");

        // Backups
        robot.clickOn("#tab-backups");
        assertThat(robot.lookup("#backup-check .finding-check").queryAs(Label.class).getText()).isEqualTo("Backups");
        robot.clickOn("#backup-now");
        waitUntil(() -> session.backups == 1 && !model.backupBusyProperty().get() && !model.refreshingProperty().get());
        assertThat(robot.lookup("#backup-message").queryAs(Label.class).getText()).startsWith("Backed up.");
        shot(robot, "34-dashboard-backups");

        // DNS: the wizard's page, checked live
        robot.clickOn("#tab-dns");
        waitUntil(() -> robot.lookup("#dns-records .badge-ok").tryQuery().isPresent());
        shot(robot, "35-dashboard-dns");
        assertThat(model.messageProperty().get()).as("no banner on the way").isEmpty();
    }

    @Test
    void theBansAreListedAndOneIsLiftedAfterAsking(FxRobot robot) throws Exception {
        // the size people use (and Monocle's screen): the three columns and the buttons must fit it
        robot.interact(() -> {
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(1280);
            stage.setHeight(800);
        });
        connect(robot);
        waitUntil(() -> model.bans().size() == 3 && !model.bansBusyProperty().get());

        robot.clickOn("#tab-bans");
        assertThat(robot.lookup("#bans-summary").queryAs(Label.class).getText()).startsWith("3 addresses banned now");
        assertThat(robot.lookup("#bans-unban").queryButton().isDisabled()).as("nothing selected").isTrue();
        robot.clickOn("203.0.113.7");
        assertThat(robot.lookup("#bans-unban").queryButton().isDisabled()).isFalse();
        assertThat(robot.lookup("#bans-detail").queryAs(Label.class).getText()).startsWith("Banned for failed IMAP and ManageSieve logins");
        shot(robot, "31b-dashboard-bans");

        // asked, and cancelled: nothing sent
        robot.clickOn("#bans-unban");
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        assertThat(robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getHeaderText())
                .isEqualTo("Lift the ban on 203.0.113.7?");
        assertThat(robot.lookup(".dialog-pane .body").queryAs(Label.class).getText())
                .contains("failed IMAP and ManageSieve logins").contains("If it keeps failing to log in, it is banned again.");
        robot.clickOn(robot.lookup(".dialog-pane .button").match(LabeledMatchers.hasText("Cancel")).queryButton());
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isEmpty());
        assertThat(session.unbanned).isEmpty();

        // asked, and confirmed
        robot.clickOn("#bans-unban");
        waitUntil(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        robot.clickOn(robot.lookup(".dialog-pane .button").match(LabeledMatchers.hasText("Unban")).queryButton());
        waitUntil(() -> session.unbanned.size() == 1 && model.bans().size() == 2 && !model.bansBusyProperty().get());
        assertThat(session.unbanned).containsExactly("203.0.113.7");
        assertThat(robot.lookup("#notice").queryAs(Label.class).getText()).isEqualTo("Lifted the ban on 203.0.113.7: it can log in again.");

        // nobody banned: the table says so
        session.banned.clear();
        robot.interact(model::dismissNotice);
        robot.clickOn("#bans-reload");
        waitUntil(() -> model.bans().isEmpty() && !model.bansBusyProperty().get());
        assertThat(robot.lookup("#bans-empty").queryAs(Label.class).getText()).startsWith("Nobody failed to log in");
        assertThat(robot.lookup("#bans-detail").queryAs(Label.class).isVisible()).as("nothing to select").isFalse();
        assertThat(robot.lookup("#bans-empty").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#bans-unban").queryButton().isDisabled()).isTrue();
        shot(robot, "31c-dashboard-bans-empty");

        // fail2ban stopped: the summary says why, the table does not pretend nobody is banned
        session.bansFail = "fail2ban does not answer on root@203.0.113.10:22 (Failed to access socket path): start it with "
                + "systemctl restart fail2ban; journalctl -u fail2ban -n 50 says why it stopped.";
        robot.clickOn("#bans-reload");
        waitUntil(() -> model.bansSummaryProperty().get().startsWith("Could not read"));
        assertThat(robot.lookup("#bans-summary").queryAs(Label.class).getText()).contains("systemctl restart fail2ban");
        assertThat(robot.lookup("#bans-empty").queryAs(Label.class).getText()).isEqualTo("The bans could not be read: see above.");
        assertThat(model.messageProperty().get()).as("no banner on the way").isEmpty();
    }

    @Test
    void aFailedRefreshIsABannerAndTheWindowGoesOn(FxRobot robot) throws Exception {
        connect(robot);
        session.statusFails = "the server did not answer within 30 s";

        robot.clickOn("#refresh");
        waitUntil(() -> !model.refreshingProperty().get() && !model.messageProperty().get().isEmpty());

        assertThat(robot.lookup("#message").queryAs(Label.class).getText()).contains("did not answer within 30 s");
        robot.clickOn("#dismiss");
        assertThat(robot.lookup("#banner").query().isVisible()).isFalse();
        assertThat(robot.lookup("#refresh").queryButton().isDisabled()).isFalse();
    }
}
