package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Welcome page with a server set up before: its list is made once there is one, and fills the draft. */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class WelcomeUiTest {
    // on the test thread: saving a profile is file work, and @Start runs on the FX thread FxThreadWatch holds to 50 ms
    final FakeSetupService service = new FakeSetupService();
    final Path profiles = saved(new ServerProfile("198.51.100.7", 2222, "admin", "~/.ssh/id_ed25519", "example.org",
            "mx.example.org", Instant.now(), null));
    FxUiExecutor ui;
    WizardView view;

    private static Path saved(ServerProfile profile) {
        try {
            Path dir = Files.createTempDirectory("mailwright-welcome");
            new ProfileStore(dir).save(profile);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Start
    void start(Stage stage) {
        ui = new FxUiExecutor();
        view = MailwrightApp.show(stage, service, ui, new ProfileStore(profiles), ExportPackage.NOT_WIRED);
    }

    @AfterEach
    void stop() {
        ui.shutdown();
    }

    @Test
    void listsTheServerSetUpBeforeUnderItsHeadingAndFillsTheDraftFromIt(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup(".link-button").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        VBox recent = robot.lookup(".recent").queryAs(VBox.class);
        assertThat(recent.getParent().isVisible()).isTrue();
        assertThat(robot.lookup(".section").queryAllAs(Label.class)).extracting(Label::getText).contains("Servers you set up before");
        assertThat(robot.lookup(".link-button").queryButton().getText()).isEqualTo("example.org  (admin@198.51.100.7:2222)");

        robot.clickOn(".link-button");
        assertThat(view.model().draft().host.get()).isEqualTo("198.51.100.7");
        assertThat(view.model().draft().hostname.get()).isEqualTo("mx.example.org");
    }
}
