package org.mailwright.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mailwright.dns.DnsReport;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.engine.Change;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.HostKeyChangedException;
import org.mailwright.remote.Transcript;
import org.mailwright.remote.UnknownHostKey;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Connected;
import org.mailwright.session.DnsSetup;
import org.mailwright.session.HostKeyQuestion;
import org.mailwright.session.Login;
import org.mailwright.session.Mailboxes;
import org.mailwright.session.ServerSession;
import org.mailwright.session.SessionException;

/**
 * A server that answers instantly, for walking the wizard in tests and screenshots. Runs the real {@link Runner}
 * over fake steps, so listener calls, cancellation and failure handling are the engine's own.
 */
public final class FakeSetupService implements ServerSession {
    public static final String FINGERPRINT = "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8";
    public static final ServerFacts FACTS = new ServerFacts("debian", "trixie", "Debian GNU/Linux 13 (trixie)", true,
            18_000_000, 2_000_000, "eth0", List.of("203.0.113.10"), List.of("2001:db8::10"), Set.of(22));

    public volatile boolean askHostKey = true;
    public volatile boolean hostKeyChanged;
    /** Step id that fails in APPLY while {@link #failuresLeft} is above 0. */
    public volatile String failingStep;
    public final AtomicInteger failuresLeft = new AtomicInteger();
    /** When set, the packages step waits in apply until cancelled (or the latch opens). */
    public volatile CountDownLatch holdPackages;
    public final CountDownLatch packagesStarted = new CountDownLatch(1);
    public final List<Runner.Mode> runs = new ArrayList<>();
    public volatile Map<String, String> dkim = Map.of();
    public volatile Boolean lastHostKeyAnswer;
    /** certbot fails in APPLY as when the server cannot resolve the ACME host; mail goes on on a temporary certificate. */
    public volatile boolean certbotFails;
    /** The packages step reports progress as apt did before download and install were one bar: it drops back. */
    public volatile boolean aptProgressDropsBack;
    /** Steps whose apply finished: like a real server, they plan nothing the next time. */
    public final Set<String> applied = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile RunListener listener = RunListener.NONE;
    /** The DKIM key the install makes: a real 2048-bit public key, so the DNS page shows its long TXT value. */
    public static final String DKIM_PEM = resource("/org/mailwright/dns/dkim2048.pub.pem");
    private final Transcript transcript = new Transcript();
    public volatile boolean closed;
    /** The last login asked for, to check what the forms send. */
    public volatile Login lastLogin;

    @Override
    public Connected connect(Login request, HostKeyQuestion prompt) {
        lastLogin = request;
        if (hostKeyChanged) {
            throw new SessionException(new HostKeyChangedException(request.host() + ":" + request.port(), List.of("SHA256:oldoldold"),
                    FINGERPRINT, java.nio.file.Path.of("/home/you/.config/mailwright/known_hosts")));
        }
        if (askHostKey) {
            UnknownHostKey key = new UnknownHostKey(request.host(), request.port(), "ssh-ed25519", FINGERPRINT);
            lastHostKeyAnswer = prompt.asPrompt().trust(key);
            if (!lastHostKeyAnswer) {
                throw new SessionException("You did not trust the host key of " + request.host() + ": nothing was sent.");
            }
        }
        transcript.note("connected to " + request.describe());
        return new Connected(request.describe(), request.host(), Optional.of(FACTS), List.of(
                Finding.ok("Operating system", FACTS.prettyName()),
                Finding.ok("Disk space", "17578 MiB free on /"),
                Finding.warn("Memory", "only 1953 MiB of memory", "rspamd and redis are happier with 2 GiB."),
                Finding.ok("Public address", "eth0: 203.0.113.10, 2001:db8::10"),
                Finding.ok("SSH port", "sshd listens on [22]")));
    }

    /** The backups' password the fake server made: what its recovery sheet shows. */
    public static final String BACKUP_PASSWORD = "otter-quartz-lamp-9317-tidy";
    /** The recovery sheet can be read (the install set the backups up); false: it throws as before an install. */
    public volatile boolean backupsReady = true;
    /** The last restore asked for, and its password as it was when the restore began (the request's is wiped after). */
    public volatile org.mailwright.engine.backup.RestoreRequest lastRestore;
    public volatile String lastRestorePassword;
    /** The spec the last restore ran with. */
    public volatile ServerSpec lastRestoreSpec;

