package org.mailwright.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.model.Finding;
import org.mailwright.ui.FakeSetupService;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.SetupDraft.Mailbox;
import org.mailwright.ui.wizard.assembly.Wizard;
import org.mailwright.ui.wizard.done.DonePageModel;
import org.mailwright.ui.wizard.done.DonePageModel.SheetState;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.mailwright.ui.wizard.install.InstallPageModel;
import org.mailwright.ui.wizard.restore.RestorePageModel;

/** Restoring from the wizard and the recovery sheet on Done, as models: no JavaFX toolkit, a fake server. */
class BackupAndRestoreModelsTest {
    /** The spec saved from a recovery sheet: the old server's address, a mailbox, a certificate of its own. */
    static final String SPEC = """
            server:   { host: 198.51.100.7, port: 2222, user: admin }
            hostname: mail.example.com
            domains:  [example.com, example.org]
            users:    [ { address: alice@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
            tls:      { mode: self-signed }
            """;

    @TempDir
    Path tmp;

    FakeSetupService service;
    SetupDraft draft;
    Wizard.Models m;
    WizardModel wizard;
    RestorePageModel restore;

    @BeforeEach
    void setUp() {
        service = new FakeSetupService();
        service.askHostKey = false;
        draft = new SetupDraft();
        m = Wizard.models(draft, service, UiExecutor.sameThread(), new ProfileStore(tmp.resolve("profiles")), ExportPackage.NOT_WIRED);
        wizard = Wizard.wizard(m, draft);
        restore = m.restore();
    }

