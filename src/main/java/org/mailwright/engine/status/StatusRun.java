package org.mailwright.engine.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mailwright.dns.DnsChecker;
import org.mailwright.dns.Dnsbl;
import org.mailwright.dns.Ipv6Sending;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.OutboundSmtp;
import org.mailwright.engine.TlsPeer;
import org.mailwright.engine.steps.Alerts;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.engine.steps.ServerRecords;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.MailPorts;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.OutputListener;
import org.mailwright.remote.RemoteHost;
import org.mailwright.render.MailLayout;

/**
 * One look at a server for the dashboard and {@code mailwright status}: the server's own checks ({@link StatusScript},
 * run from its text so an older installed copy does not matter) and the checks from outside, all started at once:
 * TLS on each listening port from this computer, each domain's DNS records with PTR and FCrDNS, DNSSEC, and (with
 * internet checks) Spamhaus ZEN/DBL and outbound port 25 from the server. Reads only.
 *
 * <p>Dependencies: a port whose service is not running is not probed for listening, and a port that does not listen
 * is not TLS-probed; those checks are reported skipped, naming the check that failed. Everything else runs even
 * when something failed, since a dashboard that stops at the first problem hides the second.
 */
public final class StatusRun {
    /** How long a check from this computer may take; the slowest check bounds the whole status. */
    static final int PROBE_MILLIS = 5_000;

    private final RemoteHost host;
    private final ServerSpec spec;
    private final DnsRecords.Options dns;
    private final Map<String, String> dkimRead = new ConcurrentHashMap<>();

    /**
     * @param host a connected server
     * @param spec what the server is meant to be (host name, domains, DKIM selector, TLS mode)
     * @param dns  whom DNS questions go to, and whether the internet checks (Spamhaus, outbound 25) run
     */
    public StatusRun(RemoteHost host, ServerSpec spec, DnsRecords.Options dns) {
        this.host = host;
        this.spec = spec;
        this.dns = dns;
    }

