package org.mailwright.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.engine.Runner;
import org.mailwright.model.PasswordPolicy;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.model.Severity;
import org.mailwright.model.SpecValidator;
import org.mailwright.ui.wizard.assembly.Wizard;
import org.mailwright.ui.FakeSetupService;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.SetupDraft.AliasRow;
import org.mailwright.ui.wizard.SetupDraft.Mailbox;
import org.mailwright.ui.wizard.connect.ConnectPageModel;
import org.mailwright.ui.wizard.dns.DnsPageModel;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.mailwright.ui.wizard.install.InstallPageModel;

/** The wizard's page models on their own: no JavaFX toolkit, a same-thread executor, a fake server. */
class WizardModelsTest {
    @TempDir
    Path tmp;

    FakeSetupService service;
    SetupDraft draft;
    Wizard.Models m;
    WizardModel wizard;
    ProfileStore profiles;

    @BeforeEach
    void setUp() {
        service = new FakeSetupService();
        service.askHostKey = false;
        draft = new SetupDraft();
        profiles = new ProfileStore(tmp.resolve("profiles"));
        m = Wizard.models(draft, service, UiExecutor.sameThread(), profiles, ExportPackage.NOT_WIRED);
        wizard = Wizard.wizard(m, draft);
    }

    private void connect() {
        draft.host.set("203.0.113.10");
        m.connect().passwordProperty().set("server password");
        m.connect().connect();
    }

    /** A cheap valid hash: the validator only checks its form and cost, so tests need not pay for bcrypt. */
    private static final String HASH = "$2a$12$" + "a".repeat(53);

    private void walkTo(String id) {
        while (!wizard.current().id().equals(id)) {
            PageModel p = wizard.current();
            switch (p.id()) {
                case "connect" -> connect();
                case "domain" -> {
                    draft.domains.set("example.com");
                    draft.adminAddress.set("alice@example.net");
                }
                case "users" -> draft.mailboxes.add(new Mailbox("alice@example.com", HASH));
                default -> {
                }
            }
            assertThat(p.getInvalidReason()).as("page %s", p.id()).isEmpty();
            wizard.next();
        }
    }

    @Test
    void startsOnWelcomeWithBackDisabledAndNextEnabled() {
        assertThat(wizard.current().id()).isEqualTo("welcome");
        assertThat(wizard.backDisabledProperty().get()).isTrue();
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
    }

    @Test
    void connectPageKeepsNextDisabledWithTheReasonUntilConnected() {
        wizard.next();
        assertThat(wizard.nextDisabledProperty().get()).isTrue();
        assertThat(wizard.blockedReasonProperty().get()).contains("IP address or host name");
        draft.host.set("203.0.113.10");
        assertThat(wizard.blockedReasonProperty().get()).contains("password");
        m.connect().passwordProperty().set("pw");
        assertThat(wizard.blockedReasonProperty().get()).contains("Press Connect");
        m.connect().connect();
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
        assertThat(m.connect().findings()).extracting(f -> f.severity()).contains(Severity.OK, Severity.WARN);
        assertThat(m.connect().passwordProperty().get()).as("login password forgotten once used").isEmpty();
        assertThat(draft.serverAddresses()).contains("203.0.113.10");
    }

    @Test
    void rejectsABadPortWithAReason() {
        wizard.next();
        draft.host.set("203.0.113.10");
        draft.port.set("70000");
        assertThat(wizard.blockedReasonProperty().get()).contains("1 to 65535");
    }

    @Test
    void changedHostKeyIsAStopAndNextStaysDisabled() {
        service.hostKeyChanged = true;
        wizard.next();
        connect();
        assertThat(m.connect().statusProperty().get()).isEqualTo(ConnectPageModel.Status.HOST_KEY_CHANGED);
        assertThat(m.connect().messageProperty().get()).contains("CHANGED");
        assertThat(wizard.nextDisabledProperty().get()).isTrue();
    }

    @Test
    void refusedHostKeyIsNotAConnection() {
        service.askHostKey = true;
        wizard.next();
        m.connect().setHostKeyDecider(key -> false);
        connect();
        assertThat(service.lastHostKeyAnswer).isFalse();
        assertThat(m.connect().statusProperty().get()).isEqualTo(ConnectPageModel.Status.FAILED);
        assertThat(wizard.nextDisabledProperty().get()).isTrue();
    }

    @Test
    void editingTheHostAfterConnectingAsksToConnectAgain() {
        wizard.next();
        connect();
        draft.host.set("198.51.100.1");
        assertThat(draft.connected.get()).isNull();
        assertThat(wizard.nextDisabledProperty().get()).isTrue();
    }

