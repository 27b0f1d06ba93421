package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.Version;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window carries Mailwright's icons, and the sidebar's About link says which build and runtime this is. */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class AboutUiTest {
    // made on the test thread, not in @Start (the FX thread): building the fake hashes a password
    final FakeSetupService service = new FakeSetupService();
    FxUiExecutor ui;
    Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ui = new FxUiExecutor();
        MailwrightApp.show(stage, service, ui, new ProfileStore(Files.createTempDirectory("mailwright-about")),
                ExportPackage.NOT_WIRED);
    }

    @AfterEach
    void stop() {
        ui.shutdown();
    }

    @Test
    void windowHasTheOneIconJavaFxUsesAndTheJarHasEverySize() throws Exception {
        // decoded on JavaFX's image loader thread, then set on the FX thread
        org.testfx.util.WaitForAsyncUtils.waitFor(10, java.util.concurrent.TimeUnit.SECONDS, () -> !stage.getIcons().isEmpty());
        assertThat(stage.getIcons()).hasSize(1);
        assertThat(stage.getIcons().get(0).isError()).isFalse();
        assertThat(stage.getIcons().get(0).getWidth()).isEqualTo(AppIcons.WINDOW_SIZE);
        for (int size : AppIcons.SIZES) {
            assertThat(AppIcons.of(size).getWidth()).isEqualTo(size);
        }
    }

    @Test
    void theSidebarLinkLooksPlainUntilReachedByKeyboardOrPointedAt(FxRobot robot) {
        javafx.scene.control.Button about = robot.lookup("#about").queryButton();
        // the window's first focus lands on it, without a keyboard: no underline then (the look of a plain link)
        assertThat(about.isFocused()).isTrue();
        assertThat(about.isUnderline()).isFalse();
        robot.type(javafx.scene.input.KeyCode.TAB);
        robot.press(javafx.scene.input.KeyCode.SHIFT).type(javafx.scene.input.KeyCode.TAB).release(javafx.scene.input.KeyCode.SHIFT);
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        assertThat(about.isFocused()).isTrue();
        assertThat(about.isUnderline()).as("reached by the keyboard: underlined (:focus-visible)").isTrue();
    }

    @Test
    void aboutShowsVersionAndRuntime(FxRobot robot) {
        robot.clickOn("#about");
        assertThat(robot.lookup("#about-version").queryAs(Label.class).getText()).isEqualTo("Version " + Version.get());
        String runtime = robot.lookup("#about-runtime").queryAs(Label.class).getText();
        assertThat(runtime).contains("Java " + System.getProperty("java.version")).contains("JavaFX 21");
        robot.clickOn("Close");
        assertThat(Window.getWindows()).hasSize(1);
    }
}
