package org.mailwright.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.FxThreadWatch;
import org.mailwright.ui.FxUiExecutor;
import org.mailwright.ui.MailwrightApp;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A window per server: each dashboard logs in over a session of its own, so a second server can be watched beside the
 * first; Manage brings forward the window already showing the last used server, and a closed window's session ends.
 */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class DashboardWindowsUiTest {
    FxUiExecutor ui;
    final List<FakeDashboardSession> made = new CopyOnWriteArrayList<>();
    final AtomicInteger closed = new AtomicInteger();

    @Start
    void start(Stage stage) throws Exception {
        Path tmp = Files.createTempDirectory("mailwright-dashboard-windows");
        ProfileStore profiles = new ProfileStore(tmp.resolve("profiles"));
        profiles.save(new ServerProfile("198.51.100.7", 22, "root", "", "example.org", "mail.example.org", Instant.parse("2026-01-01T00:00:00Z")));
        profiles.save(new ServerProfile("203.0.113.10", 22, "admin", "", "example.com", "mail.example.com", Instant.parse("2026-12-01T00:00:00Z")));
        ui = new FxUiExecutor();
        MailwrightApp.show(stage, new FakeDashboardSession(), ui, profiles, ExportPackage.NOT_WIRED, new DashboardUiTest.Answers(), () -> {
            FakeDashboardSession s = new FakeDashboardSession() {
                @Override
                public void close() {
                    closed.incrementAndGet();
                    super.close();
                }
            };
            made.add(s);
            return s;
        });
    }

    @AfterEach
    void stop() {
        ui.shutdown();
    }

    private static List<Window> dashboards() {
        return Window.getWindows().stream().filter(w -> w.isShowing() && w.getScene() != null
                && w.getScene().getRoot() instanceof DashboardWindow).toList();
    }

    @Test
    void eachServerGetsItsOwnWindowAndSession(FxRobot robot) throws Exception {
        Button manage = robot.lookup("#manage-existing").queryButton();
        robot.interact(manage::fire);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dashboards().size() == 1);
        assertThat(made).hasSize(1);

        // the last used server is open already: Manage brings its window forward, no second login
        robot.interact(manage::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dashboards()).hasSize(1);
        assertThat(made).hasSize(1);

        // the first window moves to the other server: Manage now opens a second window, over a second session
        DashboardWindow first = (DashboardWindow) dashboards().get(0).getScene().getRoot();
        robot.interact(() -> first.model().selectedProfileProperty().set(first.model().profiles().stream()
                .filter(p -> p.host().equals("198.51.100.7")).findFirst().orElseThrow()));
        robot.interact(manage::fire);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dashboards().size() == 2);
        assertThat(made).hasSize(2);

        // closing a window ends its own session only
        robot.interact(() -> ((Stage) dashboards().get(1).getScene().getWindow()).close());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> closed.get() == 1);
        assertThat(dashboards()).hasSize(1);
    }
}
