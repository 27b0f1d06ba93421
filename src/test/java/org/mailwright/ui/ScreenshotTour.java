package org.mailwright.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.DialogPane;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.mailwright.model.ServerSpec;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.users.UsersWindow;
import org.mailwright.ui.users.UsersWindowModel;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WizardModel;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.ui.wizard.connect.ConnectPageModel;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.mailwright.ui.wizard.install.InstallPageModel;
import org.mailwright.ui.wizard.users.UsersPageModel;

/**
 * Walks the real window through every page against {@link FakeSetupService} and saves a PNG of each (the scene's
 * own pixels, written with ImageIO: javafx-swing is not a dependency). Run under a display, e.g.
 * {@code xvfb-run -a java -cp ... org.mailwright.ui.ScreenshotTour docs/screenshots}.
 */
public final class ScreenshotTour {
    private static Stage stage;
    /** The file and folder dialogs, answered in advance in the order the tour opens them. */
    private static final java.util.Deque<Path> ANSWERS = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final org.mailwright.ui.wizard.Choosers CHOOSERS = new org.mailwright.ui.wizard.Choosers() {
        @Override
        public java.util.Optional<Path> saveFile(Window owner, String title, String initialName) {
            return java.util.Optional.ofNullable(ANSWERS.poll());
        }

        @Override
        public java.util.Optional<Path> openFile(Window owner, String title, String description, String... patterns) {
            return java.util.Optional.ofNullable(ANSWERS.poll());
        }

        @Override
        public java.util.Optional<Path> folder(Window owner, String title) {
            return java.util.Optional.ofNullable(ANSWERS.poll());
        }
    };