    @Override
    public org.mailwright.export.RecoverySheet recoverySheet(ServerSpec spec, List<java.nio.file.Path> copies) {
        if (!backupsReady) {
            throw new SessionException("The server's backups are not set up yet: run apply first.");
        }
        List<String> where = new ArrayList<>(List.of("/var/backups/mailwright on " + spec.hostname()));
        copies.forEach(c -> where.add(c.toString()));
        return new org.mailwright.export.RecoverySheet(spec.hostname(), spec.server().user() + "@" + spec.server().host() + ":"
                + spec.server().port(), where, BACKUP_PASSWORD, org.mailwright.spec.SpecWriter.write(spec, "The spec of "
                + spec.hostname() + ", from its recovery sheet."), java.time.ZonedDateTime.parse("2026-12-05T10:00:00Z"));
    }

    @Override
    public RunReport restore(ServerSpec spec, org.mailwright.engine.backup.RestoreRequest request, RunListener listener,
                             Cancellation cancellation) {
        lastRestore = request;
        lastRestorePassword = new String(request.password());
        lastRestoreSpec = spec;
        return mirrored(cancellation, cancel -> {
            synchronized (runs) {
                runs.add(Runner.Mode.APPLY);
            }
            this.listener = listener;
            List<Step> steps = new ArrayList<>(List.of(
                    new FakeStep("restore-target", "Check the new server", List.of(), List.of(Finding.ok("Check the new server",
                            request.merge() ? "merging into the mail there" : "ready for the backup"))),
                    new FakeStep("restore-upload", "Copy the backup to the server", List.of(new Change.CommandChange(
                            "copy 14 files of the backup to the server", org.mailwright.remote.Command.of("true"))), List.of()),
                    new FakeStep("restore-unpack", "Unpack the snapshot", List.of(), List.of(Finding.ok("Unpack the snapshot",
                            "snapshot latest holds 1204 messages"))),
                    new FakeStep("restore-identity", "Put the server's identity back", List.of(), List.of())));
            List<Step> setUp = steps(spec);
            steps.addAll(setUp.subList(0, setUp.size() - 1));
            steps.add(new FakeStep("restore-mail", "Put the mail back", List.of(), List.of(Finding.ok("Put the mail back",
                    "1204 messages in /var/vmail"))));
            steps.add(new FakeStep("verify", "Verify", List.of(), List.of(
                    Finding.ok("SMTP 25", "answers with STARTTLS"),
                    Finding.warn("A " + spec.hostname(), spec.hostname() + " has A 198.51.100.7, not this server's 203.0.113.10",
                            "Change the A record of " + spec.hostname() + " to 203.0.113.10."),
                    Finding.warn("AAAA " + spec.hostname(), spec.hostname() + " has no AAAA record",
                            "Publish the AAAA record " + spec.hostname() + " -> 2001:db8::10."),
                    Finding.warn("PTR 203.0.113.10", "203.0.113.10 has no reverse DNS",
                            "Ask your hosting provider to set it to " + spec.hostname() + "."))));
            return new Runner(steps).run(Runner.Mode.APPLY, new StepContext(null, cancel, new Facts(), listener), listener);
        });
    }

    @Override
    public RunReport run(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancellation cancellation) {
        return mirrored(cancellation, cancel -> runWith(mode, spec, listener, cancel));
    }

