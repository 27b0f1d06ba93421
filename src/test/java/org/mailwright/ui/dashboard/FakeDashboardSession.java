package org.mailwright.ui.dashboard;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.StepOutcome;
import org.mailwright.engine.bans.Ban;
import org.mailwright.engine.bans.Bans;
import org.mailwright.engine.queue.QueuedEnvelope;
import org.mailwright.engine.status.ServerStatus;
import org.mailwright.engine.status.StatusCheck;
import org.mailwright.engine.trail.MessageTrail;
import org.mailwright.engine.trail.MessageTrail.Hop;
import org.mailwright.engine.trail.MessageTrail.Kind;
import org.mailwright.export.RecoverySheet;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Connected;
import org.mailwright.session.DnsSetup;
import org.mailwright.session.HostKeyQuestion;
import org.mailwright.session.Login;
import org.mailwright.session.Mailboxes;
import org.mailwright.session.ServerSession;
import org.mailwright.session.SessionException;
import org.mailwright.ui.FakeSetupService;

/**
 * A running server for the dashboard: the wizard's {@link FakeSetupService} for logging in, the mail tables, DNS and
 * the recovery sheet, plus a status (healthy, one warning, one problem and the check it made pointless), a queue of
 * two envelopes, three banned addresses (one by two jails) and the trails of two messages. Status checks arrive one by one, as the real session's do.
 */
public class FakeDashboardSession implements ServerSession {
    /** The moment the fake server's data is about; the dashboard under test counts ages from it. */
    public static final Instant NOW = Instant.parse("2026-12-05T10:42:00Z");

    public final FakeSetupService server = new FakeSetupService();
    public final List<QueuedEnvelope> queued = Collections.synchronizedList(new ArrayList<>(List.of(
            new QueuedEnvelope("a1b2c3d4e5f60718", "alice@example.com", "bob@partner.example.net", NOW.minus(Duration.ofMinutes(192)),
                    Optional.of(NOW.minus(Duration.ofMinutes(9))), 6, "pending", "421 4.7.0 Try again later, closing connection",
                    "mx.partner.example.net is busy or limits new senders (421 4.7.0 Try again later); the server tries again by itself"),
            new QueuedEnvelope("9f8e7d6c5b4a3210", "newsletter@example.com", "old.customer@gone.example", NOW.minus(Duration.ofHours(52)),
                    Optional.of(NOW.minus(Duration.ofMinutes(31))), 31, "pending", "Domain not found",
                    "gone.example has no MX or A record: the domain does not receive mail (a typo, or it expired)"))));
    /** What fail2ban bans now, as {@code get JAIL banip --with-time} lists it: jail by jail, each soonest to end first. */
    public final List<Ban> banned = Collections.synchronizedList(new ArrayList<>(List.of(
            new Ban("203.0.113.7", "dovecot", "2026-12-05 10:31:07", 3600, "2026-12-05 11:31:07"),
            new Ban("2001:db8:4c::17", "dovecot", "2026-12-05 09:58:40", 14400, "2026-12-05 13:58:40"),
            new Ban("198.51.100.23", "mailwright-opensmtpd", "2026-12-05 10:12:44", 3600, "2026-12-05 11:12:44"),
            new Ban("2001:db8:4c::17", "mailwright-opensmtpd", "2026-12-05 09:59:02", 14400, "2026-12-05 13:59:02"))));
    /** The addresses unban() was asked to lift, banned or not. */
    public final List<String> unbanned = Collections.synchronizedList(new ArrayList<>());
    /** When set, bans() fails with it, as when fail2ban is missing or stopped. */
    public volatile String bansFail;
    /** When set, unban() fails with it, as when fail2ban stops answering. */
    public volatile String unbanFails;
    public final List<String> retried = Collections.synchronizedList(new ArrayList<>());
    public final List<String> removed = Collections.synchronizedList(new ArrayList<>());
    public volatile int statusRuns;
    public volatile int backups;
    /** When set, status() fails with it, as when the server stops answering. */
    public volatile String statusFails;
    /** Pause between two checks, so a window shows them arriving. */
    public volatile long checkDelayMillis = 0;
    public volatile String lastTrailAddress;
    public volatile Optional<LocalDate> lastTrailDay;