    @Test
    void mailHostDefaultsToMailDotFirstDomainUntilEdited() {
        walkTo("domain");
        draft.domains.set("example.com, example.org");
        assertThat(draft.hostname.get()).isEqualTo("mail.example.com");
        draft.hostname.set("mx.example.com");
        draft.domains.set("example.net");
        assertThat(draft.hostname.get()).isEqualTo("mx.example.com");
        assertThat(m.domain().serverAddressProperty().get()).contains("203.0.113.10");
    }

    @Test
    void domainPageExplainsABadDomain() {
        walkTo("domain");
        draft.domains.set("exa_mple.com");
        assertThat(wizard.blockedReasonProperty().get()).contains("underscore");
        draft.domains.set("example.com");
        assertThat(wizard.blockedReasonProperty().get()).contains("your own email address");
    }

    @Test
    void dnsRowsComeFromTheRecordPlannerWithADkimPlaceholderAndLiveStatus() {
        walkTo("dns");
        List<DnsPageModel.Row> rows = m.dns().rows();
        assertThat(rows).extracting(DnsPageModel.Row::type).contains("A", "AAAA", "MX", "TXT", "PTR");
        assertThat(rows).filteredOn(DnsPageModel.Row::placeholder).singleElement()
                .satisfies(r -> assertThat(r.value()).contains("created during install"));
        assertThat(rows).filteredOn(r -> r.type().equals("MX")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(Severity.OK));
        assertThat(rows).filteredOn(r -> r.name().startsWith("_dmarc")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(Severity.ERROR));
        assertThat(m.dns().consequencesProperty().get()).contains("spam");
        assertThat(wizard.nextDisabledProperty().get()).as("DNS warnings never block").isFalse();
        assertThat(m.dns().zoneSnippet()).contains("example.com.").contains("IN\tMX");
    }

    @Test
    void dnsPagePlansTheConnectedAddressBehindA1to1NatAsTheEngineDoes() {
        // the fake server's interface has 203.0.113.10; the person connected to the provider's public address
        walkTo("connect");
        draft.host.set("198.51.100.7");
        m.connect().passwordProperty().set("server password");
        m.connect().connect();
        wizard.next();
        draft.domains.set("example.com");
        draft.adminAddress.set("alice@example.net");
        wizard.next();
        assertThat(m.dns().rows()).filteredOn(r -> r.type().equals("A")).extracting(DnsPageModel.Row::value)
                .containsExactly("198.51.100.7", "203.0.113.10");
    }

    @Test
    void certbotNeedsANoticeAddressAndExistingNeedsAbsolutePaths() {
        walkTo("tls");
        assertThat(draft.tlsEmail.get()).as("defaults to the admin").isEqualTo("alice@example.net");
        draft.tlsEmail.set("");
        assertThat(wizard.blockedReasonProperty().get()).contains("email address");
        draft.tlsMode.set(TlsMode.EXISTING);
        assertThat(wizard.blockedReasonProperty().get()).contains("certificate chain");
        draft.certPath.set("etc/cert.pem");
        assertThat(wizard.blockedReasonProperty().get()).contains("absolute");
        draft.certPath.set("/etc/cert.pem");
        draft.certKeyPath.set("/etc/key.pem");
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
        draft.tlsMode.set(TlsMode.SELF_SIGNED);
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
    }

    @Test
    void spamThresholdsMustRise() {
        walkTo("mail");
        assertThat(draft.dkimBits.get()).isEqualTo(2048);
        draft.spamGreylist.set(7);
        assertThat(wizard.blockedReasonProperty().get()).contains("must rise");
        draft.spamGreylist.set(0);
        assertThat(wizard.blockedReasonProperty().get()).contains("above 0");
        draft.spamGreylist.set(4);
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
    }

    @Test
    void usersPageNeedsAMailboxAndPrefillsRequiredAliasesAtTheFirstOne() {
        walkTo("users");
        assertThat(wizard.blockedReasonProperty().get()).contains("at least one mailbox");
        assertThat(m.users().newAddressProperty().get()).as("no admin in this domain: empty").isEmpty();
        draft.mailboxes.add(new Mailbox("alice@example.com", HASH));
        draft.mailboxes.add(new Mailbox("bob@example.com", HASH));
        assertThat(draft.aliases).extracting(AliasRow::from).containsExactly("abuse@example.com", "noc@example.com",
                "security@example.com", "postmaster@example.com", "hostmaster@example.com");
        assertThat(draft.aliases).allSatisfy(a -> assertThat(a.to()).containsExactly("alice@example.com"));
        draft.mailboxes.remove(0);
        assertThat(draft.aliases).as("they follow the first mailbox").allSatisfy(a -> assertThat(a.to()).containsExactly("bob@example.com"));
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
    }

