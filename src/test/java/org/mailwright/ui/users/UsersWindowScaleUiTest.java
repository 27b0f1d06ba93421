package org.mailwright.ui.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TableView;
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

/**
 * The users window with a thousand mailboxes, under Monocle: it opens, fills, switches domain and stages a change
 * without holding the FX thread ({@link FxThreadWatch}), and its tables stay virtualised.
 *
 * <p>The time to a filled table with 1 and with 1,000 mailboxes is printed, one line a bench can read ("users window:
 * 1 mailbox X ms, 1000 mailboxes Y ms, ratio Z"), not asserted: timings on two shared cores flake. The 1,000 are in
 * the one domain the window opens on, so that the table does hold 1,000 rows; a second server spreads them over 50
 * domains with aliases, for the domain list and switching.
 */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class UsersWindowScaleUiTest {
    // built on the test thread: the fakes' files are fixture work, not the window's
    final FakeMailServer one = FakeMailServer.scaled(1, 1);
    final FakeMailServer thousand = FakeMailServer.scaled(1000, 1);
    final FakeMailServer spread = FakeMailServer.scaled(1000, 50);
    FxUiExecutor ui;

    @Start
    void start(Stage stage) {
        ui = new FxUiExecutor();
    }

    @AfterEach
    void stop(FxRobot robot) {
        ui.shutdown();
        robot.interact(() -> robot.listTargetWindows().stream().filter(w -> w instanceof Stage).map(w -> (Stage) w).toList()
                .forEach(Stage::close));
    }

    /** Opens a window over {@code server} in a new stage and waits for its table to hold {@code rows} rows. */
    private static Opened open(FxRobot robot, FakeMailServer server, FxUiExecutor ui, int rows) throws TimeoutException {
        UsersWindowModel model = UsersWindowModel.over(server.backend(), ui);
        long start = System.nanoTime();
        UsersWindow[] view = new UsersWindow[1];
        robot.interact(() -> {
            Stage stage = new Stage();
            // inside Monocle's 1280x800 screen: a window past its edge makes the headless painter overflow its buffer
            stage.setX(0);
            stage.setY(0);
            view[0] = UsersWindow.showIn(stage, model);
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.stateProperty().get() == UsersWindowModel.State.READY
                && !model.busyProperty().get() && model.mailboxes().size() == rows);
        WaitForAsyncUtils.waitForFxEvents(); // the table has laid out its rows
        return new Opened(model, view[0], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private record Opened(UsersWindowModel model, UsersWindow view, long millis) {
        @SuppressWarnings("unchecked")
        TableView<UsersWindowModel.MailboxRow> mailboxes() {
            return (TableView<UsersWindowModel.MailboxRow>) view.lookup("#mailboxes");
        }
    }

    @Test
    void opensAThousandMailboxesWithoutHoldingTheFxThreadAndPrintsTheTime(FxRobot robot) throws Exception {
        open(robot, one, ui, 1); // warms the JIT and JavaFX's CSS, so the two measured openings start alike
        FxThreadWatch.Sampler watch = FxThreadWatch.start();
        Opened small = open(robot, one, ui, 1);
        Opened big = open(robot, thousand, ui, 1000);
        FxThreadWatch.Report seen = watch.stop();

        System.out.printf("users window: 1 mailbox %d ms, 1000 mailboxes %d ms, ratio %.2f%n", small.millis(), big.millis(),
                (double) big.millis() / Math.max(1, small.millis()));
        seen.assertNoAppBlocking();
        TableView<UsersWindowModel.MailboxRow> table = big.mailboxes();
        assertThat(table.getItems()).hasSize(1000);
        // virtualised: rows and cells for what fits in the window, not one per mailbox
        assertThat(table.lookupAll(".table-row-cell")).hasSizeLessThan(60);
        assertThat(table.lookupAll(".table-cell")).hasSizeLessThan(300);
        robot.interact(() -> table.scrollTo(999));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(table.lookupAll(".table-row-cell")).hasSizeLessThan(60);
    }

    @Test
    @SuppressWarnings("unchecked")
    void switchesDomainsAndStagesAChangeAmongFiftyDomainsOffTheFxThread(FxRobot robot) throws Exception {
        Opened w = open(robot, spread, ui, 20);
        assertThat(w.model().domains()).hasSize(50);
        assertThat(w.model().selectedDomainProperty().get()).isEqualTo("d01.example.net");
        assertThat(w.model().aliases()).as("postmaster, abuse and partners").hasSize(3);
        ComboBox<String> domain = robot.lookup("#domain").queryAs(ComboBox.class);
        // choosing a domain filters the 1,000 rows: the watch fails the test if that holds the FX thread in engine code
        for (String d : java.util.List.of("d17.example.net", "d33.example.net", "d50.example.net")) {
            robot.interact(() -> domain.setValue(d));
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(w.mailboxes().getItems()).hasSize(20).allSatisfy(r -> assertThat(r.address()).endsWith("@" + d));
        }
        robot.interact(() -> {
            w.model().openAlias("");
            w.model().formAddressProperty().set("sales@d50.example.net");
            w.model().formTargetsProperty().set("user0050@d50.example.net");
            w.model().submitForm();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !w.model().pending().isEmpty() && !w.model().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(w.model().diffLines()).isNotEmpty();
        assertThat(w.model().aliases()).extracting(UsersWindowModel.AliasRow::address).contains("sales@d50.example.net");
    }
}
