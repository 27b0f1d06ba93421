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
        assertThat(m.users().mailboxProblemProperty().get()).as("said once, under the password").isEmpty();
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
        assertThat(m.done().savedProperty().get()).as("says where it went").isEqualTo("Saved the transcript to " + file + ".");
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

    // ---- issue 14: pages reflect what happened on the server

    @Test
    void backToReviewAfterAnInstallPlansAgainAndInstallStartsANewRun() {
        service.failingStep = "mailboxes";
        service.failuresLeft.set(1);
        walkTo("review");
        wizard.next();
        assertThat(m.install().stateProperty().get()).isEqualTo(InstallPageModel.State.FAILED);
        wizard.back();
        assertThat(wizard.current().id()).isEqualTo("review");
        assertThat(service.runs).as("planned again: the install changed the server").endsWith(Runner.Mode.APPLY, Runner.Mode.PLAN);
        assertThat(m.review().subtitle()).doesNotContain("Nothing has changed").contains("The install has run");
        assertThat(m.review().plans()).filteredOn(p -> p.changeCount() > 0).extracting(ReviewPlanTitles::title)
                .containsExactly("Mailboxes and aliases");
        assertThat(m.review().statusProperty().get()).isEqualTo("2 changes in 1 step.");
        wizard.next();
        assertThat(service.runs).as("a new run, not the old failed one").endsWith(Runner.Mode.PLAN, Runner.Mode.APPLY);
        assertThat(m.install().stateProperty().get()).isEqualTo(InstallPageModel.State.DONE);
        assertThat(m.install().failureProperty().get()).isNull();
    }

    @Test
    void comingBackFromVerifyShowsTheRunThatWasNotANewOne() {
        walkTo("verify");
        int runs = service.runs.size();
        wizard.back();
        assertThat(wizard.current().id()).isEqualTo("install");
        assertThat(service.runs).hasSize(runs);
        assertThat(m.install().stateProperty().get()).isEqualTo(InstallPageModel.State.DONE);
    }

    @Test
    void aCertbotFailureLetsThePersonGoOnWithTheCertificateAsWhatIsLeft() {
        service.certbotFails = true;
        walkTo("review");
        wizard.next();
        assertThat(m.install().stateProperty().get()).as("mail works on the temporary certificate").isEqualTo(InstallPageModel.State.DONE);
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
        assertThat(m.install().problems()).singleElement().satisfies(f -> {
            assertThat(f.message()).contains("could not look up the ACME server's name acme-v02.api.letsencrypt.org")
                    .doesNotContain("HTTPSConnectionPool", "Error:");
            assertThat(f.fix()).contains("resolver").doesNotContain("A record", "port 80", "apply");
        });
        assertThat(m.install().currentProperty().get()).contains("1 problem left");
        wizard.next();
        assertThat(m.verify().findings()).extracting(f -> f.check()).contains("TLS certificate");
        wizard.next();
        assertThat(m.done().headlineProperty().get()).doesNotContain("ready").contains("Left to do: the certificate");
        assertThat(m.done().groups()).first().extracting(DonePageModel_Group::title).isEqualTo("Certificate");
    }

    @Test
    void reviewShowsAccountsByAddressNoSecretTableAndItsNotesInTheWindowsWords() {
        walkTo("review");
        var mailboxes = m.review().plans().stream().filter(p -> p.title().equals("Mailboxes and aliases")).findFirst().orElseThrow();
        assertThat(mailboxes.accounts()).containsExactly("+ mailbox alice@example.com");
        assertThat(mailboxes.diffs()).as("the credentials table is secret: no diff, as in the CLI's plan").isEmpty();
        assertThat(mailboxes.notes()).containsExactly("kept: 1 mailbox not in this setup: carol@example.com");
    }

    @Test
    void installProgressNeverGoesBackAndAptStatusLinesAreWordsInTheLog() {
        service.aptProgressDropsBack = true;
        List<Double> seen = new java.util.ArrayList<>();
        m.install().steps().addListener((javafx.collections.ListChangeListener<InstallPageModel.StepRow>) c ->
                m.install().steps().stream().filter(r -> r.id().equals("packages"))
                        .forEach(r -> r.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue()))));
        walkTo("review");
        wizard.next();
        assertThat(seen).isNotEmpty().isSorted();
        assertThat(m.install().log()).noneMatch(l -> l.contains("dlstatus") || l.contains("pmstatus"))
                .anyMatch(l -> l.endsWith("Installing redis-server (5:7.0.15-1)"));
    }

    @Test
    void anotherAcmeServerGoesIntoTheSpecCheckedByTheSpecsRules() throws Exception {
        walkTo("tls");
        var tls = m.tls();
        tls.choiceProperty().set(org.mailwright.ui.wizard.tls.TlsPageModel.Choice.OTHER_ACME);
        assertThat(wizard.blockedReasonProperty().get()).contains("directory URL");
        draft.acmeServer.set("http://acme.test/dir");
        assertThat(wizard.blockedReasonProperty().get()).contains("must be an https:// ACME directory URL");
        draft.acmeServer.set("https://acme.test/dir");
        draft.acmeCa.set("ca.pem");
        assertThat(wizard.blockedReasonProperty().get()).contains("relative path");
        draft.acmeCa.set(tmp.resolve("missing.pem").toString());
        assertThat(wizard.blockedReasonProperty().get()).contains("no CA file");
        Path ca = Files.writeString(tmp.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        draft.acmeCa.set(ca.toString());
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
        assertThat(draft.toSpec().tls().acmeServer()).contains("https://acme.test/dir");
        assertThat(draft.toSpec().tls().acmeCa()).contains(ca.toString());
        tls.choiceProperty().set(org.mailwright.ui.wizard.tls.TlsPageModel.Choice.LETS_ENCRYPT);
        assertThat(draft.toSpec().tls().acmeServer()).isEmpty();
        tls.choiceProperty().set(org.mailwright.ui.wizard.tls.TlsPageModel.Choice.OTHER_ACME);
        assertThat(draft.acmeServer.get()).as("what was typed is kept").isEqualTo("https://acme.test/dir");
    }

    @Test
    void extraFirewallPortsGoIntoTheSpecCheckedByTheSpecsRules() {
        walkTo("firewall");
        draft.extraPorts.set("8080, 70000");
        assertThat(wizard.blockedReasonProperty().get()).contains("70000 is not a TCP port");
        draft.extraPorts.set("8080 web");
        assertThat(wizard.blockedReasonProperty().get()).contains("'web' is not a port number");
        draft.extraPorts.set("8080, 443 8080");
        assertThat(wizard.nextDisabledProperty().get()).isFalse();
        assertThat(draft.toSpec().firewall().extraPorts()).containsExactly(8080, 443);
        assertThat(m.firewall().ports()).extracting(p -> p.port()).endsWith("8080", "443");
    }

    @Test
    void generateClearsAPasswordProblemTheAddButtonSaid() {
        walkTo("users");
        m.users().newAddressProperty().set("alice@example.com");
        m.users().addMailbox();
        assertThat(m.users().mailboxProblemProperty().get()).isNotEmpty();
        m.users().generatePassword();
        assertThat(m.users().mailboxProblemProperty().get()).isEmpty();
        assertThat(m.users().passwordProblemProperty().get()).isEmpty();
    }

    @Test
    void countsSayOneAndManyWithTheOnePluralizer() {
        walkTo("verify");
        assertThat(m.verify().summaryProperty().get()).contains("1 warning,").contains("0 problems");
        assertThat(m.verify().findings().get(0).check()).as("what needs the person first").isEqualTo("Outbound port 25");
        assertThat(m.verify().findingsText()).contains("Warning  Outbound port 25: connections to other mail servers time out");
    }

    @Test
    void theDnsCopyButtonCopiesTheWholeRecord() {
        walkTo("dns");
        DnsPageModel.Row mx = m.dns().rows().stream().filter(r -> r.type().equals("MX")).findFirst().orElseThrow();
        assertThat(mx.asText()).contains("Name:  example.com", "Type:  MX", "Value: " + mx.value());
    }

    @Test
    void doneGroupsWhatIsLeftAndItsHeadlineSaysWhatNotReady() {
        List<org.mailwright.model.Finding> nine = List.of(
                org.mailwright.model.Finding.ok("SMTP 25", "answers"),
                org.mailwright.model.Finding.warn("AAAA mail.example.com", "no AAAA", "Publish it."),
                org.mailwright.model.Finding.warn("SPF example.com", "no SPF", "Publish it."),
                org.mailwright.model.Finding.error("DMARC example.com", "no DMARC", "Publish it."),
                org.mailwright.model.Finding.warn("DKIM example.com", "no DKIM", "Publish it."),
                org.mailwright.model.Finding.warn("PTR 203.0.113.10", "no PTR", "Ask."),
                org.mailwright.model.Finding.warn("MX example.org", "no MX", "Publish it."),
                org.mailwright.model.Finding.warn("Outbound port 25", "blocked", "Ask."),
                org.mailwright.model.Finding.error("TLS certificate", "temporary", "run apply again"),
                org.mailwright.model.Finding.warn("Memory", "1 GiB", "More."));
        var groups = org.mailwright.ui.wizard.done.DonePageModel.group(nine);
        assertThat(groups).extracting(DonePageModel_Group::title)
                .containsExactly("Certificate", "DNS records", "Sending to other servers", "Other");
        assertThat(groups.get(1).findings()).hasSize(6).first().extracting(f -> f.severity()).isEqualTo(Severity.ERROR);
        assertThat(groups.get(0).findings().get(0).fix()).doesNotContain("apply");
    }

    /** Keeps the assertion readable. */
    private interface DonePageModel_Group {
        static String title(org.mailwright.ui.wizard.done.DonePageModel.Group g) {
            return g.title();
        }
    }

    /** Keeps the assertion readable. */
    private interface ReviewPlanTitles {
        static String title(org.mailwright.ui.wizard.review.ReviewPageModel.StepPlan p) {
            return p.title();
        }
    }
}