    @Test
    void anAliasThePersonSetIsLeftAlone() {
        walkTo("users");
        draft.mailboxes.add(new Mailbox("alice@example.com", HASH));
        m.users().newAliasFromProperty().set("abuse@example.com");
        m.users().newAliasToProperty().set("alice@example.com, security-team@example.org");
        m.users().addAlias();
        draft.mailboxes.add(0, new Mailbox("bob@example.com", HASH));
        assertThat(draft.aliases).filteredOn(a -> a.from().equals("abuse@example.com")).singleElement()
                .satisfies(a -> assertThat(a.to()).containsExactly("alice@example.com", "security-team@example.org"));
        assertThat(draft.aliases).filteredOn(a -> a.from().equals("noc@example.com")).singleElement()
                .satisfies(a -> assertThat(a.to()).containsExactly("bob@example.com"));
    }

    @Test
    void addingAMailboxHashesThePasswordAndShowsAGeneratedOneOnce() {
        walkTo("users");
        m.users().newAddressProperty().set("alice@example.com");
        m.users().generatePassword();
        String generated = m.users().newPasswordProperty().get();
        assertThat(generated).hasSize(20);
        assertThat(PasswordPolicy.problem(generated)).isEmpty();
        assertThat(m.users().strengthProperty().get()).isGreaterThanOrEqualTo(3);
        m.users().addMailbox();
        Mailbox added = draft.mailboxes.get(0);
        assertThat(added.passwordHash()).startsWith("$2b$12$");
        assertThat(PasswordHasher.matches(generated, added.passwordHash())).isTrue();
        assertThat(m.users().newPasswordProperty().get()).as("form cleared").isEmpty();
        assertThat(m.users().shownPasswordProperty().get()).as("shown once, to copy").isEqualTo(generated);
        wizard.next();
        assertThat(m.users().shownPasswordProperty().get()).as("forgotten when the page is left").isEmpty();
    }

    @Test
    void weakPasswordsAndDuplicatesAreRefusedWithTheReason() {
        walkTo("users");
        m.users().newAddressProperty().set("alice@example.com");
        m.users().newPasswordProperty().set("short");
        assertThat(m.users().passwordProblemProperty().get()).contains("too short");
        assertThat(m.users().strengthProperty().get()).isZero();
        m.users().addMailbox();
        assertThat(draft.mailboxes).isEmpty();
        assertThat(m.users().mailboxProblemProperty().get()).contains("too short");
        draft.mailboxes.add(new Mailbox("alice@example.com", HASH));
        m.users().newPasswordProperty().set("a-much-better-password-1");
        assertThat(m.users().newMailboxProblem()).get().asString().contains("is a mailbox already");
        m.users().newAddressProperty().set("carol@elsewhere.org");
        assertThat(m.users().newMailboxProblem()).get().asString().contains("is not in example.com");
    }

    @Test
    void theSpecBuiltFromTheDraftValidates() {
        walkTo("firewall");
        ServerSpec spec = draft.toSpec();
        assertThat(SpecValidator.validate(spec)).isEmpty();
        assertThat(spec.hostname()).isEqualTo("mail.example.com");
        assertThat(spec.aliases()).containsKey("postmaster@example.com");
        assertThat(spec.server().identity()).isEmpty();
        assertThat(m.firewall().ports()).extracting(p -> p.port()).containsExactly("22", "25", "465", "587", "993", "80");
    }

    @Test
    void reviewPlansWithoutChangingAndInstallAppliesThenVerifyShowsFindings() {
        walkTo("review");
        assertThat(service.runs).containsExactly(Runner.Mode.PLAN);
        assertThat(m.review().plans()).extracting(ReviewPlanTitles::title).contains("Configure OpenSMTPD");
        wizard.next();
        assertThat(service.runs).containsExactly(Runner.Mode.PLAN, Runner.Mode.APPLY);
        assertThat(m.install().stateProperty().get()).isEqualTo(InstallPageModel.State.DONE);
        assertThat(m.install().overallProperty().get()).isEqualTo(1.0);
        assertThat(m.install().steps()).allSatisfy(s -> assertThat(s.progressProperty().get()).isEqualTo(1.0));
        wizard.next();
        assertThat(m.verify().findings()).extracting(f -> f.check()).contains("Outbound port 25");
        m.verify().recheck();
        assertThat(service.runs).endsWith(Runner.Mode.CHECK);
        wizard.next();
        assertThat(m.done().clients()).singleElement().satisfies(c -> {
            assertThat(c.imapHost()).isEqualTo("mail.example.com");
            assertThat(c.imapPort()).isEqualTo(993);
            assertThat(c.submissionPort()).isEqualTo(587);
            assertThat(c.smtpsPort()).isEqualTo(465);
            assertThat(c.username()).isEqualTo("alice@example.com");
        });
    }