    public FakeDashboardSession() {
        server.askHostKey = false; // a server logged in to before: its key is known
    }

    /**
     * What a lab server said with Dovecot stopped: the status script's own lines (parsed by the engine, so the window
     * shows the engine's words and skips) and the checks from outside, as {@code status --json} printed them.
     */
    public static ServerStatus status() {
        String script = String.join("\n",
                "service.opensmtpd\tSystem\tOK\tService opensmtpd\trunning\t",
                "service.dovecot\tSystem\tERROR\tService dovecot\tdovecot is inactive: mail apps cannot log in or read mail, and incoming mail waits in the queue\t"
                        + "Start it with systemctl restart dovecot on the server; journalctl -u dovecot -n 50 says why it stopped.",
                "service.rspamd\tSystem\tOK\tService rspamd\trunning\t",
                "service.redis-server\tSystem\tOK\tService redis-server\trunning\t",
                "port.25\tNetwork\tOK\tPort 25\tlistening\t",
                "port.465\tNetwork\tOK\tPort 465\tlistening\t",
                "port.587\tNetwork\tOK\tPort 587\tlistening\t",
                "port.993\tNetwork\tSKIPPED\tPort 993\tservice.dovecot\t",
                "disk.vmail\tSystem\tOK\tDisk /var/vmail\t25 % used, 76.9 GiB free of 252.0 GiB (on /)\t",
                "inodes.vmail\tSystem\tOK\tInodes /var/vmail\t3 % of the inodes used, 16290065 free (one per message)\t",
                "memory\tSystem\tOK\tMemory\t1.4 GiB of 2.0 GiB available\t",
                "certificate\tSystem\tOK\tCertificate\tthe certificate for mail.example.com is valid for 84 more days\t",
                "renewal\tSystem\tOK\tCertificate renewal\tthe last renewal run succeeded (Sat 2026-12-05 03:41:02 UTC)\t",
                "backup\tSystem\tOK\tBackups\tlast backup 2 h ago, 1.8 GiB, verified, copied offsite\t",
                "ssh.password\tSystem\tWARN\tSSH passwords\tSSH accepts passwords: anyone can try to guess one\tLog in with a key"
                        + " (ssh-copy-id root@mail.example.com from your computer), then put PasswordAuthentication no in"
                        + " /etc/ssh/sshd_config.d/60-no-passwords.conf and run systemctl reload ssh.",
                "queue\tNetwork\tOK\tMail queue\t2 messages waiting; the oldest, to bob@partner.example.net, for 3 h\t",
                "updates.security\tSystem\tOK\tSecurity updates\tnone waiting (4 other updates; as of apt's last update)\t",
                "reboot\tSystem\tOK\tReboot\tnot needed (kernel 6.1.0-28-amd64)\t");
        List<StatusCheck> own = org.mailwright.engine.status.StatusScript.parse(script);
        String net = StatusCheck.NETWORK;
        List<StatusCheck> all = new ArrayList<>(own);
        all.addAll(List.of(
                StatusCheck.of("tls.25", net, Finding.ok("TLS on 25", "TLSv1.3, certificate for mail.example.com valid 84 more days (seen from this computer)")),
                StatusCheck.of("tls.465", net, Finding.ok("TLS on 465", "TLSv1.3, certificate for mail.example.com valid 84 more days (seen from this computer)")),
                StatusCheck.of("tls.587", net, Finding.ok("TLS on 587", "TLSv1.3, certificate for mail.example.com valid 84 more days (seen from this computer)")),
                StatusCheck.skipped("tls.993", net, "TLS on 993", "service.dovecot", "Service dovecot"),
                StatusCheck.of("outbound.25", net, Finding.ok("Outbound port 25", "the server reached gmail-smtp-in.l.google.com:25 (220 mx.google.com ESMTP)")),
                StatusCheck.of("dnsbl.spamhaus.zen.203.0.113.10", net, Finding.ok("Spamhaus ZEN 203.0.113.10", "203.0.113.10 is not listed")),
                StatusCheck.of("dns.ptr.203.0.113.10", net, Finding.ok("PTR 203.0.113.10",
                        "203.0.113.10 reverses to mail.example.com and mail.example.com resolves back (forward-confirmed)")),
                StatusCheck.of("dns.a.mail.example.com", "example.com", Finding.ok("A mail.example.com", "mail.example.com A points at this server (203.0.113.10)")),
                StatusCheck.of("dns.mx.example.com", "example.com", Finding.ok("MX example.com", "mail for example.com goes to mail.example.com")),
                StatusCheck.of("dns.spf.example.com", "example.com", Finding.ok("SPF example.com", "the SPF record of example.com authorizes 203.0.113.10 (1 DNS lookup)")),
                StatusCheck.of("dns.dkim.dkim._domainkey.example.com", "example.com", Finding.ok("DKIM dkim._domainkey.example.com",
                        "the DKIM record at dkim._domainkey.example.com holds the server's 2048-bit key (2 strings, joined)")),
                StatusCheck.of("dns.dmarc.example.com", "example.com", Finding.ok("DMARC example.com", "DMARC for example.com is p=quarantine, reports to postmaster@example.com")),
                StatusCheck.of("dnssec.example.com", "example.com", Finding.ok("DNSSEC example.com",
                        "example.com is not signed (optional; signing it at your DNS provider protects its MX and DKIM records from forgery)"))));
        return ServerStatus.ordered("mail.example.com", NOW, all);
    }

