package org.mailwright.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.mailwright.Version;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.session.ServerSession;
import org.mailwright.session.SshSession;
import org.mailwright.ui.dashboard.DashboardWindow;
import org.mailwright.ui.users.UsersWindow;
import org.mailwright.ui.wizard.Choosers;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.assembly.Wizard;
import org.mailwright.ui.wizard.WizardModel;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.export.ClientExporter;
import org.mailwright.export.ExportOptions;
import org.mailwright.ui.wizard.done.ExportPackage;

/** The desktop application: the first-time install wizard in one window. */
public final class MailwrightApp extends Application {
    public static final double WIDTH = 1100;
    public static final double HEIGHT = 720;

    private ServerSession service;
    private UiExecutor ui;

    public static void launchApp(String[] args) {
        Application.launch(MailwrightApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        // first, so nothing after it can fail unreported; the JavaFX thread gets it explicitly as well as by default
        // a UTC clock: the report looks the local zone up itself, so no start of the window loads the zone rules
        CrashReporter crashes = new CrashReporter(CrashReporter.defaultDir(), Clock.systemUTC(), CrashDialog::show);
        CrashReporter.install(crashes);
        Thread.currentThread().setUncaughtExceptionHandler(crashes);
        ui = new FxUiExecutor();
        // MAILWRIGHT_DNS_SERVER=host[:port]: check DNS against that server, as the CLI's --dns-server does
        String dns = System.getenv("MAILWRIGHT_DNS_SERVER");
        // MAILWRIGHT_INTERNET_CHECKS=0: no outbound-25 and Spamhaus probes, as the CLI's --no-internet-checks
        SshSession.Options options = SshSession.Options.defaults().withDnsServer(dns)
                .withInternetChecks(!"0".equals(System.getenv("MAILWRIGHT_INTERNET_CHECKS")));
        service = new SshSession(options);
        // the zone snippet has its own button on the DNS page; the package holds every client format
        ExportPackage exporter = (dir, spec) -> ClientExporter.exportAll(spec, dir, ExportOptions.defaults());
        // each dashboard window logs in on its own, so two servers can be watched side by side
        show(stage, service, ui, ProfileStore.atDefaultLocation(), exporter, Choosers.SYSTEM, () -> new SshSession(options));
        // -Dmailwright.exitAfterFirstShow=true: quit once the window has shown and painted a few frames; the packaging
        // starts the app image so once to record the classes a start loads in its class-data archive (packaging/appcds.sh)
        if (Boolean.getBoolean("mailwright.exitAfterFirstShow")) {
            new AnimationTimer() {
                private int frames;

                @Override
                public void handle(long now) {
                    if (++frames == 3) {
                        stop();
                        Platform.exit();
                    }
                }
            }.start();
        }
        // -Dmailwright.timing=true: how long from JVM start to a visible window (start-up budget, see README)
        if (Boolean.getBoolean("mailwright.timing")) {
            Instant jvmStart = ProcessHandle.current().info().startInstant().orElse(Instant.now());
            System.err.println("mailwright: window shown " + Duration.between(jvmStart, Instant.now()).toMillis()
                    + " ms after process start");
        }
    }

    /** Puts the wizard into {@code stage} and shows it; also used by the screenshot tour and UI tests with a fake service. */
    public static WizardView show(Stage stage, ServerSession service, UiExecutor ui, ProfileStore profiles, ExportPackage exporter) {
        return show(stage, service, ui, profiles, exporter, Choosers.SYSTEM);
    }

    /**
     * As {@link #show(Stage, ServerSession, UiExecutor, ProfileStore, ExportPackage)}, with the file and folder dialogs
     * to use (UI tests and screenshots answer them in advance). Finish and closing the window ask the current page
     * first ({@link WizardView#mayClose}): the Done page asks about an unsaved recovery sheet.
     */
    public static WizardView show(Stage stage, ServerSession service, UiExecutor ui, ProfileStore profiles, ExportPackage exporter,
                                  Choosers choosers) {
        return show(stage, service, ui, profiles, exporter, choosers, null);
    }

    /**
     * As {@link #show(Stage, ServerSession, UiExecutor, ProfileStore, ExportPackage, Choosers)}, with the sessions the
     * dashboard windows log in over (one each); null to share {@code service}, one dashboard at a time.
     */
    public static WizardView show(Stage stage, ServerSession service, UiExecutor ui, ProfileStore profiles, ExportPackage exporter,
                                  Choosers choosers, java.util.function.Supplier<ServerSession> dashboardSessions) {
        SetupDraft draft = new SetupDraft();
        Wizard.Models models = Wizard.models(draft, service, ui, profiles, exporter);
        WizardModel wizard = Wizard.wizard(models, draft);
        // Welcome's "Manage an existing server..." opens the dashboard; Done's "Manage users..." the users window alone
        WizardView view = Wizard.view(models, wizard, UsersWindow.opener(ui), DashboardWindow.opener(ui, profiles, choosers, dashboardSessions), choosers);
        wizard.setOnFinish(() -> {
            if (view.mayClose(stage)) {
                stage.close();
            }
        });
        stage.setOnCloseRequest(e -> {
            if (!view.mayClose(stage)) {
                e.consume();
            }
        });
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets().add(Ui.stylesheet());
        stage.setTitle("Mailwright " + Version.get());
        AppIcons.setOn(stage);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.show();
        return view;
    }

    @Override
    public void stop() {
        // the SSH session and the background thread end with the window
        if (service != null) {
            service.close();
        }
        if (ui != null) {
            ui.shutdown();
        }
    }
}