    private RunReport mirrored(Cancellation cancellation, java.util.function.Function<Cancel, RunReport> work) {
        Cancel cancel = new Cancel();
        // the engine polls its own token: mirror the session's into it, as the real session shares one
        Thread mirror = new Thread(() -> {
            while (!cancellation.isCancelled() && !Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            cancel.cancel();
        }, "fake-cancel-mirror");
        mirror.setDaemon(true);
        mirror.start();
        try {
            return work.apply(cancel);
        } finally {
            mirror.interrupt();
        }
    }

    private RunReport runWith(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancel cancel) {
        synchronized (runs) {
            runs.add(mode);
        }
        Facts facts = new Facts();
        this.listener = listener;
        RunReport r = new Runner(steps(spec)).run(mode, new StepContext(null, cancel, facts, listener), listener);
        if (mode == Runner.Mode.APPLY && !r.cancelled()) {
            dkim = Map.of(spec.domains().get(0), DKIM_PEM);
        }
        return r;
    }

    private static String resource(String name) {
        try (var in = FakeSetupService.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Step> steps(ServerSpec spec) {
        return List.of(
                new FakeStep("preflight", "Check the server", List.of(), List.of(Finding.ok("Operating system", FACTS.prettyName()))),
                new FakeStep("packages", "Install packages", List.of(new Change.PackageChange(
                        List.of("opensmtpd", "opensmtpd-table-passwd", "dovecot-imapd", "rspamd", "redis-server", "certbot", "ufw"),
                        Optional.empty())), List.of(Finding.ok("Packages", "all installed"))),
                new FakeStep("opensmtpd", "Configure OpenSMTPD", List.of(Change.FileChange.of("/etc/smtpd.conf",
                        Optional.of("listen on localhost\naction \"local\" mbox alias <aliases>\nmatch for local action \"local\"\n"),
                        "pki " + spec.hostname() + " cert \"/etc/letsencrypt/live/" + spec.hostname() + "/fullchain.pem\"\n"
                                + "listen on eth0 tls pki " + spec.hostname() + "\nlisten on eth0 port submission tls-require pki "
                                + spec.hostname() + " auth <credentials>\naction \"local\" maildir \"/var/vmail/%{dest.domain}/%{dest.user}\" junk virtual <virtuals>\n"
                                + "match from any for domain <domains> action \"local\"\n", 0644, "root", "root"),
                        new Change.ServiceChange("opensmtpd", Change.ServiceAction.RESTART)),
                        List.of(Finding.ok("OpenSMTPD", "smtpd -n: configuration OK"))),
                new FakeStep("dovecot", "Configure Dovecot", List.of(Change.FileChange.of("/etc/dovecot/conf.d/99-mailwright.conf",
                        Optional.empty(), "mail_driver = maildir\nmail_home = /var/vmail/%{user | domain}/%{user | username}\n", 0644, "root", "root")),
                        List.of(Finding.ok("Dovecot", "doveconf -n: configuration OK"))),
                new FakeStep("tls", "TLS certificate", List.of(new Change.CommandChange("request a certificate for " + spec.hostname()
                        + " with certbot", org.mailwright.remote.Command.of("certbot", "certonly"))),
                        List.of(Finding.ok("TLS certificate", "valid until Feb 27 10:00:00 2027 GMT"))),
                new FakeStep("mailboxes", "Mailboxes and aliases", accountChanges(spec), List.of(Finding.ok("Mail tables", "as planned")),
                        List.of("kept: 1 mailbox not in this spec: carol@" + spec.domains().get(0)
                                + " (spec pull writes the server's accounts into the spec)")),
                new FakeStep("firewall", "Firewall", List.of(), List.of(Finding.ok("Firewall", "ufw active: 22, 25, 465, 587, 993 open"))),
                new FakeStep("verify", "Verify", List.of(), List.of(
                        Finding.ok("SMTP 25", "answers with STARTTLS"),
                        Finding.ok("IMAPS 993", "certificate valid for " + spec.hostname()),
                        Finding.warn("Outbound port 25", "connections to other mail servers time out",
                                "Ask your hosting provider to unblock outgoing port 25."))));
    }

    /** What a spec's accounts change on the server, by address, and the secret credentials table that holds them. */
    private static List<Change> accountChanges(ServerSpec spec) {
        List<Change> out = new ArrayList<>();
        for (ServerSpec.MailUser u : spec.users()) {
            out.add(new Change.Account(new org.mailwright.accounts.AccountChange(org.mailwright.accounts.AccountChange.Kind.ADD_MAILBOX,
                    u.address(), List.of(), "")));
        }
        out.add(new Change.FileChange("/etc/mail/credentials", Optional.of("carol@" + spec.domains().get(0) + ":$2b$12$xxxx\n"),
                spec.users().stream().map(u -> u.address() + ":" + u.passwordHash() + "\n").reduce("", String::concat), 0640, "root",
                "_smtpd", true));
        return out;
    }

    /** The mail tables behind {@link #mailboxes}: a running server with a few mailboxes, aliases and a forwarder. */
    public final org.mailwright.ui.users.FakeMailServer mail = new org.mailwright.ui.users.FakeMailServer();

    @Override
    public Mailboxes mailboxes(ServerSpec.DkimSettings dkimSettings) {
        return Mailboxes.of(mail.service());
    }

    @Override
    public List<Finding> checkDns(DnsSetup planned) {
        MailDnsSetup setup = planned.mailDnsSetup().orElseThrow();
        String d = setup.domains().get(0);
        return new DnsReport(List.of(
                Finding.ok("A " + setup.mailHost(), setup.mailHost() + " has A 203.0.113.10"),
                Finding.error("AAAA " + setup.mailHost(), setup.mailHost() + " has no AAAA record", "Publish the AAAA record from the plan."),
                Finding.ok("MX " + d, d + " has MX 10 " + setup.mailHost()),
                Finding.warn("SPF " + d, d + " has no SPF record", "Publish the TXT record v=spf1 mx -all."),
                Finding.error("DMARC " + d, "_dmarc." + d + " has no DMARC record", "Publish the DMARC TXT record from the plan."),
                Finding.warn("PTR 203.0.113.10", "203.0.113.10 has no reverse DNS", "Ask your hosting provider to set it to " + setup.mailHost() + "."),
                Finding.warn("DKIM " + d, "no DKIM key is known for " + d, "It is created during install.")), 9, Duration.ofMillis(40)).findings();
    }

    @Override
    public DnsSetup dnsRecords(ServerSpec spec) {
        return DnsSetup.plan(spec, Optional.of(FACTS), dkim);
    }

    @Override
    public Map<String, String> dkimPublicKeys() {
        return dkim;
    }

    @Override
    public void saveTranscript(java.nio.file.Path file) throws java.io.IOException {
        transcript.save(file);
    }

    @Override
    public void close() {
        closed = true;
    }

    private final class FakeStep implements Step {
        private final String id;
        private final String title;
        private final List<Change> changes;
        private final List<Finding> findings;
        private final List<String> notes;
        private volatile boolean standIn;

        FakeStep(String id, String title, List<Change> changes, List<Finding> findings) {
            this(id, title, changes, findings, List.of());
        }

        FakeStep(String id, String title, List<Change> changes, List<Finding> findings, List<String> notes) {
            this.id = id;
            this.title = title;
            this.changes = changes;
            this.findings = findings;
            this.notes = notes;
        }

        @Override
        public boolean continuesAfterError(StepContext ctx) {
            return standIn;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return title;
        }

        @Override
        public Plan plan(StepContext ctx) {
            boolean certbotAgain = id.equals("tls") && certbotFails;
            return new Plan(id, title, applied.contains(id) && !certbotAgain ? List.of() : changes, notes);
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            ctx.say("applying " + plan.changes().size() + " change(s)");
            if (id.equals("packages")) {
                packagesStarted.countDown();
                // stands for apt's output: its status lines, then a line of its own
                listener.log(id, "dlstatus:1:50:Retrieving file 1 of 2");
                listener.log(id, "pmstatus:redis-server:40:Installing redis-server (5:7.0.15-1)");
                listener.log(id, "Setting up redis-server (5:7.0.15-1) ...");
                for (int i = 1; i <= 4; i++) {
                    ctx.progress(i / 4.0);
                }
                if (aptProgressDropsBack) {
                    ctx.progress(0.1);
                }
                CountDownLatch hold = holdPackages;
                if (hold != null) {
                    try {
                        while (!hold.await(20, TimeUnit.MILLISECONDS)) {
                            ctx.cancel().check();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (id.equals("tls") && certbotFails) {
                standIn = true;
                return;
            }
            if (id.equals(failingStep) && failuresLeft.getAndDecrement() > 0) {
                throw new StepFailedException(Finding.error(title, "dovecot did not start: doveconf: Fatal: Unknown setting: ssl_cert",
                        "The server runs Dovecot 2.4: remove /etc/dovecot/conf.d/10-ssl.conf's old ssl_cert line, then press Retry."));
            }
            applied.add(id);
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            if (id.equals("tls") && certbotFails && (standIn || !applied.isEmpty())) {
                var why = org.mailwright.engine.steps.CertbotFailure.explain("An unexpected error occurred: requests.exceptions.ConnectionError: "
                        + "HTTPSConnectionPool(host='acme-v02.api.letsencrypt.org', port=443): Max retries exceeded with url: /directory "
                        + "(Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve "
                        + "'acme-v02.api.letsencrypt.org' ([Errno -3] Temporary failure in name resolution)\"))",
                        "https://acme-v02.api.letsencrypt.org/directory", "mail.example.com");
                return List.of(Finding.error(title, "certbot could not get a certificate: " + why.message() + ". Meanwhile mail works "
                        + "with a temporary self-signed certificate (mail apps will warn about it).", why.fix()));
            }
            return findings;
        }
    }
}