    /** The trails of alice@example.com: a message received, scanned and delivered, and one relayed out but deferred. */
    public static List<MessageTrail> trails() {
        Instant in = NOW.minus(Duration.ofMinutes(47));
        Instant out = NOW.minus(Duration.ofMinutes(12));
        return List.of(
                new MessageTrail("20261205101502.4f1a@mail.example.com", "alice@example.com", List.of("bob@partner.example.net"), "", List.of(
                        new Hop(out, Kind.SUBMITTED, "received on port 587 from 203.0.113.5 (alice@example.com logged in)", false),
                        new Hop(out.plusSeconds(1), Kind.SCANNED, "rspamd: score 0.4 of 15, no action", false),
                        new Hop(out.plusSeconds(3), Kind.DEFERRED, "relay to mx.partner.example.net [198.51.100.20] deferred: "
                                + "421 4.7.0 Try again later, closing connection", true))),
                new MessageTrail("CAF3x9q@mail.partner.example.net", "carol@partner.example.net", List.of("alice@example.com"), "", List.of(
                        new Hop(in, Kind.RECEIVED, "received on port 25 from mx.partner.example.net [198.51.100.20] with TLS 1.3", false),
                        new Hop(in.plusSeconds(1), Kind.SCANNED, "rspamd: score 1.2 of 15, no action (DKIM and SPF pass)", false),
                        new Hop(in.plusSeconds(1), Kind.DELIVERED, "delivered to the mailbox of alice@example.com", false))));
    }

    /** The last login, for {@link #dnsRecords}. */
    Connected connected;
    /** What {@link #dnsRecords} fails with; null: it answers. */
    volatile String dnsRecordsFail;

    @Override
    public Connected connect(Login login, HostKeyQuestion question) {
        connected = server.connect(login, question);
        return connected;
    }

    @Override
    public DnsSetup dnsRecords(ServerSpec spec) {
        if (dnsRecordsFail != null) {
            throw new SessionException(dnsRecordsFail);
        }
        return dnsSetup(spec, connected);
    }

    @Override
    public ServerStatus status(ServerSpec spec, Consumer<StatusCheck> progress, Cancellation cancel) {
        statusRuns++;
        ServerStatus all = status();
        List<StatusCheck> order = new ArrayList<>(all.checks());
        Collections.reverse(order); // in no particular order, as the real checks finish
        for (StatusCheck c : order) {
            if (cancel.isCancelled()) {
                throw new SessionException("Stopped.");
            }
            if (statusFails != null) {
                throw new SessionException(statusFails);
            }
            sleep(checkDelayMillis);
            progress.accept(c);
        }
        return all;
    }

    @Override
    public List<QueuedEnvelope> queue() {
        synchronized (queued) {
            return List.copyOf(queued);
        }
    }

    @Override
    public void retryQueued(String envelopeId) {
        check(envelopeId);
        retried.add(envelopeId);
    }