    /**
     * Runs every check.
     *
     * @param progress called with each check as it finishes, from worker threads
     * @param cancel   checked before each part starts; a cancelled run returns what finished
     * @return every check in display order: System, Network, then each domain
     * @throws org.mailwright.remote.RemoteException when the connection to the server fails
     */
    public ServerStatus run(Consumer<StatusCheck> progress, Cancel cancel) {
        ExecutorService pool = Executors.newFixedThreadPool(12, r -> {
            Thread t = new Thread(r, "mailwright-status");
            t.setDaemon(true);
            return t;
        });
        List<StatusCheck> done = Collections.synchronizedList(new ArrayList<>());
        Consumer<StatusCheck> report = c -> {
            done.add(c);
            progress.accept(c);
        };
        try {
            CompletableFuture<List<StatusCheck>> own = CompletableFuture.supplyAsync(this::serverChecks, pool);
            CompletableFuture<ServerFacts> facts = CompletableFuture.supplyAsync(this::facts, pool);
            CompletableFuture<List<String>> domains = CompletableFuture.supplyAsync(this::domains, pool);
            List<CompletableFuture<?>> parts = new ArrayList<>();

            // the server's checks, with the dependency of ports on services made explicit
            parts.add(own.thenAccept(list -> list.forEach(report)));
            // TLS from here, on the ports that listen
            for (int port : MailPorts.ALL) {
                parts.add(own.thenApplyAsync(list -> tls(port, list), pool).thenAccept(report));
            }
            // DNS: records per domain (with the DKIM keys on the server), DNSSEC per zone
            CompletableFuture<Map<String, String>> dkim = domains.thenApplyAsync(this::dkimKeys, pool);
            parts.add(facts.thenCombine(domains, (f, d) -> new Object[] {f, d}).thenCombine(dkim, (fd, k) -> {
                cancel.check();
                @SuppressWarnings("unchecked") List<String> ds = (List<String>) fd[1];
                MailDnsSetup setup = DnsRecords.withDane(DnsRecords.setupFor(spec, ds, (ServerFacts) fd[0], k), host,
                        org.mailwright.engine.steps.Tls.paths(spec).cert(), dns.resolver());
                return new DnsChecker(dns.resolver(), Duration.ofMillis(PROBE_MILLIS), true).check(setup).findings();
            }).thenAccept(fs -> fs.forEach(f -> report.accept(dnsCheck(f, domainsOrSpec(domains))))));
            // whether mail may leave over IPv6 (the IPv6 PTR), by the same rule apply renders into smtpd.conf
            parts.add(facts.thenApplyAsync(this::ipv6Sending, pool).thenAccept(report));
            parts.add(domains.thenApplyAsync(ds -> new DnsChecker(dns.resolver(), Duration.ofMillis(PROBE_MILLIS), true).dnssec(ds), pool)
                    .thenAccept(fs -> fs.forEach(f -> report.accept(StatusCheck.of(id(f.check()), f.check().substring(7), f)))));
            if (dns.internetChecks()) {
                parts.add(CompletableFuture.supplyAsync(() -> OutboundSmtp.check(host, DnsRecords.OUTBOUND_TARGET,
                        spec.relaysAllMail()), pool)
                        .thenAccept(f -> report.accept(StatusCheck.of("outbound.25", StatusCheck.NETWORK, f))));
                parts.add(facts.thenComposeAsync(f -> all(pool, Dnsbl.listable(addresses(f)).stream()
                        .map(ip -> (Supplier<Finding>) () -> Dnsbl.checkAddress(host, ip)).toList()), pool)
                        .thenAccept(fs -> fs.forEach(f -> report.accept(StatusCheck.of(id(f.check()), StatusCheck.NETWORK, f)))));
                // one command for every domain: fifty channels at once would pass sshd's MaxSessions (10)
                parts.add(domains.thenApplyAsync(ds -> Dnsbl.checkDomains(host, ds), pool)
                        .thenAccept(fs -> fs.forEach(f -> report.accept(dnsCheck(f, domainsOrSpec(domains))))));
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        } finally {
            pool.shutdownNow();
        }
        synchronized (done) {
            return ServerStatus.ordered(spec.server().host(), Instant.now(), done);
        }
    }

    /** Each domain's DKIM public key (base64) as the last {@link #run} read it from the server; empty before. */
    public Map<String, String> dkimPublicKeys() {
        return Map.copyOf(dkimRead);
    }

    private static List<String> domainsOrSpec(CompletableFuture<List<String>> domains) {
        return domains.join();
    }

    private static CompletableFuture<List<Finding>> all(ExecutorService pool, List<Supplier<Finding>> work) {
        List<CompletableFuture<Finding>> fs = work.stream().map(w -> CompletableFuture.supplyAsync(w, pool)).toList();
        return CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).thenApply(x -> fs.stream().map(CompletableFuture::join).toList());
    }

    private List<StatusCheck> serverChecks() {
        CommandResult r = host.exec(Command.of("sh", "-s").withStdin(Alerts.script(spec).getBytes(StandardCharsets.UTF_8)),
                OutputListener.NONE, Duration.ofSeconds(60), Cancel.NEVER);
        List<StatusCheck> checks = StatusScript.parse(r.stdout());
        if (checks.isEmpty()) {
            return List.of(StatusCheck.of("server", StatusCheck.SYSTEM, Finding.error("Server checks",
                    "the server's checks printed nothing (exit " + r.exitStatus() + ": " + r.stderr().strip() + ")",
                    "Connect again; if it repeats, save the transcript and report it.")));
        }
        return checks;
    }

    private static boolean failed(String id, List<StatusCheck> all) {
        return all.stream().anyMatch(x -> x.id().equals(id) && x.severity() != org.mailwright.model.Severity.OK);
    }

    private static String name(String id, List<StatusCheck> all) {
        return all.stream().filter(x -> x.id().equals(id)).findFirst().map(x -> x.finding().check()).orElse(id);
    }

