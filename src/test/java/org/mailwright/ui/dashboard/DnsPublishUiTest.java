package org.mailwright.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.ui.FxThreadWatch;
import org.mailwright.ui.FxUiExecutor;
import org.mailwright.ui.dashboard.DashboardModel.State;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.dns.PublishDialog;
import org.mailwright.ui.wizard.dns.PublishModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Publish at provider..." clicked through under Monocle from the dashboard's DNS tab, against
 * {@link FakeDashboardSession} and {@link FakeProviderPublisher}; the dialog's screenshots go where
 * {@link DashboardUiTest}'s do ({@code -Dmailwright.screenshots=docs/screenshots} refreshes the documentation's).
 */
@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})
class DnsPublishUiTest {
    FakeDashboardSession session;
    FakeProviderPublisher provider;
    FxUiExecutor ui;
    DashboardModel model;
    DashboardWindow view;
    Stage stage;
    DashboardUiTest.Answers answers = new DashboardUiTest.Answers();
    Path tmp;
    Path spec;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        tmp = Files.createTempDirectory("mailwright-publish");
        Path key = tmp.resolve("tsig.key");
        Files.writeString(key, PublishModelTest.TSIG_KEY);
        spec = tmp.resolve("mail.yaml");
        Files.writeString(spec, PublishModelTest.specWithProvider(key));
        session = new FakeDashboardSession();
        provider = new FakeProviderPublisher();
        provider.pollMillis = 150;
        ui = new FxUiExecutor();
        model = new DashboardModel(session, new ProfileStore(tmp.resolve("profiles")), ui, Clock.fixed(FakeDashboardSession.NOW, ZoneOffset.UTC));
        model.setDnsPublishers(s -> provider);
        view = DashboardWindow.showIn(stage, model, answers);
    }

    @AfterEach
    void stop() throws Exception {
        ui.shutdown();
        WaitForAsyncUtils.asyncFx(() -> javafx.stage.Window.getWindows().stream().filter(w -> w != stage).toList()
                .forEach(javafx.stage.Window::hide)).get(10, TimeUnit.SECONDS);
    }

    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void connect(FxRobot robot) throws TimeoutException {
        robot.interact(() -> {
            model.hostProperty().set("203.0.113.10");
            model.passwordProperty().set("correct horse battery");
            model.specPathProperty().set(spec.toString());
        });
        robot.clickOn("#connect");
        waitUntil(() -> model.stateProperty().get() == State.CONNECTED && !model.refreshingProperty().get());
        robot.clickOn("#tab-dns");
    }

    private PublishDialog openDialog(FxRobot robot) throws TimeoutException {
        assertThat(robot.lookup("#dns-publish").queryButton().getText()).isEqualTo("Publish at your DNS server (RFC 2136)...");
        robot.clickOn("#dns-publish");
        waitUntil(() -> robot.lookup("#publish-dialog").tryQuery().isPresent());
        PublishDialog dialog = robot.lookup("#publish-dialog").queryAs(PublishDialog.class);
        waitUntil(() -> dialog.model().stateProperty().get() == PublishModel.State.ASKING);
        return dialog;
    }

    private static void shot(PublishDialog dialog, String name) throws Exception {
        shot(dialog.getScene(), name);
    }

    private static void shot(Scene scene, String name) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200); // let layout and CSS settle
        Files.createDirectories(DashboardUiTest.SHOTS);
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(10, TimeUnit.SECONDS);
        ImageIO.write(DashboardUiTest.toBuffered(img), "png", DashboardUiTest.SHOTS.resolve(name + ".png").toFile());
    }

    @Test
    void previewThenPublishAndTheServersAnswer(FxRobot robot) throws Exception {
        connect(robot);
        waitUntil(() -> robot.lookup("#dns-records .badge-ok").tryQuery().isPresent());
        shot(stage.getScene(), "35b-dashboard-dns-publish-button");
        PublishDialog dialog = openDialog(robot);

        assertThat(robot.lookup("#publish-changes").queryAs(TableView.class).getItems()).hasSize(6);
        assertThat(robot.lookup(".publish-action").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("+ create", "~ change", "= leave alone", "! conflict");
        assertThat(robot.lookup("#publish-summary").queryAs(Label.class).getText())
                .isEqualTo("2 to create, 1 to change, 2 already right, 1 in conflict (not published).");
        assertThat(robot.lookup("#publish-question").queryAs(Label.class).getText()).isEqualTo("Publish 3 changes at RFC 2136 at ns1.example.net?");
        shot(dialog, "36-dashboard-dns-publish-preview");

        robot.clickOn("#publish-confirm");
        waitUntil(() -> dialog.model().stateProperty().get() == PublishModel.State.ANSWERED);
        assertThat(robot.lookup("#publish-badge").queryAs(Label.class).getText()).isEqualTo("\u2713 Published");
        assertThat(robot.lookup("#publish-result").queryAs(Label.class).getText()).endsWith("every authoritative server answers the new records.");
        assertThat(provider.calls).containsExactly("preview [example.com]", "publish", "wait 600");
        shot(dialog, "36b-dashboard-dns-published");
        robot.clickOn("#publish-close");
        waitUntil(() -> robot.lookup("#publish-dialog").tryQuery().isEmpty());
    }

    @Test
    void theWaitCanBeStoppedAndCancelSendsNothing(FxRobot robot) throws Exception {
        provider.waitSteps = 200;
        connect(robot);

        PublishDialog first = openDialog(robot);
        robot.clickOn("#publish-cancel");
        waitUntil(() -> robot.lookup("#publish-dialog").tryQuery().isEmpty());
        assertThat(first.model().stateProperty().get()).isEqualTo(PublishModel.State.CANCELLED);
        assertThat(provider.calls).containsExactly("preview [example.com]");

        PublishDialog dialog = openDialog(robot);
        robot.clickOn("#publish-confirm");
        waitUntil(() -> dialog.model().stateProperty().get() == PublishModel.State.WAITING
                && dialog.model().progressProperty().get() > 0);
        assertThat(robot.lookup("#publish-cancel").queryButton().getText()).isEqualTo("Stop waiting");
        assertThat(robot.lookup("#publish-step").queryAs(Label.class).getText()).startsWith("Waiting for the authoritative servers");
        shot(dialog, "36c-dashboard-dns-publish-waiting");
        robot.clickOn("#publish-cancel");
        waitUntil(() -> dialog.model().stateProperty().get() == PublishModel.State.COPYING);
        assertThat(robot.lookup("#publish-badge").queryAs(Label.class).getText()).isEqualTo("! Published, copying");
    }

    @Test
    void aRefusalEndsWithTheSentence(FxRobot robot) throws Exception {
        provider.publishFails = "the server refused the update (NOTAUTH): allow the key mailwright to update example.com with update-policy";
        connect(robot);
        PublishDialog dialog = openDialog(robot);

        robot.clickOn("#publish-confirm");
        waitUntil(() -> dialog.model().stateProperty().get() == PublishModel.State.REFUSED);

        assertThat(robot.lookup("#publish-badge").queryAs(Label.class).getText()).isEqualTo("\u2715 Refused");
        assertThat(robot.lookup("#publish-result").queryAs(Label.class).getText()).contains("NOTAUTH").contains("update-policy");
        shot(dialog, "36d-dashboard-dns-publish-refused");
    }
}
