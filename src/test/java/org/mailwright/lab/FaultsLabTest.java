package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.engine.steps.MailSteps;
import org.mailwright.model.Severity;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.OutputListener;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;
import org.mailwright.remote.Transcript;
import org.mailwright.spec.SpecReader;

/**
 * Faults on a real droplet, in the order a bad first day would bring them, each ending with a working server and
 * nothing lost: the dpkg lock held by "unattended-upgrades" (wait, say why, cancel; then go on when it is released),
 * the connection cut while dpkg runs, the ACME server down during setup (temporary certificate, then the real one on
 * a later apply), the connection cut while config files are written, and configs the validators reject.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsLabTest {
    static final String USER = "john@example.com";
    static final String PASSWORD = "Faults-lab-9;`x`";
    static final String NEW_USER = "jane@example.com";
    static final String NEW_PASSWORD = "Jane's-lab-pw-2";
    /** A held lock looks like unattended-upgrades: apt names the holder by its process name. */
    static final String HOLD_LOCK = "setsid perl -e '$0=\"unattended-upgr\"; use Fcntl;"
            + " my $fl = pack(\"s s x4 q q i x4\", F_WRLCK, 0, 0, 0, 0);"
            + " open(my $f, \">>\", \"/var/lib/dpkg/lock-frontend\") or die; fcntl($f, F_SETLKW, $fl) or die \"lock: $!\";"
            + " open(my $g, \">>\", \"/var/lib/dpkg/lock\") or die; fcntl($g, F_SETLKW, $fl) or die \"lock: $!\"; sleep 3600'"
            + " </dev/null >/dev/null 2>&1 & echo $! > /run/lab-lock-holder.pid";
    /** The server side of every SSH session (sshd on 12, sshd-session on 13), never the listener. */
    static final String CUT = "pkill -KILL -f '^sshd(-session)?: [a-z]+@notty'";

    private static final Map<String, Lab> LABS = new HashMap<>();

    static final class Lab {
        LabDroplet d;
        Path dir;
        Path spec;
        Path knownHosts;
    }

    static Lab lab(String suite) throws Exception {
        Lab lab = LABS.get(suite);
        if (lab == null) {
            lab = new Lab();
            lab.d = LabDroplet.up(suite, "mwf-" + suite);
            LABS.put(suite, lab);
            lab.dir = Files.createTempDirectory("mailwright-faults-" + suite);
            lab.spec = lab.dir.resolve("server.yaml");
            lab.knownHosts = lab.dir.resolve("known_hosts");
            Files.writeString(lab.spec, spec(lab.d, List.of(USER), "reject: 15, add-header: 6, greylist: 4"));
        }
        return lab;
    }

    static String spec(LabDroplet d, List<String> users, String spam) {
        StringBuilder u = new StringBuilder();
        for (String a : users) {
            u.append("  - { address: ").append(a).append(", password-hash: \"")
                    .append(PasswordHasher.hash(a.equals(USER) ? PASSWORD : NEW_PASSWORD)).append("\" }\n");
        }
        return """
                server:   { host: %s, port: %d, user: root, identity: %s }
                hostname: %s
                domains:  [%s]
                users:
                %s
                spam:     { %s }
                tls:      { mode: certbot, email: %s, acme-server: "%s", acme-ca: %s }
                filters:  { dyndns: junk, rdns: off, fcrdns: off, senderscore: off }
                """.formatted(d.host(), d.sshPort(), d.sshKey(), d.mailHost(), d.domain(), u, spam, USER, d.acmeDirectory(), d.acmeCa());
    }

    @AfterAll
    static void tearDown() {
        LABS.values().forEach(l -> l.d.close());
        LABS.clear();
    }

    // ------------------------------------------------------------------ 1. the dpkg lock, and a cut during dpkg

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    @Order(1)
    void heldDpkgLockIsWaitedForAndTheWaitCanBeCancelled(String suite) throws Exception {
        Lab lab = lab(suite);
        LabDroplet d = lab.d;
        // ACME down for the whole first day: certbot will fail at the end of the first complete run
        d.acme(false);
        assertThat(d.exec("sh", "-c", HOLD_LOCK).ok()).isTrue();
        try (SshRemoteHost host = connect(lab)) {
            EngineRun run = new EngineRun(host, lab);
            run.await(Duration.ofMinutes(5), () -> run.saw("Waiting for another package manager"));
            assertThat(run.said("Waiting for another package manager")).contains("unattended-upgr");
            Instant asked = Instant.now();
            run.cancel.cancel();
            RunReport report = run.report.get(60, TimeUnit.SECONDS);
            Duration took = Duration.between(asked, Instant.now());
            System.err.println("[faults] cancel while waiting for the lock took " + took.toMillis() + " ms");
            assertThat(report.cancelled()).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(15));
        }
        // ours is gone (at the latest when its short try ends), the other package manager is left alone
        Instant until = Instant.now().plusSeconds(15);
        while (d.exec("pgrep", "-x", "apt-get").ok() && Instant.now().isBefore(until)) {
            Thread.sleep(500);
        }
        assertThat(d.exec("sh", "-c", "pgrep -a -x apt-get || true").output().strip()).isEmpty();
        assertThat(d.exec("sh", "-c", "kill -0 $(cat /run/lab-lock-holder.pid)").ok()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    @Order(2)
    void releasedLockLetsTheInstallGoOnAndACutDuringDpkgIsRepairedByTheNextApply(String suite) throws Exception {
        Lab lab = lab(suite);
        LabDroplet d = lab.d;
        try (SshRemoteHost host = connect(lab)) {
            EngineRun run = new EngineRun(host, lab);
            run.await(Duration.ofMinutes(5), () -> run.saw("Waiting for another package manager"));
            Thread.sleep(3000);
            assertThat(run.report).as("still waiting while the lock is held").isNotDone();
            assertThat(d.exec("sh", "-c", "kill $(cat /run/lab-lock-holder.pid)").ok()).isTrue();
            // the install goes on: cut the connection while dpkg itself is working, and kill dpkg as a hang-up would
            run.await(Duration.ofMinutes(10), () -> d.exec("pgrep", "-x", "dpkg").ok() || run.report.isDone());
            assertThat(run.report).as("the install finished before dpkg was seen: " + run.messages).isNotDone();
            d.exec("sh", "-c", CUT + "; pkill -KILL -x dpkg; true");
            RunReport report = run.report.get(3, TimeUnit.MINUTES);
            assertThat(report.severity()).isEqualTo(Severity.ERROR);
            assertThat(String.join("\n", report.findings().stream().map(f -> f.message() + " " + f.fix()).toList()))
                    .containsPattern("(?i)connection|lost|closed");
        }
        String audit = d.exec("sh", "-c", "dpkg --audit; ls -A /var/lib/dpkg/updates").output();
        System.err.println("[faults] after the cut, dpkg --audit and updates/:\n" + audit);

        String[] out = new String[1];
        int exit = apply(lab, out, lab.spec);
        if (!audit.isBlank()) {
            assertThat(out[0]).contains("finish an interrupted package installation");
        }
        // the ACME server is still down: everything else is set up, and the run says what failed and what to do
        assertThat(exit).as(out[0]).isEqualTo(1);
        assertThat(out[0]).contains("certbot could not get a certificate").contains("temporary self-signed certificate")
                .contains("run apply again").contains("Configure Dovecot").contains("Verify");
        assertThat(d.exec("sh", "-c", "dpkg --audit; ls -A /var/lib/dpkg/updates").output()).isBlank();
        for (String unit : List.of("opensmtpd", "dovecot", "rspamd", "redis-server")) {
            assertThat(d.exec("systemctl", "is-active", unit).output().strip()).as(unit).isEqualTo("active");
        }
    }

    // ------------------------------------------------------------------ 2. certbot failing, then working

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    @Order(3)
    void withTheAcmeServerDownMailWorksOnATemporaryCertificateAndALaterApplyGetsTheRealOne(String suite) throws Exception {
        Lab lab = lab(suite);
        LabDroplet d = lab.d;
        String standIn = d.exec("cat", "/etc/ssl/mailwright/fullchain.pem").output();
        assertThat(standIn).contains("BEGIN CERTIFICATE");
        assertThat(d.exec("grep", "-c", "/etc/ssl/mailwright/fullchain.pem", "/etc/smtpd.conf").ok()).isTrue();
        sendAndRead(d, LabMailServer.trusting(standIn.getBytes(StandardCharsets.US_ASCII)).getSocketFactory(), USER, PASSWORD, 587);

        String[] out = new String[1];
        assertThat(apply(lab, out, lab.spec)).as("a retry while the ACME server is still down").isEqualTo(1);
        assertThat(out[0]).contains("certbot could not get a certificate");
        assertThat(d.exec("cat", "/etc/ssl/mailwright/fullchain.pem").output()).as("the temporary certificate is kept").isEqualTo(standIn);

        d.acme(true);
        assertThat(apply(lab, out, lab.spec)).as(out[0]).isZero();
        assertThat(d.exec("sh", "-c", "openssl x509 -in /etc/letsencrypt/live/mail.example.com/fullchain.pem -noout -issuer").output())
                .containsIgnoringCase("pebble");
        assertThat(d.exec("grep", "-c", "/etc/letsencrypt/live/mail.example.com/fullchain.pem", "/etc/smtpd.conf").ok()).isTrue();
        assertThat(d.exec("grep", "-c", "/etc/letsencrypt/live/mail.example.com/fullchain.pem", "/etc/dovecot/dovecot.conf").ok()).isTrue();
        sendAndRead(d, LabMailServer.trustingLabCa(d), USER, PASSWORD, 465);
    }

    // ------------------------------------------------------------------ 3. a cut while config files are written

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    @Order(4)
    void aCutWhileConfigsAreWrittenLeavesNoHalfFileAndTheNextApplyFinishes(String suite) throws Exception {
        Lab lab = lab(suite);
        LabDroplet d = lab.d;
        Path spec2 = lab.dir.resolve("server-2.yaml");
        Files.writeString(spec2, spec(d, List.of(USER, NEW_USER), "reject: 14, add-header: 7, greylist: 5"));
        List<String> files = List.of("/etc/rspamd/local.d/actions.conf", "/etc/smtpd.conf", "/etc/mail/credentials", "/etc/mail/virtuals");
        Map<String, String> before = contents(d, files);

        AtomicInteger uploads = new AtomicInteger();
        List<String> written = new CopyOnWriteArrayList<>();
        try (SshRemoteHost ssh = connect(lab)) {
            RemoteHost cutting = new CuttingHost(ssh) {
                @Override
                public void uploadAtomic(String path, byte[] content, int mode, String owner, String group) {
                    if (uploads.incrementAndGet() == 2) {
                        // the cut lands somewhere inside this upload: staging, install or rename
                        Thread cutter = new Thread(() -> d.exec("sh", "-c", "sleep 0.05; " + CUT));
                        cutter.start();
                    }
                    super.uploadAtomic(path, content, mode, owner, group);
                    written.add(path);
                }
            };
            EngineRun run = new EngineRun(cutting, lab, spec2);
            RunReport report = run.report.get(10, TimeUnit.MINUTES);
            assertThat(report.severity()).isEqualTo(Severity.ERROR);
        }
        System.err.println("[faults] uploads finished before the cut: " + written);
        Map<String, String> middle = contents(d, files);

        String[] out = new String[1];
        assertThat(apply(lab, out, spec2)).as(out[0]).isZero();
        Map<String, String> after = contents(d, files);
        for (String f : files) {
            assertThat(middle.get(f)).as(f + " after the cut is either the old file or the new one, never a part")
                    .isIn(before.get(f), after.get(f));
        }
        assertThat(after).isNotEqualTo(before);
        assertThat(d.exec("sh", "-c", "find /etc /root /home -xdev \\( -name '.*.mailwright-tmp-*' -o -name '.mailwright-upload-*' \\) -print").output())
                .as("no staging copies left").isBlank();
        sendAndRead(d, LabMailServer.trustingLabCa(d), NEW_USER, NEW_PASSWORD, 587);
        assertThat(apply(lab, out, spec2)).isZero();
        assertThat(out[0]).contains("Nothing to change");
    }

    // ------------------------------------------------------------------ 4. configs the validators reject

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    @Order(5)
    void rejectedConfigsAreRolledBackNamingTheLineAndTheServicesKeepRunning(String suite) throws Exception {
        Lab lab = lab(suite);
        LabDroplet d = lab.d;
        try (SshRemoteHost host = connect(lab)) {
            StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);
            String pid = d.exec("systemctl", "show", "-p", "MainPID", "--value", "dovecot").output().strip();
            String conf = new String(host.read("/etc/dovecot/dovecot.conf").orElseThrow(), StandardCharsets.UTF_8);
            String broken = conf + "no_such_setting_here = 1\n";
            int line = (int) broken.lines().count();
            FileChange change = ConfigFiles.plan(ctx, "/etc/dovecot/dovecot.conf", broken, 0644, "root", "root", false).orElseThrow();
            assertThatThrownBy(() -> ConfigFiles.write(ctx, List.of(change), Optional.of(Command.of("doveconf", "-n")), "doveconf -n"))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("rolled back")
                    .hasMessageContaining("/etc/dovecot/dovecot.conf line " + line + ": \"no_such_setting_here = 1\"");
            assertThat(new String(host.read("/etc/dovecot/dovecot.conf").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(conf);
            assertThat(d.exec("systemctl", "is-active", "dovecot").output().strip()).isEqualTo("active");
            assertThat(d.exec("systemctl", "show", "-p", "MainPID", "--value", "dovecot").output().strip()).isEqualTo(pid);

            String actions = new String(host.read("/etc/rspamd/local.d/actions.conf").orElseThrow(), StandardCharsets.UTF_8);
            FileChange badRspamd = ConfigFiles.plan(ctx, "/etc/rspamd/local.d/actions.conf", actions + "reject = {{ 15;\n", 0644, "root", "root", false)
                    .orElseThrow();
            assertThatThrownBy(() -> ConfigFiles.write(ctx, List.of(badRspamd), Optional.of(Command.of("rspamadm", "configtest")), "rspamadm configtest"))
                    .isInstanceOf(StepFailedException.class).hasMessageContaining("rolled back").hasMessageContaining("actions.conf");
            assertThat(new String(host.read("/etc/rspamd/local.d/actions.conf").orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(actions);
            assertThat(d.exec("rspamadm", "configtest").ok()).isTrue();
        }
        sendAndRead(d, LabMailServer.trustingLabCa(d), USER, PASSWORD, 587);
    }

    // ------------------------------------------------------------------ helpers

    static SshRemoteHost connect(Lab lab) {
        return SshRemoteHost.connect(new SshTarget(lab.d.host(), lab.d.sshPort(), "root", Auth.keyFile(lab.d.sshKey())),
                new HostKeyStore(lab.knownHosts), HostKeyPrompt.acceptFingerprint(lab.d.hostKeySha256()));
    }

    static int apply(Lab lab, String[] out, Path spec) {
        return LabMailServer.cli(out, null, "apply", spec.toString(), "--accept-host-key", lab.d.hostKeySha256(),
                "--known-hosts", lab.knownHosts.toString(), "--dns-server", lab.d.gateway(), "--no-internet-checks");
    }

    static Map<String, String> contents(LabDroplet d, List<String> files) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : files) {
            out.put(f, d.exec("sh", "-c", "cat " + f + " 2>/dev/null || echo MISSING").output());
        }
        return out;
    }

    /** Submits a message as {@code user} (587 STARTTLS or 465) to itself and finds it over IMAPS, trusting only {@code tls}. */
    static void sendAndRead(LabDroplet d, SSLSocketFactory tls, String user, String password, int port) throws Exception {
        Session session = LabMailServer.session(d, port, tls, Duration.ofSeconds(30));
        String subject = "fault-lab " + UUID.randomUUID();
        LabMailServer.send(d, session, user, password, user, subject, "still working\n");
        LabMailServer.awaitInInbox(d, session, user, password, subject, 60, Duration.ofSeconds(1))
                .orElseThrow(() -> new AssertionError("'" + subject + "' was not delivered to " + user + " within 60 s"));
    }

    /** An apply run through the engine in the background, with its messages and a cancel button. */
    static final class EngineRun {
        final Cancel cancel = new Cancel();
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<RunReport> report;

        EngineRun(RemoteHost host, Lab lab) throws Exception {
            this(host, lab, lab.spec);
        }

        EngineRun(RemoteHost host, Lab lab, Path specFile) throws Exception {
            var spec = SpecReader.read(Files.readString(specFile));
            var dns = new DnsRecords.Options(ResolverChoice.Server.parse(lab.d.gateway()), false, false);
            RunListener listener = new RunListener() {
                @Override
                public void message(String stepId, String message) {
                    messages.add(stepId + ": " + message);
                    System.err.println("[faults] " + stepId + ": " + message);
                }

                @Override
                public void stepStarted(Step step, int index, int count) {
                    messages.add(step.id() + ": started");
                }
            };
            report = CompletableFuture.supplyAsync(() -> new Runner(MailSteps.forSpec(spec, dns))
                    .run(Runner.Mode.APPLY, new StepContext(host, cancel, new Facts(), listener), listener));
        }

        boolean saw(String text) {
            return messages.stream().anyMatch(m -> m.contains(text));
        }

        String said(String text) {
            return messages.stream().filter(m -> m.contains(text)).findFirst().orElse("");
        }

        void await(Duration limit, BooleanSupplier condition) throws InterruptedException {
            Instant until = Instant.now().plus(limit);
            while (!condition.getAsBoolean()) {
                if (report.isDone() && !condition.getAsBoolean()) {
                    throw new AssertionError("the run ended first: " + report.join().findings() + "\n" + messages);
                }
                if (Instant.now().isAfter(until)) {
                    throw new AssertionError("not seen within " + limit + ": " + messages);
                }
                Thread.sleep(200);
            }
        }
    }

    /** A real SSH host; subclasses cut the connection at a chosen moment. */
    static class CuttingHost implements RemoteHost {
        private final RemoteHost host;

        CuttingHost(RemoteHost host) {
            this.host = host;
        }

        @Override
        public CommandResult exec(Command command, OutputListener listener, Duration timeout, Cancel cancel) {
            return host.exec(command, listener, timeout, cancel);
        }

        @Override
        public Optional<byte[]> read(String path) {
            return host.read(path);
        }

        @Override
        public void uploadAtomic(String path, byte[] content, int mode, String owner, String group) {
            host.uploadAtomic(path, content, mode, owner, group);
        }

        @Override
        public Optional<String> backup(String path) {
            return host.backup(path);
        }

        @Override
        public String describe() {
            return host.describe();
        }

        @Override
        public Transcript transcript() {
            return host.transcript();
        }

        @Override
        public void close() {
            host.close();
        }
    }
}