    static Path backupFolder(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("config"), "restic");
        return dir;
    }

    private Path specFile(String yaml) throws Exception {
        Path f = tmp.resolve("spec-" + System.nanoTime() + ".yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private void fillRestorePage() throws Exception {
        restore.chooseFolder(backupFolder(tmp.resolve("backup")));
        restore.chooseSpec(specFile(SPEC));
        restore.passwordProperty().set("otter-quartz-lamp-9317-tidy");
    }

    /** Why the Restore page's Next waits, empty when it does not. */
    private String reason() {
        restore.revalidate();
        return restore.getInvalidReason();
    }

    private void connectTo(String host) {
        draft.host.set(host);
        m.connect().passwordProperty().set("server password");
        m.connect().connect();
    }

    private java.util.List<String> ids(java.util.List<PageModel> pages) {
        return pages.stream().map(PageModel::id).toList();
    }

    @Test
    void theSidebarListsTheSetUpPagesUntilRestoreIsChosen() {
        assertThat(ids(wizard.route())).isEqualTo(Wizard.SET_UP);

        m.welcome().chooseRestore();

        assertThat(ids(wizard.route())).containsExactly("welcome", "restore", "connect", "install", "verify", "done");
    }

    @Test
    void restoreGoesFromWelcomeThroughTheRestorePageAndConnectToTheRestoreRun() throws Exception {
        m.welcome().chooseRestore();
        wizard.next();
        assertThat(wizard.current().id()).isEqualTo("restore");
        fillRestorePage();
        wizard.next();
        assertThat(wizard.current().id()).isEqualTo("connect");
        connectTo("203.0.113.10");
        wizard.next();
        assertThat(wizard.current().id()).isEqualTo("install");
        assertThat(wizard.current().title()).isEqualTo("Restore");
        assertThat(((InstallPageModel) wizard.current()).stateProperty().get()).isEqualTo(InstallPageModel.State.DONE);
        wizard.next();
        assertThat(wizard.current().id()).isEqualTo("verify");
        wizard.next();
        assertThat(wizard.current().id()).isEqualTo("done");
    }

    @Test
    void backOnWelcomeStartSetsAServerUpAgain() {
        m.welcome().chooseRestore();
        wizard.next();
        wizard.back();

        wizard.next();

        assertThat(wizard.current().id()).isEqualTo("connect");
        assertThat(draft.restoring.get()).isFalse();
    }

    @Test
    void theRestorePageWaitsForAFolderASpecAndThePassword() throws Exception {
        assertThat(reason()).isEqualTo("Choose the folder that holds the backup.");
        restore.chooseFolder(backupFolder(tmp.resolve("backup")));
        assertThat(reason()).isEqualTo("Choose the spec saved from the recovery sheet.");
        restore.chooseSpec(specFile(SPEC));
        assertThat(reason()).isEqualTo("Type the backup password from the recovery sheet.");
        restore.passwordProperty().set("otter-quartz-lamp-9317-tidy");
        assertThat(reason()).isEmpty();
        assertThat(restore.mergeProperty().get()).as("merging is off unless asked for").isFalse();
    }

    @Test
    void aFolderWithoutResticsConfigAndKeysIsNotABackup() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("photos"));

        restore.chooseFolder(empty);

        assertThat(restore.folderProblemProperty().get()).contains("not a backup").contains("neither a config file nor a keys folder");
        assertThat(reason()).isEqualTo("That folder is not a backup: choose another.");
        Files.createDirectories(empty.resolve("keys"));
        restore.chooseFolder(empty);
        assertThat(restore.folderProblemProperty().get()).contains("it has no config file.");
        Files.writeString(empty.resolve("config"), "x");
        restore.chooseFolder(empty);
        assertThat(restore.folderProblemProperty().get()).isEmpty();
    }

    @Test
    void aSpecWithProblemsListsThemByKeyAndIsNotTaken() throws Exception {
        restore.chooseFolder(backupFolder(tmp.resolve("backup")));

        restore.chooseSpec(specFile("server: { host: 198.51.100.7 }\nhostname: mail.example.com\ndomain: [example.com]\n"));

        assertThat(restore.specProblems()).anySatisfy(p -> assertThat(p).startsWith("domain"));
        assertThat(restore.spec()).isNull();
        assertThat(reason()).isEqualTo("The spec has problems: see above.");
    }

    @Test
    void aGoodSpecFillsTheConnectPageWithItsServerAndTheNamesWithItsDomains() throws Exception {
        restore.chooseSpec(specFile(SPEC));

        assertThat(draft.host.get()).isEqualTo("198.51.100.7");
        assertThat(draft.port.get()).isEqualTo("2222");
        assertThat(draft.user.get()).isEqualTo("admin");
        assertThat(draft.hostname.get()).isEqualTo("mail.example.com");
        assertThat(draft.domainList()).containsExactly("example.com", "example.org");
    }

    @Test
    void theRestoreRunsWithTheSpecOnTheNewServerAndWipesThePassword() throws Exception {
        m.welcome().chooseRestore();
        wizard.next();
        fillRestorePage();
        restore.mergeProperty().set(true);
        wizard.next();
        connectTo("203.0.113.10");

        wizard.next();

        assertThat(service.lastRestoreSpec.server().host()).as("the new server, not the spec's old one").isEqualTo("203.0.113.10");
        assertThat(service.lastRestoreSpec.domains()).containsExactly("example.com", "example.org");
        assertThat(service.lastRestore.from()).isEqualTo(tmp.resolve("backup"));
        assertThat(service.lastRestore.merge()).isTrue();
        assertThat(service.lastRestore.snapshot()).isEmpty();
        assertThat(service.lastRestorePassword).isEqualTo("otter-quartz-lamp-9317-tidy");
        assertThat(new String(service.lastRestore.password())).as("wiped after the run").isEqualTo("\0".repeat(27));
        assertThat(restore.passwordProperty().get()).as("the field forgets it once the restore went through").isEmpty();
        assertThat(service.runs).as("no install ran besides the restore").hasSize(1);
    }

    @Test
    void aRestoreAfterAnInstallRunsTheRestoreNotTheOldInstall() throws Exception {
        installAndGoToDone();
        while (!wizard.current().id().equals("welcome")) {
            wizard.back();
        }
        m.welcome().chooseRestore();
        wizard.next();
        fillRestorePage();
        wizard.next();
        connectTo("203.0.113.10");

        wizard.next();

        assertThat(service.lastRestore).as("the restore ran on entering the page").isNotNull();
        assertThat(m.install().run().title()).isEqualTo("Restore");
    }

    @Test
    void anotherBackupFolderRestoresAgainOnEnteringTheRestorePageNotOtherwise() throws Exception {
        m.welcome().chooseRestore();
        wizard.next();
        fillRestorePage();
        wizard.next();
        connectTo("203.0.113.10");
        wizard.next();
        wizard.back();
        wizard.next();
        assertThat(service.runs).as("back and forth does not run it again").hasSize(1);
        wizard.back();
        wizard.back();
        restore.chooseFolder(backupFolder(tmp.resolve("older-backup")));
        restore.passwordProperty().set("otter-quartz-lamp-9317-tidy");
        wizard.next();
        wizard.next();

        assertThat(service.runs).hasSize(2);
        assertThat(service.lastRestore.from()).isEqualTo(tmp.resolve("older-backup"));
    }

    @Test
    void afterARestoreDoneListsTheDnsRecordsToChangeAndNeedsNoSheet() throws Exception {
        m.welcome().chooseRestore();
        wizard.next();
        fillRestorePage();
        wizard.next();
        connectTo("203.0.113.10");
        wizard.next();
        wizard.next();
        wizard.next();
        DonePageModel done = m.done();

        assertThat(done.restoredProperty().get()).isTrue();
        assertThat(done.dnsToChange()).extracting(Finding::check)
                .containsExactly("A mail.example.com", "AAAA mail.example.com", "PTR 203.0.113.10");
        assertThat(done.dnsToChange().get(0).fix()).isEqualTo("Change the A record of mail.example.com to 203.0.113.10.");
        assertThat(done.groups()).flatExtracting(DonePageModel.Group::findings).extracting(Finding::check)
                .as("listed once, under DNS to change").doesNotContain("A mail.example.com");
        assertThat(done.headlineProperty().get()).startsWith("The backup is on the new server. Change 3 DNS records");
        assertThat(done.clients()).extracting(DonePageModel.ClientSettings::address).containsExactly("alice@example.com");
        assertThat(done.sheetUnsavedProperty().get()).isFalse();
        assertThat(done.shouldAskBeforeClosing()).isFalse();
    }

    /** Through the set-up pages to Done, as WizardModelsTest walks them. */
    private DonePageModel installAndGoToDone() {
        while (!wizard.current().id().equals("done")) {
            switch (wizard.current().id()) {
                case "connect" -> connectTo("203.0.113.10");
                case "domain" -> {
                    draft.domains.set("example.com");
                    draft.adminAddress.set("alice@example.net");
                }
                case "users" -> draft.mailboxes.add(new Mailbox("alice@example.com", "$2a$12$" + "a".repeat(53)));
                default -> {
                }
            }
            wizard.next();
        }
        return m.done();
    }

    @Test
    void afterAnInstallDoneHoldsTheSheetUntilItIsSaved() {
        DonePageModel done = installAndGoToDone();

        assertThat(done.sheetStateProperty().get()).isEqualTo(SheetState.READY);
        assertThat(done.sheetUnsavedProperty().get()).isTrue();
        assertThat(done.shouldAskBeforeClosing()).isTrue();
        assertThat(done.sheetFileName()).isEqualTo("mailwright-recovery-mail.example.com.html");
    }

    @Test
    void savingTheSheetWritesItForItsOwnerOnlyAndDropsIt() throws Exception {
        DonePageModel done = installAndGoToDone();
        Path file = tmp.resolve("sheets/" + done.sheetFileName());

        done.saveSheet(file);

        assertThat(Files.readString(file)).contains("<code id=\"backup-password\">" + FakeSetupService.BACKUP_PASSWORD + "</code>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(done.sheetSavedToProperty().get()).isEqualTo(file.toAbsolutePath());
        assertThat(done.sheetUnsavedProperty().get()).isFalse();
        assertThat(done.shouldAskBeforeClosing()).isFalse();
        assertThat(done.sheetStateProperty().get()).as("the sheet and its password are dropped").isEqualTo(SheetState.NONE);
        assertThatThrownBy(() -> done.saveSheet(tmp.resolve("again.html"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherCopyReadsTheSheetAgainFirst() throws Exception {
        DonePageModel done = installAndGoToDone();
        done.saveSheet(tmp.resolve("one.html"));
        boolean[] ran = {false};

        done.withSheet(() -> ran[0] = true);

        assertThat(ran[0]).isTrue();
        assertThat(done.sheetStateProperty().get()).isEqualTo(SheetState.READY);
    }

    @Test
    void aSheetTheServerCannotGiveSaysWhyInTheWindowsWordsAndStillAsksBeforeClosing() {
        service.backupsReady = false;

        DonePageModel done = installAndGoToDone();

        assertThat(done.sheetStateProperty().get()).isEqualTo(SheetState.UNAVAILABLE);
        assertThat(done.sheetProblemProperty().get()).startsWith("Could not read the recovery sheet from the server")
                .doesNotContain("apply");
        assertThat(done.shouldAskBeforeClosing()).isTrue();
    }

    @Test
    void closingWithoutTheSheetIsAskedOnce() {
        DonePageModel done = installAndGoToDone();

        done.closeWithoutSheet();

        assertThat(done.shouldAskBeforeClosing()).isFalse();
        assertThat(done.sheetStateProperty().get()).isEqualTo(SheetState.NONE);
        assertThat(done.sheetUnsavedProperty().get()).as("the badge still says so").isTrue();
    }
}
