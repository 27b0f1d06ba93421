package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.WizardModel;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The wizard's DNS page under Monocle: choosing a DNS provider and its files goes into the spec, and what is wrong
 * with the files is said on the page. Its screenshot goes to target/screenshots, or where
 * {@code -Dmailwright.screenshots} says.
 */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class DnsProviderUiTest {
    static final Path SHOTS = Path.of(System.getProperty("mailwright.screenshots", "target/screenshots"));
    // made here, on the test thread, not in @Start: building a fake (a bcrypt hash, files) is fixture work, and @Start
    // runs on the FX thread, which FxThreadWatch holds to 50 ms of blocking work
    final FakeSetupService service = new FakeSetupService();
    FxUiExecutor ui;
    WizardModel wizard;
    Stage stage;
    Path tmp;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ui = new FxUiExecutor();
        tmp = Files.createTempDirectory("mailwright-dns-provider");
        WizardView view = MailwrightApp.show(stage, service, ui, new ProfileStore(tmp.resolve("profiles")), ExportPackage.NOT_WIRED);
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

    private void set(FxRobot robot, String id, String text) {
        TextField f = robot.lookup(id).queryAs(TextField.class);
        robot.interact(() -> f.setText(text));
    }

    @Test
    void aProviderAndItsTokenFileAreChosenOnTheDnsPage(FxRobot robot) throws Exception {
        robot.clickOn("#next");
        robot.clickOn("#host").write("203.0.113.10");
        robot.clickOn("#password").write("server password");
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
        robot.clickOn("Trust and connect");
        waitUntil(() -> !wizard.current().isInvalid());
        robot.clickOn("#next");
        set(robot, "#domains", "example.com");
        set(robot, "#admin", "alice@example.net");
        robot.clickOn("#next");
        assertThat(wizard.current().id()).isEqualTo("dns");

        assertThat(robot.lookup("#dns-provider").queryComboBox().getValue()).as("the default").isEqualTo("");
        assertThat(robot.lookup("#dns-token-file").queryAs(TextField.class).getParent().getParent().isVisible()).isFalse();
        @SuppressWarnings("unchecked")
        ComboBox<String> provider = robot.lookup("#dns-provider").queryAs(ComboBox.class);
        robot.interact(() -> provider.setValue("desec"));
        assertThat(robot.lookup("#dns-token-file").queryAs(TextField.class).getParent().getParent().isVisible()).isTrue();
        assertThat(robot.lookup("#dns-provider-problem").queryAs(Label.class).getText())
                .isEqualTo("Choose the file that holds your deSEC API token.");

        Path token = tmp.resolve("desec.token");
        Files.writeString(token, "two words\n");
        set(robot, "#dns-token-file", token.toString());
        assertThat(robot.lookup("#dns-provider-problem").queryAs(Label.class).getText())
                .startsWith("The API token file " + token + " holds more than the token");
        Files.writeString(token, "tokentokentoken\n");
        set(robot, "#dns-token-file", "");
        set(robot, "#dns-token-file", token.toString());
        assertThat(robot.lookup("#dns-provider-problem").queryAs(Label.class).isVisible()).isFalse();
        assertThat(wizard.draft().toSpec().dnsProvider().orElseThrow().tokenFile()).contains(token.toString());
        assertThat(wizard.current().isInvalid()).as("DNS never blocks").isFalse();

        // photographed with the form in view, an RFC 2136 server's fields and a problem with its key file showing
        robot.interact(() -> provider.setValue("rfc2136"));
        set(robot, "#dns-server", "ns1.example.net");
        Path key = tmp.resolve("tsig.key");
        Files.writeString(key, "not a key\n");
        set(robot, "#dns-key-file", key.toString());
        assertThat(robot.lookup("#dns-provider-problem").queryAs(Label.class).getText()).startsWith("The TSIG key file " + key);
        ScrollPane scroll = robot.lookup(".page-scroll").queryAs(ScrollPane.class);
        robot.interact(() -> scroll.setVvalue(0.62));
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200);
        Files.createDirectories(SHOTS);
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> stage.getScene().snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(ScreenshotTour.toBuffered(img), "png", SHOTS.resolve("05c-dns-provider.png").toFile());
    }

    @Test
    void afterInstallTheDnsPagePublishesAtTheChosenProvider(FxRobot robot) throws Exception {
        robot.clickOn("#next");
        robot.clickOn("#host").write("203.0.113.10");
        robot.clickOn("#password").write("server password");
        robot.clickOn("#connect");
        waitUntil(() -> robot.lookup("#host-key-fingerprint").tryQuery().isPresent());
        robot.clickOn("Trust and connect");
        waitUntil(() -> !wizard.current().isInvalid());
        robot.clickOn("#next");
        set(robot, "#domains", "example.com");
        set(robot, "#admin", "alice@example.net");
        robot.clickOn("#next");
        Path token = tmp.resolve("cloudflare.token");
        Files.writeString(token, "tokentokentoken\n");
        @SuppressWarnings("unchecked")
        ComboBox<String> provider = robot.lookup("#dns-provider").queryAs(ComboBox.class);
        robot.interact(() -> provider.setValue("cloudflare"));
        set(robot, "#dns-token-file", token.toString());
        assertThat(robot.lookup("#dns-publish").queryButton().isVisible()).as("the DKIM keys do not exist yet").isFalse();
        robot.interact(() -> wizard.draft().installReport.set(new org.mailwright.engine.RunReport(
                org.mailwright.engine.Runner.Mode.APPLY, java.util.List.of(), false, java.time.Duration.ZERO)));
        assertThat(robot.lookup("#dns-publish").queryButton().getText()).isEqualTo("Publish at Cloudflare...");
        org.mailwright.ui.dashboard.FakeProviderPublisher fake = new org.mailwright.ui.dashboard.FakeProviderPublisher();
        ((org.mailwright.ui.wizard.dns.DnsPageModel) wizard.current()).setDnsPublishers(s -> fake);

        robot.interact(() -> robot.lookup("#dns-publish").queryButton().fire());
        waitUntil(() -> robot.lookup("#publish-dialog").tryQuery().isPresent()
                && robot.lookup("#publish-confirm").queryButton().isVisible());
        robot.clickOn("#publish-confirm");
        waitUntil(() -> robot.lookup("#publish-close").tryQuery().filter(javafx.scene.Node::isVisible).isPresent());
        assertThat(robot.lookup("#publish-badge").queryAs(Label.class).getText()).isEqualTo("\u2713 Published");
        assertThat(fake.calls).containsExactly("preview [example.com]", "publish", "wait 600");
        robot.clickOn("#publish-close");
    }
}
