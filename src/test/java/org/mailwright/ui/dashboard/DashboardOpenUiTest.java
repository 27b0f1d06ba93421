package org.mailwright.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextField;
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

/** Welcome's "Manage an existing server..." opens the dashboard on the last used server, and only one of it. */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class DashboardOpenUiTest {
    FxUiExecutor ui;

    @Start
    void start(Stage stage) throws Exception {
        Path tmp = Files.createTempDirectory("mailwright-dashboard-open");
        ProfileStore profiles = new ProfileStore(tmp.resolve("profiles"));
        profiles.save(new ServerProfile("198.51.100.7", 22, "root", "", "example.org", "mail.example.org", Instant.parse("2026-01-01T00:00:00Z")));
        profiles.save(new ServerProfile("203.0.113.10", 22, "admin", "", "example.com", "mail.example.com", Instant.parse("2026-12-01T00:00:00Z")));
        ui = new FxUiExecutor();
        MailwrightApp.show(stage, new FakeDashboardSession(), ui, profiles, ExportPackage.NOT_WIRED, new DashboardUiTest.Answers());
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
    void manageOpensOneDashboardOnTheLastUsedServer(FxRobot robot) throws Exception {
        robot.clickOn("#manage-existing");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dashboards().size() == 1);
        DashboardWindow view = (DashboardWindow) dashboards().get(0).getScene().getRoot();
        assertThat(((TextField) view.lookup("#login-host")).getText()).isEqualTo("203.0.113.10");
        assertThat(((TextField) view.lookup("#login-user")).getText()).isEqualTo("admin");

        // the dashboard may cover the button: pressed as a keyboard user would, not by where it is on the screen
        javafx.scene.control.Button manage = robot.lookup("#manage-existing").queryButton();
        robot.interact(manage::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dashboards()).as("the one session behind it is not shared by two windows").hasSize(1);
    }
}
