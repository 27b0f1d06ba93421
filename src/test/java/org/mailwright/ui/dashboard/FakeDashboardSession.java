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
 * two envelopes and the trails of two messages. Status checks arrive one by one, as the real session's do.
 */
public final class FakeDashboardSession implements ServerSession {
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

    /** The status of a healthy server with one warning (updates), one problem (port 465) and its TLS check skipped. */
    public static ServerStatus status() {
        String sys = StatusCheck.SYSTEM;
        String net = StatusCheck.NETWORK;
        return new ServerStatus("mail.example.com", NOW, List.of(
                StatusCheck.of("service.opensmtpd", sys, Finding.ok("OpenSMTPD", "running for 3 days")),
                StatusCheck.of("service.dovecot", sys, Finding.ok("Dovecot", "running for 3 days")),
                StatusCheck.of("service.rspamd", sys, Finding.ok("rspamd", "running for 3 days; 1204 messages scanned today")),
                StatusCheck.of("disk", sys, Finding.ok("Disk space", "12.4 GiB free on / (31% used)")),
                StatusCheck.of("updates", sys, Finding.warn("Updates", "4 updates are waiting, 1 of them a security update",
                        "Install them: the server installs security updates by itself every night, or run apt-get upgrade on it now.")),
                StatusCheck.of("certificate", sys, Finding.ok("TLS certificate", "valid for mail.example.com until 27 Feb 2027 (84 days)")),
                StatusCheck.of("backup", sys, Finding.ok("Backups", "last backup today at 03:12, 1.8 GiB, verified, copied offsite")),
                StatusCheck.of("port.25", net, Finding.ok("Port 25", "answers with STARTTLS")),
                StatusCheck.of("port.465", net, Finding.error("Port 465", "nothing answers on port 465 (submission over TLS)",
                        "Check that OpenSMTPD listens on 465 (smtpd -n) and that the firewall lets 465 in.")),
                StatusCheck.skipped("tls.465", net, "TLS on 465", "port.465", "Port 465"),
                StatusCheck.of("port.993", net, Finding.ok("IMAPS 993", "certificate valid for mail.example.com")),
                StatusCheck.of("outbound.25", net, Finding.ok("Outbound port 25", "other mail servers can be reached")),
                StatusCheck.of("dns.mx.example.com", "example.com", Finding.ok("MX example.com", "example.com has MX 10 mail.example.com")),
                StatusCheck.of("dns.spf.example.com", "example.com", Finding.ok("SPF example.com", "v=spf1 mx -all")),
                StatusCheck.of("dns.dkim.example.com", "example.com", Finding.ok("DKIM example.com", "dkim._domainkey.example.com matches the server's key")),
                StatusCheck.of("dns.dmarc.example.com", "example.com", Finding.ok("DMARC example.com", "p=quarantine"))));
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

    @Override
    public Connected connect(Login login, HostKeyQuestion question) {
        return server.connect(login, question);
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