    @Override
    public void removeQueued(String envelopeId) {
        check(envelopeId);
        if (!queued.removeIf(e -> e.id().equals(envelopeId))) {
            throw new SessionException("smtpctl: no such envelope " + envelopeId + ": it was delivered or removed meanwhile.");
        }
        removed.add(envelopeId);
    }

    @Override
    public List<Ban> bans() {
        if (bansFail != null) {
            throw new SessionException(bansFail);
        }
        synchronized (banned) {
            return List.copyOf(banned);
        }
    }

    /** As fail2ban-client unban: how many jails had banned the address; the address checked by the engine first. */
    @Override
    public int unban(String address) {
        String checked = Bans.address(address);
        if (unbanFails != null) {
            throw new SessionException(unbanFails);
        }
        unbanned.add(checked);
        synchronized (banned) {
            int before = banned.size();
            banned.removeIf(b -> b.address().equals(checked));
            return before - banned.size();
        }
    }

    private static void check(String envelopeId) {
        if (!envelopeId.matches("[0-9a-f]{16}")) {
            throw new IllegalArgumentException("not an envelope id: " + envelopeId);
        }
    }

    @Override
    public List<MessageTrail> trail(String address, Optional<LocalDate> day) {
        if (!EmailAddress.isValid(address)) {
            throw new IllegalArgumentException("not an email address: " + address);
        }
        lastTrailAddress = address;
        lastTrailDay = day;
        return address.equalsIgnoreCase("alice@example.com") ? trails() : List.of();
    }

    @Override
    public RunReport backup(ServerSpec spec, boolean snapshot, Optional<Path> copyTo, Map<String, String> offsiteEnv,
                            RunListener listener, Cancellation cancel) {
        backups++;
        return new RunReport(Runner.Mode.APPLY, List.of(new StepOutcome("backup", "Back up", new Plan("backup", "Back up", List.of(),
                List.of()), true, List.of(Finding.ok("Backups", "snapshot 4f2a91c0 made: 1.8 GiB, 14 MiB new, verified")),
                Duration.ofSeconds(8))), false, Duration.ofSeconds(8));
    }

    @Override
    public RecoverySheet recoverySheet(ServerSpec spec, List<Path> copies) {
        return server.recoverySheet(spec, copies);
    }

    @Override
    public RunReport run(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancellation cancel) {
        return server.run(mode, spec, listener, cancel);
    }

    /** A running server's records: all published, but the IPv6 address has no reverse DNS yet. */
    @Override
    public List<Finding> checkDns(DnsSetup planned) {
        org.mailwright.dns.MailDnsSetup setup = planned.mailDnsSetup().orElseThrow();
        String host = setup.mailHost();
        String d = setup.domains().get(0);
        return new org.mailwright.dns.DnsReport(List.of(
                Finding.ok("A " + host, host + " has A 203.0.113.10"),
                Finding.ok("AAAA " + host, host + " has AAAA 2001:db8::10"),
                Finding.ok("MX " + d, d + " has MX 10 " + host),
                Finding.ok("SPF " + d, d + " has v=spf1 mx -all"),
                Finding.ok("DKIM dkim._domainkey." + d, "dkim._domainkey." + d + " matches the server's key"),
                Finding.ok("DMARC " + d, "_dmarc." + d + " has p=quarantine"),
                Finding.ok("PTR 203.0.113.10", "203.0.113.10 points back to " + host),
                Finding.warn("PTR 2001:db8::10", "2001:db8::10 has no reverse DNS", "Ask your hosting provider to set it to " + host + ".")),
                9, Duration.ofMillis(40)).findings();
    }

    @Override
    public Map<String, String> dkimPublicKeys() {
        return Map.of("example.com", FakeSetupService.DKIM_PEM);
    }

    @Override
    public Mailboxes mailboxes(ServerSpec.DkimSettings dkim) {
        return server.mailboxes(dkim);
    }

    @Override
    public void saveTranscript(Path file) throws java.io.IOException {
        server.saveTranscript(file);
    }

    /** False once the test "drops the connection". */
    public volatile boolean loggedIn = true;

    @Override
    public boolean loggedIn() {
        return loggedIn;
    }

    @Override
    public void close() {
        server.close();
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
