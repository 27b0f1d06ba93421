package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Collectors;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;
import org.mailwright.session.Cancellation;
import org.mailwright.session.HostKeyQuestion;
import org.mailwright.session.Login;
import org.mailwright.session.SshSession;
import org.mailwright.ui.wizard.SetupDraft;

/**
 * The data-loss trap of issue 13, on a live server per release (mwa-SUITE): apply a spec with one mailbox (alice), add
 * bob and change alice's password on the server with {@code users}, then run the same spec again, the way the wizard
 * would run it again, and pull the spec from the server. Nothing the server has may be removed or re-hashed: bob keeps
 * his login and his mail, alice keeps her new password, and the plan says so instead of showing a {@code -bob} line or
 * a hidden credentials change. The methods run in order because each continues from the server the one before left.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccountsLabTest {
    static final String ALICE = "alice@example.com";
    static final String ALICE_OLD = "Alice-Old-Pw-41";
    static final String ALICE_NEW = "Alice-New-Pw-42";
    static final String BOB = "bob@example.com";
    static final String BOB_PASSWORD = "Bob-Lab-Pw-43";
    /** Comments the person wrote in the spec: {@code spec pull} must keep them. */
    static final String HEADER_COMMENT = "# alice's mail server: written by hand, keep these notes";
    static final String USERS_COMMENT = "# mailboxes: alice here; others are added with `mailwright users add`";
    /** The keys of the spec in the order the file has them. */
    static final List<String> KEYS = List.of("server:", "hostname:", "domains:", "dkim:", "users:", "aliases:", "tls:", "filters:");

    /** What a suite's server went through, for the later methods. */
    static final class Story {
        String planBeforeFirstApply;
        int planBeforeFirstApplyExit;
        String aliceOriginalHash;
        /** Mail delivered to bob before the plan and apply, and after the wizard's run. */
        final List<String> bobsMail = new ArrayList<>();
    }

    private static final Map<String, Story> STORIES = new ConcurrentHashMap<>();
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwa-", ALICE_OLD).user(ALICE).requireApplied()
            .rememberFailure().before(-1, (d, spec, knownHosts) -> {
                // a spec someone keeps: with comments, which spec pull has to keep
                String text = Files.readString(spec);
                Files.writeString(spec, HEADER_COMMENT + "\n" + text.replaceFirst("(?m)^users:", Matcher.quoteReplacement(USERS_COMMENT) + "\nusers:"));
                Story story = new Story();
                Matcher hash = Pattern.compile("password-hash: \"([^\"]+)\"").matcher(text);
                assertThat(hash.find()).as(text).isTrue();
                story.aliceOriginalHash = hash.group(1);
                // the plan that creates the required aliases, for the "was missing" notes
                String[] out = new String[1];
                story.planBeforeFirstApplyExit = LabMailServer.cli(out, null, "plan", spec.toString(), "--accept-host-key", d.hostKeySha256(),
                        "--known-hosts", knownHosts.toString(), "--dns-server", d.gateway(), "--no-internet-checks");
                story.planBeforeFirstApply = out[0];
                STORIES.put(d.suite(), story);
            });

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    // ------------------------------------------------------------------ 1. the server changes under the spec

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void usersAddAndPasswdChangeTheServerBehindTheSpec(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        Story story = STORIES.get(suite);
        assertThat(story.planBeforeFirstApplyExit).as(story.planBeforeFirstApply).isZero();
        assertThat(story.planBeforeFirstApply).as("the plan that creates the required aliases says so").contains("was missing");

        i.manage(BOB_PASSWORD + "\n", "users", "add", BOB, "--password-stdin");
        i.manage(ALICE_NEW + "\n", "users", "passwd", ALICE, "--password-stdin");
        LabMailServer.imapLogin(d, BOB, BOB_PASSWORD);
        LabMailServer.imapLogin(d, ALICE, ALICE_NEW);
        assertThatThrownBy(() -> LabMailServer.imapLogin(d, ALICE, ALICE_OLD)).isInstanceOf(AuthenticationFailedException.class);

        String subject = "for bob, before the plan " + UUID.randomUUID();
        LabMailServer.send(d, LabMailServer.session(d, 587), ALICE, ALICE_NEW, BOB, subject, "bob's mail must survive every apply");
        assertThat(readBobs(d, subject)).as("delivered to bob over IMAPS").isTrue();
        story.bobsMail.add(subject);
    }

    // ------------------------------------------------------------------ 2. plan with the same spec

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void planWithTheSameSpecKeepsBobAndAlicesNewPassword(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        String plan = plan(i, i.spec());
        assertKeepsWhatTheServerHas(plan);
        assertThat(plan).as("the required aliases exist since the first apply").doesNotContain("was missing");
    }

    // ------------------------------------------------------------------ 3. apply with the same spec

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void applyWithTheSameSpecKeepsBobsLoginAndAlicesNewPassword(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        apply(i, i.spec());
        assertAccountsAndMailSurvived(i.droplet(), STORIES.get(suite));
    }

    // ------------------------------------------------------------------ 4. the wizard run again on the same server

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void wizardRunAgainKeepsBobAndAlicesNewPassword(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        Story story = STORIES.get(suite);
        WizardRun run = wizardRun(i, story.aliceOriginalHash);
        assertKeepsWhatTheServerHas(run.plan());
        assertThat(run.installExit()).as(run.install()).isZero();
        assertAccountsAndMailSurvived(d, story);
        assertThat(d.exec("grep", "-q", "^info@" + d.domain() + ":", "/etc/mail/virtuals").ok())
                .as("the alias the wizard's spec does not name is still there").isTrue();

        String subject = "for bob, after the wizard " + UUID.randomUUID();
        LabMailServer.send(d, LabMailServer.session(d, 587), ALICE, ALICE_NEW, BOB, subject, "and mail still reaches him");
        assertThat(readBobs(d, subject)).as("delivered to bob over IMAPS").isTrue();
        story.bobsMail.add(subject);
    }

    // ------------------------------------------------------------------ 5. spec pull, then nothing to change

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void specPullWritesTheServersAccountsIntoTheSpecAndThenNothingChanges(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        Story story = STORIES.get(suite);
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "spec", "pull", i.spec().toString(), "--known-hosts", i.knownHosts().toString());
        assertThat(exit).as(out[0]).isZero();

        String spec = Files.readString(i.spec());
        System.err.println("[" + d.name() + "] the spec after spec pull:\n" + spec);
        assertThat(spec).as("comments kept").contains(HEADER_COMMENT, USERS_COMMENT);
        List<Integer> positions = KEYS.stream().map(k -> indexOfKey(spec, k)).toList();
        assertThat(positions).as("keys " + KEYS + " kept, in their order").doesNotContain(-1).isSorted();
        String credentials = d.exec("cat", "/etc/mail/credentials").output();
        assertThat(spec).contains(BOB, hashOnServer(credentials, BOB), hashOnServer(credentials, ALICE))
                .doesNotContain(story.aliceOriginalHash);

        String plan = plan(i, i.spec());
        assertThat(plan).contains("no changes").doesNotContain("kept:").doesNotContain("kept the server's password")
                .doesNotContain("+ mailbox").doesNotContain("~ password of").doesNotContain("(secret content")
                .doesNotContain("was missing");
        assertThat(apply(i, i.spec())).contains("Nothing to change");
        assertAccountsAndMailSurvived(d, story);
    }

    // ------------------------------------------------------------------ 6. more domains (issue 14: several domains)

    /**
     * A domain added with {@code domains add} (its postmaster bob) and one added to the spec without a mailbox of its
     * own (its required aliases deliver to alice in another domain): apply verifies delivery and DKIM for each, keeps
     * the added domain, and the table commands list them all.
     */
    @Order(6)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void everyDomainOfTheServerIsServedVerifiedAndListed(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String added = i.manage(null, "domains", "add", "example.org", "--postmaster", BOB);
        assertThat(added).contains("dkim._domainkey.example.org.\t3600\tIN\tTXT\t\"v=DKIM1; k=rsa; p=");
        Files.writeString(i.spec(), Files.readString(i.spec()).replaceFirst("(?m)^domains:(\\s*)\\[" + Pattern.quote(d.domain()) + "\\]",
                "domains:$1[" + d.domain() + ", example.net]"));
        String applied = apply(i, i.spec());
        assertThat(applied).contains("+ domain example.net", "+ alias postmaster@example.net -> " + ALICE)
                .contains("ok  Delivery example.net: a message to postmaster@example.net (an alias) reached /var/vmail/" + d.domain() + "/alice")
                .contains("ok  Delivery example.org: a message to postmaster@example.org (an alias) reached /var/vmail/" + d.domain() + "/bob")
                .contains("ok  DKIM example.net: outgoing mail is signed", "ok  DKIM example.org: outgoing mail is signed")
                .contains("kept: 1 domain not in this spec: example.org");
        assertThat(d.exec("cat", "/etc/rspamd/local.d/dkim_signing.conf").output()).contains("example.org {", "example.net {", d.domain() + " {");
        assertThat(i.manage(null, "aliases", "list")).contains("postmaster@example.net", "postmaster@example.org");
        assertThat(i.manage(null, "users", "list")).contains(ALICE, BOB);
        assertThat(apply(i, i.spec())).contains("Nothing to change");
    }

    // ------------------------------------------------------------------ the contract

    /**
     * A plan for a spec with only alice (and the hash she had before {@code users passwd}) on a server that also has bob:
     * no line removing a mailbox, no hidden credentials diff, and both kept by name.
     */
    private static void assertKeepsWhatTheServerHas(String plan) {
        assertThat(plan).as("no mailbox that exists on the server is removed")
                .doesNotContainPattern("(?m)^\\s*-\\s*" + Pattern.quote(BOB))
                .doesNotContainPattern("(?m)^\\s*-\\s*" + Pattern.quote(ALICE));
        assertThat(plan).as("no hidden change of /etc/mail/credentials").doesNotContain("(secret content");
        assertThat(plan).contains("kept: 1 mailbox not in this spec: " + BOB)
                .contains("kept the server's password of " + ALICE)
                .doesNotContain("~ password of " + ALICE)
                .doesNotContain("+ mailbox " + ALICE);
    }

    /** Bob logs in with his password, alice with her new one and not her old one, and bob's mail is all there. */
    private static void assertAccountsAndMailSurvived(LabDroplet d, Story story) throws Exception {
        LabMailServer.imapLogin(d, BOB, BOB_PASSWORD);
        LabMailServer.imapLogin(d, ALICE, ALICE_NEW);
        assertThatThrownBy(() -> LabMailServer.imapLogin(d, ALICE, ALICE_OLD)).as("alice's old password")
                .isInstanceOf(AuthenticationFailedException.class);
        for (String subject : story.bobsMail) {
            assertThat(readBobs(d, subject)).as("bob's '" + subject + "' over IMAPS").isTrue();
        }
    }

    // ------------------------------------------------------------------ the runs

    /** What the wizard showed on its review page and how its install ended. */
    record WizardRun(String plan, int installExit, String install) {
    }

    /**
     * The wizard's own path, without the window: a {@link SetupDraft} filled in as the pages fill it when the wizard is
     * run again for this server (only alice, with the hash the wizard made the first time; no aliases typed), its spec,
     * and the session front door the Review page (plan) and the Install page (apply) drive.
     */
    private static WizardRun wizardRun(Installed i, String aliceHash) throws Exception {
        LabDroplet d = i.droplet();
        SetupDraft draft = new SetupDraft();
        draft.host.set(d.host());
        draft.port.set(Integer.toString(d.sshPort()));
        draft.user.set("root");
        draft.useKey.set(true);
        draft.keyPath.set(d.sshKey().toString());
        draft.domains.set(d.domain());
        draft.hostname.set(d.mailHost());
        draft.adminAddress.set(ALICE);
        draft.tlsMode.set(ServerSpec.TlsMode.CERTBOT);
        draft.tlsEmail.set(ALICE);
        draft.acmeServer.set(d.acmeDirectory().toString());
        draft.acmeCa.set(d.acmeCa().toString());
        draft.filterRdns.set(ServerSpec.FilterPolicy.OFF);
        draft.filterFcrdns.set(ServerSpec.FilterPolicy.OFF);
        draft.filterSenderscore.set(ServerSpec.FilterPolicy.OFF);
        draft.mailboxes.add(new SetupDraft.Mailbox(ALICE, aliceHash));
        ServerSpec spec = draft.toSpec();
        SshSession.Options options = SshSession.Options.defaults().withKnownHosts(i.knownHosts()).withDnsServer(d.gateway())
                .withInternetChecks(false);
        try (SshSession session = new SshSession(options)) {
            session.connect(Login.fromSpec(spec.server(), name -> null), HostKeyQuestion.rejectUnknown());
            RunReport plan = session.run(Runner.Mode.PLAN, spec, RunListener.NONE, new Cancellation());
            String planText = plan.outcomes().stream().filter(o -> o.plan() != null).map(o -> o.plan().render()).collect(Collectors.joining());
            System.err.println("[" + d.name() + "] the wizard's review plan:\n" + planText);
            RunReport install = session.run(Runner.Mode.APPLY, spec, RunListener.NONE, new Cancellation());
            String findings = install.findings().stream().map(Object::toString).collect(Collectors.joining("\n"));
            return new WizardRun(planText, install.severity() == Severity.ERROR ? 1 : 0, findings);
        }
    }

    private static String plan(Installed i, Path spec) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "plan", spec.toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        return out[0];
    }

    private static String apply(Installed i, Path spec) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "apply", spec.toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        return out[0];
    }

    private static boolean readBobs(LabDroplet d, String subject) throws Exception {
        return LabMailServer.awaitInInbox(d, LabMailServer.session(d, 587), BOB, BOB_PASSWORD, subject, 40, Duration.ofMillis(500)).isPresent();
    }

    /** The bcrypt hash of {@code address} in /etc/mail/credentials ({@code address:hash::::::}). */
    private static String hashOnServer(String credentials, String address) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(address) + ":([^:]+):").matcher(credentials);
        assertThat(m.find()).as(address + " in /etc/mail/credentials").isTrue();
        return m.group(1);
    }

    /** Where {@code key} starts a line of the spec (a top-level key), or -1. */
    private static int indexOfKey(String spec, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key)).matcher(spec);
        return m.find() ? m.start() : -1;
    }
}