    public static void main(String[] args) {
        try {
            tour(args);
        } catch (Throwable t) {
            // the FX thread would keep the JVM alive after a failed step: end it, saying why
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void tour(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
        // optional window size, e.g. 1024 768: the sizes people use, to look for cut and wrapped text
        double width = args.length > 2 ? Double.parseDouble(args[1]) : MailwrightApp.WIDTH;
        double height = args.length > 2 ? Double.parseDouble(args[2]) : MailwrightApp.HEIGHT;
        Files.createDirectories(out);
        Path profilesDir = Files.createTempDirectory("mailwright-profiles");
        ProfileStore profiles = new ProfileStore(profilesDir);
        profiles.save(new ServerProfile("198.51.100.7", 22, "root", "", "example.org", "mail.example.org", Instant.parse("2025-05-01T10:00:00Z")));
        FakeSetupService service = new FakeSetupService();
        service.failingStep = "dovecot";
        service.failuresLeft.set(1);
        FxUiExecutor ui = new FxUiExecutor();
        CompletableFuture<WizardView> started = new CompletableFuture<>();
        Platform.startup(() -> {
            stage = new Stage();
            WizardView shown = MailwrightApp.show(stage, service, ui, profiles, ExportPackage.NOT_WIRED, CHOOSERS);
            stage.setWidth(width);
            stage.setHeight(height);
            started.complete(shown);
        });
        WizardView view = started.get(20, TimeUnit.SECONDS);
        WizardModel w = view.model();
        SetupDraft d = w.draft();

        shot(out, "01-welcome");
        fx(w::next);
        shot(out, "02-connect-empty");
        fx(() -> {
            d.host.set("203.0.113.10");
            ((ConnectPageModel) w.current()).passwordProperty().set("correct horse battery");
        });
        fx(() -> ((ConnectPageModel) w.current()).connect());
        // the host-key dialog opens on the FX thread while the connection waits: photograph it, then trust
        waitFor(() -> dialog() != null);
        Thread.sleep(300);
        fx(() -> {
            DialogPane pane = (DialogPane) dialog().getScene().getRoot();
            save(pane.getScene(), out.resolve("02b-host-key.png"));
            pane.getButtonTypes().stream().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst()
                    .map(pane::lookupButton).ifPresent(b -> ((javafx.scene.control.Button) b).fire());
        });
        waitFor(() -> !w.current().isInvalid());
        shot(out, "03-connect-checked");
        fx(w::next);
        fx(() -> {
            d.domains.set("example.com");
            d.adminAddress.set("alice@example.net");
        });
        shot(out, "04-domain");
        fx(w::next);
        Thread.sleep(500);
        shot(out, "05-dns");
        fx(w::next);
        shot(out, "06-tls");
        fx(() -> {
            ((org.mailwright.ui.wizard.tls.TlsPageModel) w.current()).choiceProperty()
                    .set(org.mailwright.ui.wizard.tls.TlsPageModel.Choice.OTHER_ACME);
            d.acmeServer.set("http://acme.internal.example/directory");
        });
        shot(out, "06b-tls-other-acme");
        fx(() -> ((org.mailwright.ui.wizard.tls.TlsPageModel) w.current()).choiceProperty()
                .set(org.mailwright.ui.wizard.tls.TlsPageModel.Choice.LETS_ENCRYPT));
        fx(w::next);
        shot(out, "07-mail-settings");
        fx(() -> d.spamGreylist.set(7));
        shot(out, "07b-mail-settings-invalid");
        fx(() -> d.spamGreylist.set(4));
        fx(w::next);
        UsersPageModel users = (UsersPageModel) w.current();
        fx(() -> {
            users.newAddressProperty().set("alice@example.com");
            users.generatePassword();
        });
        fx(users::addMailbox);
        waitFor(() -> !d.mailboxes.isEmpty());
        fx(() -> {
            users.newAddressProperty().set("bob@example.com");
            users.newPasswordProperty().set("bob2024");
        });
        shot(out, "08-users");
        fx(() -> users.forgetClearText());
        fx(() -> users.newAddressProperty().set(""));
        fx(w::next);
        fx(() -> d.extraPorts.set("443, 8443"));
        shot(out, "09-firewall");
        fx(() -> d.extraPorts.set(""));
        fx(w::next);
        waitFor(() -> !w.current().busyProperty().get());
        Thread.sleep(300);
        shot(out, "10-review");
        fx(w::next);
        InstallPageModel install = (InstallPageModel) w.current();
        waitFor(() -> install.stateProperty().get() == InstallPageModel.State.FAILED);
        Thread.sleep(300);
        shot(out, "11-install-failed");
        fx(install::retry);
        waitFor(() -> install.stateProperty().get() == InstallPageModel.State.DONE);
        Thread.sleep(300);
        shot(out, "12-install-done");
        fx(w::next);
        shot(out, "13-verify");
        fx(w::next);
        org.mailwright.ui.wizard.done.DonePageModel done = (org.mailwright.ui.wizard.done.DonePageModel) w.current();
        waitFor(() -> done.sheetStateProperty().get() == org.mailwright.ui.wizard.done.DonePageModel.SheetState.READY);
        shot(out, "14-done");
        // Finish with the sheet unsaved asks first; Save... with the save dialog cancelled keeps the window open
        Platform.runLater(w::next);
        waitFor(() -> dialog() != null);
        Thread.sleep(300);
        fx(() -> {
            DialogPane pane = (DialogPane) dialog().getScene().getRoot();
            save(pane.getScene(), out.resolve("14d-done-close-asks.png"));
            pane.getButtonTypes().stream().filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).findFirst()
                    .map(pane::lookupButton).ifPresent(b -> ((javafx.scene.control.Button) b).fire());
        });
        waitFor(() -> dialog() == null && stage.isShowing());
        Path sheets = Files.createTempDirectory("mailwright-tour").resolve("Documents");
        ANSWERS.add(sheets.resolve(done.sheetFileName()));
        fx(() -> ((javafx.scene.control.Button) stage.getScene().lookup("#save-recovery-sheet")).fire());
        shot(out, "14c-done-sheet-saved");
        // after the install: Back to Review plans again; the next install meets a certbot that cannot resolve the ACME host
        service.certbotFails = true;
        while (!call(() -> w.current().id()).equals("review")) {
            fx(w::back);
        }
        waitFor(() -> !w.current().busyProperty().get());
        shot(out, "10b-review-after-install");
        fx(w::next);
        InstallPageModel again = (InstallPageModel) w.current();
        waitFor(() -> again.stateProperty().get() == InstallPageModel.State.DONE);
        Thread.sleep(300);
        shot(out, "12b-install-certificate-left");
        fx(w::next);
        shot(out, "13b-verify-certificate-left");
        fx(w::next);
        shot(out, "14b-done-certificate-left");
        while (!call(() -> w.current().id()).equals("dns")) {
            fx(w::back);
        }
        Thread.sleep(500);
        shot(out, "05b-dns-after-install");
        restore(out, ui, width, height);
        usersWindow(out, service, ui, args.length > 2 ? width : UsersWindow.WIDTH, args.length > 2 ? height : UsersWindow.HEIGHT);
        crashDialog(out);
        Platform.exit();
        ui.shutdown();
        System.exit(0);
    }

    /** Welcome's "Restore from a backup" in a window of its own: the Restore page, Connect, the restore run, Done. */
    private static void restore(Path out, FxUiExecutor ui, double width, double height) throws Exception {
        FakeSetupService service = new FakeSetupService();
        service.askHostKey = false;
        Path home = Files.createTempDirectory("mailwright-tour");
        Path backup = Files.createDirectories(home.resolve("Backups/mail.example.com"));
        Files.createDirectories(backup.resolve("keys"));
        Files.writeString(backup.resolve("config"), "restic");
        Path photos = Files.createDirectories(home.resolve("Pictures"));
        Path docs = Files.createDirectories(home.resolve("Documents"));
        Path badSpec = Files.writeString(docs.resolve("old.yaml"), "server: { host: 198.51.100.7 }\nhostname: mail.example.com\ndomain: [example.com]\n");
        Path spec = Files.writeString(docs.resolve("mail.example.com.yaml"), """
                server:   { host: 198.51.100.7, port: 22, user: root }
                hostname: mail.example.com
                domains:  [example.com]
                users:    [ { address: alice@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
                tls:      { mode: certbot, email: alice@example.net }
                """);
        CompletableFuture<WizardView> started = new CompletableFuture<>();
        fx(() -> {
            Stage s = new Stage();
            stage.close();
            stage = s;
            WizardView shown = MailwrightApp.show(s, service, ui, new ProfileStore(home.resolve("profiles")), ExportPackage.NOT_WIRED,
                    CHOOSERS);
            s.setWidth(width);
            s.setHeight(height);
            started.complete(shown);
        });
        WizardModel w = started.get(20, TimeUnit.SECONDS).model();
        fx(() -> ((javafx.scene.control.Button) stage.getScene().lookup("#restore-from-backup")).fire());
        shot(out, "30-restore-empty");
        org.mailwright.ui.wizard.restore.RestorePageModel r = (org.mailwright.ui.wizard.restore.RestorePageModel) w.current();
        fx(() -> {
            r.chooseFolder(photos);
            r.chooseSpec(badSpec);
        });
        shot(out, "30b-restore-not-a-backup");
        fx(() -> {
            r.chooseFolder(backup);
            r.chooseSpec(spec);
            r.passwordProperty().set("otter-quartz-lamp-9317-tidy");
        });
        shot(out, "31-restore-chosen");
        fx(w::next);
        shot(out, "32-restore-connect");
        fx(() -> {
            w.draft().host.set("203.0.113.10");
            ((ConnectPageModel) w.current()).passwordProperty().set("correct horse battery");
            ((ConnectPageModel) w.current()).connect();
        });
        waitFor(() -> !w.current().isInvalid());
        shot(out, "32b-restore-connect-checked");
        fx(w::next);
        InstallPageModel run = (InstallPageModel) w.current();
        waitFor(() -> run.stateProperty().get() == InstallPageModel.State.DONE);
        Thread.sleep(300);
        shot(out, "33-restore-done");
        fx(w::next);
        fx(w::next);
        shot(out, "34-restore-dns-to-change");
    }

    /** An unexpected error whose message carries a password: the dialog shows one sentence, the report the rest, masked. */
    private static void crashDialog(Path out) throws Exception {
        org.mailwright.logging.Secrets.register("correct horse battery");
        CrashReporter reporter = new CrashReporter(Files.createTempDirectory("mailwright-crash"), java.time.Clock.systemUTC(), CrashDialog::show);
        reporter.uncaughtException(Thread.currentThread(), new IllegalStateException("login failed for correct horse battery"));
        waitFor(() -> dialog() != null);
        Thread.sleep(300);
        fx(() -> {
            save(dialog().getScene(), out.resolve("23-crash-dialog.png"));
            ((Stage) dialog()).close();
        });
    }

    /**
     * The users window over the same fake session: the tables (usage against quotas, a nearly full mailbox, vacation
     * replies), the forms, and staged changes with their diff; at the size given (its own default unless the tour was
     * given one).
     */
    private static void usersWindow(Path out, FakeSetupService service, FxUiExecutor ui, double width, double height) throws Exception {
        UsersWindowModel m = UsersWindowModel.overSession(service, ServerSpec.DkimSettings.DEFAULT, ui);
        fx(() -> {
            Stage s = new Stage();
            UsersWindow.showIn(s, m);
            s.setWidth(width);
            s.setHeight(height);
            stage = s;
        });
        waitFor(() -> m.stateProperty().get() == UsersWindowModel.State.READY && !m.busyProperty().get());
        shot(out, "20-users-window");
        fx(() -> m.openQuota("alice@example.com"));
        shot(out, "24-users-quota");
        fx(() -> m.openVacation("bob@example.com"));
        shot(out, "25-users-vacation");
        fx(() -> {
            m.openAddMailbox();
            m.formAddressProperty().set("dave@example.com");
            m.generatePassword();
        });
        shot(out, "22-users-add");
        fx(m::submitForm);
        waitFor(() -> !m.busyProperty().get() && m.pending().size() == 1);
        fx(() -> m.removeAlias("info@example.com"));
        waitFor(() -> !m.busyProperty().get() && m.pending().size() == 2);
        fx(() -> {
            m.openAlias("sales@example.com");
            m.formTargetsProperty().set("bob@example.com, orders@partner.example.net");
            m.submitForm();
        });
        waitFor(() -> !m.busyProperty().get() && m.pending().size() == 3);
        fx(() -> {
            m.openQuota("alice@example.com");
            m.formQuotaProperty().set("2G");
            m.submitForm();
        });
        waitFor(() -> !m.busyProperty().get() && m.pending().size() == 4);
        shot(out, "21-users-pending");
    }

    private static Window dialog() {
        return Window.getWindows().stream().filter(win -> win != stage && win.isShowing()
                && win.getScene() != null && win.getScene().getRoot() instanceof DialogPane).findFirst().orElse(null);
    }

    private static void shot(Path dir, String name) throws Exception {
        Thread.sleep(250); // let layout and CSS settle
        fx(() -> save(stage.getScene(), dir.resolve(name + ".png")));
        System.out.println("saved " + name);
    }

    static void save(Scene scene, Path file) {
        WritableImage img = scene.snapshot(null);
        try {
            ImageIO.write(toBuffered(img), "png", file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The snapshot's pixels as an AWT image, without javafx-swing's SwingFXUtils. */
    static BufferedImage toBuffered(WritableImage img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = img.getPixelReader();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            r.getPixels(0, y, w, 1, javafx.scene.image.PixelFormat.getIntArgbInstance(), row, 0, w);
            out.setRGB(0, y, w, 1, row, 0, w);
        }
        return out;
    }

    private static void fx(Runnable r) throws Exception {
        call(() -> {
            r.run();
            return null;
        });
    }

    private static <T> T call(Callable<T> c) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Exception | Error e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (call(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("timed out");
    }
}