    @Test
    void aFailedStepShowsItsFixAndRetryFinishes() {
        service.failingStep = "dovecot";
        service.failuresLeft.set(1);
        walkTo("review");
        wizard.next();
        assertThat(m.install().stateProperty().get()).isEqualTo(InstallPageModel.State.FAILED);
        assertThat(m.install().failureProperty().get().fix()).contains("press Retry");
        assertThat(wizard.nextDisabledProperty().get()).isTrue();
        assertThat(wizard.blockedReasonProperty().get()).contains("Retry");
        m.install().retry();
        assertThat(m.install().stateProperty().get()).isEqualTo(InstallPageModel.State.DONE);
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
    }

    @Test
    void backRetracesAndKeepsWhatWasEntered() {
        walkTo("tls");
        wizard.back();
        assertThat(wizard.current().id()).isEqualTo("dns");
        wizard.back();
        assertThat(wizard.current().id()).isEqualTo("domain");
        assertThat(draft.domains.get()).isEqualTo("example.com");
        assertThat(wizard.done()).contains("welcome", "connect", "domain", "dns");
    }

    @Test
    void doneSavesTheTranscriptAndTheExportSeamIsNotWiredYet() throws Exception {
        walkTo("done");
        Path file = tmp.resolve("t.txt");
        m.done().saveTranscript(file);
        assertThat(Files.readString(file)).contains("connected to root@203.0.113.10:22");
        assertThat(m.done().canExportPackage()).isFalse();
    }

    @Test
    void profilesRememberTheServerButNeverAPassword() throws Exception {
        walkTo("dns");
        List<ServerProfile> saved = profiles.list();
        assertThat(saved).singleElement().satisfies(p -> {
            assertThat(p.host()).isEqualTo("203.0.113.10");
            assertThat(p.domain()).isEqualTo("example.com");
            assertThat(p.hostname()).isEqualTo("mail.example.com");
        });
        try (var files = Files.list(tmp.resolve("profiles"))) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).doesNotContain("server password");
            }
        }
    }

    @Test
    void aKeyLoginsProfileHoldsNeitherPassphraseNorSudoPasswordAndIsPrivate() throws Exception {
        wizard.next();
        draft.host.set("198.51.100.9");
        draft.user.set("admin");
        draft.useKey.set(true);
        draft.keyPath.set("~/.ssh/id_ed25519");
        m.connect().passphraseProperty().set("Key-Phrase-'\"$(id)-77");
        m.connect().passwordProperty().set("Sudo-Pass-`id`-88");
        m.connect().connect();
        assertThat(m.connect().statusProperty().get()).isEqualTo(ConnectPageModel.Status.CONNECTED);
        wizard.next();
        draft.domains.set("example.com");
        draft.adminAddress.set("alice@example.net");
        wizard.next(); // the domain page saves the profile again on leaving
        assertThat(wizard.current().id()).isEqualTo("dns");
        List<Path> files;
        try (var list = Files.list(tmp.resolve("profiles"))) {
            files = list.toList();
        }
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(Files.readString(f)).contains("198.51.100.9", "admin", "id_ed25519", "example.com")
                    .doesNotContain("Key-Phrase").doesNotContain("Sudo-Pass").doesNotContain("$(id)").doesNotContain("`id`");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        });
    }

    @Test
    void welcomeFillsTheDraftFromARecentServer() throws Exception {
        profiles.save(new ServerProfile("198.51.100.7", 2222, "admin", "~/.ssh/id_ed25519", "example.org", "mx.example.org", Instant.now()));
        m.welcome().onEnter();
        m.welcome().use(m.welcome().recentServers().get(0));
        assertThat(draft.host.get()).isEqualTo("198.51.100.7");
        assertThat(draft.portNumber()).isEqualTo(2222);
        assertThat(draft.useKey.get()).isTrue();
        assertThat(draft.hostname.get()).isEqualTo("mx.example.org");
    }

    @Test
    void flowIsLinearAndEndsAfterTheLastPage() {
        Flow f = Flow.linear(List.of("a", "b"));
        assertThat(f.next("a", draft)).contains("b");
        assertThat(f.next("b", draft)).isEmpty();
    }

    /** Keeps the assertion readable. */
    private interface ReviewPlanTitles {
        static String title(org.mailwright.ui.wizard.review.ReviewPageModel.StepPlan p) {
            return p.title();
        }
    }
}