    private StatusCheck tls(int port, List<StatusCheck> own) {
        String id = "tls." + port;
        String check = "TLS on " + port;
        String prerequisite = "port." + port;
        Optional<StatusCheck> listening = own.stream().filter(x -> x.id().equals(prerequisite)).findFirst();
        if (listening.isPresent() && (listening.get().isSkipped() || listening.get().severity() != org.mailwright.model.Severity.OK)) {
            String cause = listening.get().isSkipped() ? listening.get().skippedBecause() : prerequisite;
            return StatusCheck.skipped(id, StatusCheck.NETWORK, check, cause, name(cause, own));
        }
        String server = spec.server().host();
        try {
            TlsPeer peer = TlsPeer.of(server, port, PROBE_MILLIS);
            long days = Duration.between(Instant.now(), peer.notAfter()).toDays();
            if (!peer.names(spec.hostname())) {
                return StatusCheck.of(id, StatusCheck.NETWORK, Finding.error(check, "the certificate on port " + port + " is for "
                        + String.join(", ", peer.names()) + ", not " + spec.hostname(), "Run apply again: its TLS step puts the right certificate in place."));
            }
            if (days < 0) {
                return StatusCheck.of(id, StatusCheck.NETWORK, Finding.error(check, "the certificate on port " + port + " has expired",
                        "Renew it: certbot renew on the server, then systemctl restart opensmtpd and systemctl reload dovecot."));
            }
            return StatusCheck.of(id, StatusCheck.NETWORK, Finding.ok(check, peer.protocol() + ", certificate for " + spec.hostname()
                    + " valid " + days + " more days (seen from this computer)"));
        } catch (java.io.IOException e) {
            return StatusCheck.of(id, StatusCheck.NETWORK, Finding.error(check, "no TLS on " + server + ":" + port + " from this computer ("
                    + e.getMessage() + ")", "The server listens: check the firewall (ufw status on the server) and your network."));
        }
    }

    /** {@link Ipv6Sending#onServer}: the rule's answer now, and whether the server's smtpd.conf follows it. */
    private StatusCheck ipv6Sending(ServerFacts f) {
        MailDnsSetup setup = DnsRecords.setupFor(spec, f, Map.of());
        Ipv6Sending.Decision d = Ipv6Sending.decide(spec.ipv6().send(), setup,
                v6 -> new DnsChecker(dns.resolver(), Duration.ofMillis(PROBE_MILLIS), true).reverseDns(setup.mailHost(), v6));
        Finding finding = Ipv6Sending.onServer(d, host.readText(org.mailwright.render.MailLayout.SMTPD_CONF)
                .map(org.mailwright.render.MailRenderer::sendsIpv4Only));
        return StatusCheck.of("ipv6.sending", StatusCheck.NETWORK, finding);
    }

    private ServerFacts facts() {
        return ServerRecords.facts(host);
    }

    private List<String> domains() {
        return ServerRecords.domains(host, spec);
    }

    private Map<String, String> dkimKeys(List<String> domains) {
        Map<String, String> out = ServerRecords.dkimKeys(host, spec, domains);
        dkimRead.putAll(out);
        return out;
    }

    private List<java.net.InetAddress> addresses(ServerFacts f) {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (String a : f.mailAddresses(spec.server().host())) {
            try {
                out.add(java.net.InetAddress.getByName(a));
            } catch (java.net.UnknownHostException e) {
                // an IP literal from `ip addr`: cannot happen
            }
        }
        return out;
    }

    /** A DNS finding goes to the group of the domain its name ends in; PTR and the host's own records to Network. */
    static StatusCheck dnsCheck(Finding f, List<String> domains) {
        String check = f.check();
        String name = check.substring(check.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
        String group = check.startsWith("PTR ") || check.startsWith("Spamhaus ZEN") ? StatusCheck.NETWORK
                : domains.stream().filter(d -> name.equals(d) || name.endsWith("." + d)).max(java.util.Comparator.comparingInt(String::length))
                .orElse(StatusCheck.NETWORK);
        return StatusCheck.of(id(check), group, f);
    }

    /** A stable id from a check's name: "MX example.com" becomes "dns.mx.example.com". */
    static String id(String check) {
        String lower = check.toLowerCase(Locale.ROOT);
        if (lower.startsWith("dnssec ")) {
            return "dnssec." + lower.substring(7);
        }
        if (lower.startsWith("spamhaus")) {
            return "dnsbl." + lower.replaceAll("[^a-z0-9.:-]+", ".");
        }
        return "dns." + lower.replaceAll("[^a-z0-9.:_-]+", ".");
    }
}
