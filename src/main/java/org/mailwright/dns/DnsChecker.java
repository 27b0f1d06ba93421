package org.mailwright.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.mailwright.model.SpecValidator;
import org.mailwright.model.Finding;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Compares what DNS publishes with what the mail server needs, one {@link Finding} per record, each saying what to
 * change where. Independent queries go out together (a check of one domain takes about one round trip per
 * dependency level, not one per query); {@code parallel = false} sends them one at a time, as a baseline.
 *
 * <p>Every check is a fresh look: queries go straight to the chosen servers (no dnsjava {@code Lookup} and its
 * shared cache); within one check the same question is asked once.
 */
public final class DnsChecker {
    private final ResolverChoice choice;
    private final Duration timeout;
    private final boolean parallel;
    private final boolean edns;
    private final String trustAnchors;

    public DnsChecker(ResolverChoice choice, Duration timeout, boolean parallel) {
        this(choice, timeout, parallel, true);
    }

    /** @param edns false asks without EDNS, so answers over 512 bytes come back truncated and go over TCP */
    public DnsChecker(ResolverChoice choice, Duration timeout, boolean parallel, boolean edns) {
        this(choice, timeout, parallel, edns, DnssecValidator.IANA_ROOT_ANCHORS);
    }

    private DnsChecker(ResolverChoice choice, Duration timeout, boolean parallel, boolean edns, String trustAnchors) {
        this.choice = choice;
        this.timeout = timeout;
        this.parallel = parallel;
        this.edns = edns;
        this.trustAnchors = trustAnchors;
    }

    /**
     * This checker with other DNSSEC trust anchors than the IANA root's ({@link DnssecValidator#IANA_ROOT_ANCHORS}): a
     * test's own signed zone, or a private DNS tree.
     *
     * @param anchors DS or DNSKEY records in zone-file syntax, one per line
     */
    public DnsChecker withTrustAnchors(String anchors) {
        return new DnsChecker(choice, timeout, parallel, edns, anchors);
    }

    public DnsReport check(MailDnsSetup setup) {
        long start = System.nanoTime();
        ExecutorService pool = parallel ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mailwright-dns-check");
            t.setDaemon(true);
            return t;
        }) : null;
        Run run = new Run(pool == null ? Runnable::run : pool);
        try {
            List<Finding> findings = new ArrayList<>(choice instanceof ResolverChoice.Authoritative auth
                    ? checkAuthoritative(run, setup, run.wrap(querierFor(auth.bootstrap())), auth.port())
                    : checkVia(run, setup, run.wrap(querierFor(choice))));
            if (setup.dane() != null) {
                findings.add(checkTlsa(setup));
            }
            return new DnsReport(findings, run.queries.get(), Duration.ofNanos(System.nanoTime() - start));
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /**
     * The DNSSEC state of each zone, validated from this checker's trust anchors (the IANA root's unless
     * {@link #withTrustAnchors} said otherwise) through the resolver this checker uses (for
     * {@link ResolverChoice.Authoritative}: its bootstrap resolver): secure (OK), insecure, that is not signed (OK:
     * DNSSEC is optional, but DANE needs it), or bogus (ERROR: validating resolvers such as 8.8.8.8 and 1.1.1.1 then
     * answer SERVFAIL for every name of the zone, MX and DKIM included; RFC 4035 section 5.5).
     *
     * <p>When the resolver does not pass the DNSSEC records validation needs (it has no answer for the trust anchor's
     * DNSKEY, as a forwarder serving only its own names), the state cannot be validated; then the DS record at the
     * parent is read instead: none is "not signed" (OK), a DS without a DNSKEY in the zone is broken (ERROR), a DS
     * with a DNSKEY is reported as signed but not validated (WARN).
     *
     * @param domains zone names (a name inside a zone, such as the mail host, gives the state of its zone)
     * @return one finding per domain, check {@code "DNSSEC " + domain}, in the order given
     */
    public List<Finding> dnssec(List<String> domains) {
        DnssecValidator v = validator();
        if (!v.chainReachable()) {
            DnsQuerier q = querierFor(bootstrap());
            List<CompletableFuture<Finding>> all = new ArrayList<>();
            for (String d : domains) {
                CompletableFuture<DnsAnswer> ds = q.query(d, Type.DS);
                CompletableFuture<DnsAnswer> key = q.query(d, Type.DNSKEY);
                all.add(ds.thenCombine(key, (dsAnswer, keyAnswer) -> dnssecFinding(d, dsAnswer, keyAnswer, v.describe())));
            }
            return all.stream().map(CompletableFuture::join).toList();
        }
        return domains.stream().map(d -> dnssecFinding(d, v.query(d, Type.SOA))).toList();
    }

    /**
     * The DNSSEC state of the zone {@code name} is in, validated as {@link #dnssec} does; {@link DnssecState#UNKNOWN}
     * when the resolver does not pass DNSSEC records or does not answer. The planner's input for the TLSA record.
     */
    public DnssecState dnssecState(String name) {
        DnssecValidator v = validator();
        return v.chainReachable() ? v.query(name, Type.SOA).state() : DnssecState.UNKNOWN;
    }

    private ResolverChoice bootstrap() {
        return choice instanceof ResolverChoice.Authoritative auth ? auth.bootstrap() : choice;
    }

    private DnssecValidator validator() {
        ResolverChoice c = bootstrap();
        InetSocketAddress server;
        if (c instanceof ResolverChoice.Server s) {
            server = s.address();
        } else {
            List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
            if (servers.isEmpty()) {
                throw new IllegalStateException("this computer has no DNS resolver configured: give a DNS server to use instead");
            }
            server = servers.get(0);
        }
        return new DnssecValidator(server, trustAnchors, timeout);
    }

    static Finding dnssecFinding(String d, DnssecValidator.Validated v) {
        String check = "DNSSEC " + d;
        return switch (v.state()) {
            case SECURE -> Finding.ok(check, d + " is signed and validates from the trust anchor (secure)");
            case INSECURE -> Finding.ok(check, d + " is not signed (insecure: no DS record at its parent). DNSSEC is optional;"
                    + " signing the zone protects its MX and DKIM records from forgery and lets senders use DANE");
            case BOGUS -> Finding.error(check, d + " is signed but does not validate (bogus: " + v.reason() + "): validating resolvers,"
                            + " such as 8.8.8.8 and 1.1.1.1, refuse every name of " + d + ", mail included",
                    "At your DNS provider, make the zone's signatures current again (re-sign it, or turn its DNSSEC off and on), and make"
                            + " the DS record at your registrar match the zone's key signing key; or remove the DS record at your registrar"
                            + " to turn DNSSEC off.");
            case UNKNOWN -> Finding.warn(check, "could not check the DNSSEC state of " + d + " (" + v.reason() + ")", "Check again later.");
        };
    }

    static Finding dnssecFinding(String d, DnsAnswer ds, DnsAnswer key, String resolver) {
        String check = "DNSSEC " + d;
        if (ds.failed()) {
            return Finding.warn(check, "could not ask for the DS record of " + d + " (" + ds.describe() + ")", "Check again later.");
        }
        List<org.xbill.DNS.DSRecord> delegations = ds.recordsOf(org.xbill.DNS.DSRecord.class);
        if (delegations.isEmpty()) {
            return Finding.ok(check, d + " is not signed: no DS record at its parent (optional; signing it at your DNS provider protects its MX"
                    + " and DKIM records from forgery and lets senders use DANE)");
        }
        String tags = delegations.stream().map(r -> String.valueOf(r.getFootprint())).distinct().reduce((a, b) -> a + ", " + b).orElse("");
        if (key.recordsOf(org.xbill.DNS.DNSKEYRecord.class).isEmpty()) {
            return Finding.error(check, "the parent zone has a DS record for " + d + " (key tag " + tags + ") but " + d
                    + " publishes no DNSKEY: validating resolvers refuse all its names, mail included",
                    "Turn DNSSEC on again at your DNS provider, or remove the DS record at your registrar.");
        }
        return Finding.warn(check, d + " is signed (DS key tag " + tags + " at the parent, DNSKEY published), but " + resolver
                        + " does not pass the records needed to validate it from the root",
                "Check with a DNS server that passes DNSSEC records (--dns-server 1.1.1.1, or 9.9.9.9).");
    }

    /**
     * The mail host's TLSA record at {@code _25._tcp.MAILHOST} against the server's key (RFC 7672 section 3.1.1),
     * validated as {@link #dnssec} validates: in a secure zone the 3 1 1 record of the key must be there (a missing one
     * is an error, one that does not match the served certificate too: DANE senders then refuse to deliver); in an
     * unsigned zone no TLSA record is expected, and one that is there is pointless (senders ignore it).
     */
    private Finding checkTlsa(MailDnsSetup setup) {
        String name = Tlsa.name(setup.mailHost());
        String check = "TLSA " + name;
        String expected = Tlsa.value(setup.dane().spkiSha256());
        String line = name + ".\t" + setup.options().ttl() + "\tIN\tTLSA\t" + expected;
        DnssecValidator v = validator();
        if (!v.chainReachable()) {
            // nothing can be validated through this resolver: DANE is not planned, and only a published record is worth a word
            DnsAnswer plain = querierFor(bootstrap()).query(name, Type.TLSA).join();
            if (plain.failed() || plain.recordsOf(org.xbill.DNS.TLSARecord.class).isEmpty()) {
                return Finding.ok(check, "no TLSA record for " + setup.mailHost() + " and none planned: " + v.describe()
                        + " does not pass the DNSSEC records needed to tell whether its zone is signed (DANE needs DNSSEC, RFC 7672 section 2.2);"
                        + " for a signed zone the record would be " + expected);
            }
            return Finding.warn(check, name + " has TLSA " + String.join(", ", plain.recordsOf(org.xbill.DNS.TLSARecord.class).stream()
                            .map(Tlsa::text).toList()) + " but " + v.describe() + " does not pass the DNSSEC records needed to validate it",
                    "Check with a DNS server that passes DNSSEC records (--dns-server 1.1.1.1, or 9.9.9.9).");
        }
        DnssecValidator.Validated a = v.query(name, Type.TLSA);
        List<org.xbill.DNS.TLSARecord> records = a.records().stream().filter(org.xbill.DNS.TLSARecord.class::isInstance)
                .map(org.xbill.DNS.TLSARecord.class::cast).toList();
        String published = String.join(", ", records.stream().map(Tlsa::text).toList());
        return switch (a.state()) {
            case UNKNOWN -> Finding.warn(check, "could not check the TLSA record " + name + " (" + a.reason() + ")", "Check again later.");
            case BOGUS -> Finding.error(check, "the zone of " + setup.mailHost() + " does not validate (bogus: " + a.reason()
                    + "): senders that use DNSSEC cannot look up " + name + " or the mail host", "Fix the zone's DNSSEC first (see the DNSSEC check).");
            case INSECURE -> records.isEmpty()
                    ? Finding.ok(check, "no TLSA record for " + setup.mailHost() + ": its zone is not signed, and DANE means nothing without"
                            + " DNSSEC (RFC 7672 section 2.2); once the zone is signed at your DNS provider the record to publish is " + expected)
                    : Finding.warn(check, name + " has TLSA " + published + " but the zone of " + setup.mailHost()
                            + " is not signed, so senders ignore it (RFC 7672 section 2.2)",
                            "Sign the zone at your DNS provider (DNSSEC), or remove the TLSA record.");
            case SECURE -> {
                if (records.isEmpty()) {
                    yield Finding.error(check, "the zone of " + setup.mailHost() + " is signed but has no TLSA record at " + name,
                            "Add the record " + line + " at your DNS provider (DANE: senders then accept only this server's key).");
                }
                if (records.stream().noneMatch(r -> Tlsa.matches(r, setup.dane().spkiSha256()))) {
                    yield Finding.error(check, "the TLSA record at " + name + " (" + published + ") does not match the certificate the server"
                                    + " presents, whose key needs " + expected + ": senders that use DANE refuse to deliver",
                            "Replace the TLSA records at " + name + " at your DNS provider with " + line + ".");
                }
                yield Finding.ok(check, "the TLSA record at " + name + " matches the server's key (" + expected + ", secure)"
                        + (records.size() > 1 ? "; " + (records.size() - 1) + " other record(s) there too" : ""));
            }
        };
    }

    /**
     * The addresses of {@code zone}'s authoritative servers: its NS records' targets and their IPv4 addresses, as this
     * checker's resolver answers (an {@link ResolverChoice.Authoritative} choice asks its bootstrap resolver and uses
     * its port). Empty when the zone has no NS records the resolver can see (a zone not delegated yet).
     */
    public List<InetSocketAddress> nameServerAddresses(String zone) {
        int port = choice instanceof ResolverChoice.Authoritative auth ? auth.port() : 53;
        DnsQuerier q = querierFor(choice instanceof ResolverChoice.Authoritative auth ? auth.bootstrap() : choice);
        List<InetSocketAddress> out = new ArrayList<>();
        for (NSRecord ns : q.query(zone, Type.NS).join().recordsOf(NSRecord.class)) {
            for (ARecord a : q.query(name(ns.getTarget()), Type.A).join().recordsOf(ARecord.class)) {
                InetSocketAddress s = new InetSocketAddress(a.getAddress(), port);
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private DnsQuerier querierFor(ResolverChoice c) {
        if (c instanceof ResolverChoice.Server s) {
            return new ServerQuerier(s.address(), timeout, edns);
        }
        List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
        if (servers.isEmpty()) {
            throw new IllegalStateException("this computer has no DNS resolver configured: give a DNS server to use instead");
        }
        return new FallbackQuerier(servers.stream().map(a -> (DnsQuerier) new ServerQuerier(a, timeout, edns)).toList());
    }

    // ---------------------------------------------------------------- running queries

    /** One check's state: the query count, the answers so far (each question is asked once), where work runs. */
    private final class Run {
        final AtomicInteger queries = new AtomicInteger();
        final Map<String, CompletableFuture<DnsAnswer>> asked = new ConcurrentHashMap<>();
        final Executor executor;

        Run(Executor executor) {
            this.executor = executor;
        }

        DnsQuerier wrap(DnsQuerier inner) {
            return new DnsQuerier() {
                @Override
                public CompletableFuture<DnsAnswer> query(String name, int type) {
                    String key = inner.describe() + " " + name.toLowerCase(Locale.ROOT) + " " + type;
                    return asked.computeIfAbsent(key, k -> {
                        queries.incrementAndGet();
                        CompletableFuture<DnsAnswer> f = inner.query(name, type);
                        // the sequential baseline waits for each answer before asking the next question
                        return parallel ? f : CompletableFuture.completedFuture(f.join());
                    });
                }

                @Override
                public String describe() {
                    return inner.describe();
                }
            };
        }

        /** Starts a part of the check; in sequential mode it runs to the end before the next starts. */
        CompletableFuture<List<Finding>> part(Supplier<CompletableFuture<List<Finding>>> work) {
            CompletableFuture<List<Finding>> f = CompletableFuture.supplyAsync(work, executor).thenCompose(x -> x);
            if (!parallel) {
                f.join();
            }
            return f;
        }
    }

    private List<Finding> checkVia(Run run, MailDnsSetup setup, DnsQuerier q) {
        List<CompletableFuture<List<Finding>>> parts = new ArrayList<>();
        parts.add(run.part(() -> hostChecks(q, setup)));
        for (String d : setup.domains()) {
            parts.addAll(domainChecks(run, q, setup, d));
        }
        return joinAll(parts);
    }

    private static List<Finding> joinAll(List<CompletableFuture<List<Finding>>> parts) {
        List<Finding> out = new ArrayList<>();
        for (CompletableFuture<List<Finding>> p : parts) {
            out.addAll(p.join());
        }
        return out;
    }

    private List<CompletableFuture<List<Finding>>> domainChecks(Run run, DnsQuerier q, MailDnsSetup setup, String d) {
        List<CompletableFuture<List<Finding>>> out = new ArrayList<>(List.of(
                run.part(() -> q.query(d, Type.MX).thenApply(a -> List.of(checkMx(setup, d, a)))),
                run.part(() -> q.query(d, Type.TXT).thenApplyAsync(a -> List.of(checkSpf(q, setup, d, a)), run.executor)),
                run.part(() -> checkDkim(q, setup, d)),
                run.part(() -> q.query("_dmarc." + d, Type.TXT).thenApply(a -> List.of(checkDmarc(setup, d, a))))));
        if (setup.options().mtaStsOn()) {
            out.add(run.part(() -> q.query("_mta-sts." + d, Type.TXT).thenApply(a -> List.of(checkMtaSts(setup, d, a)))));
            out.add(run.part(() -> q.query("mta-sts." + d, Type.A).thenApply(a -> List.of(checkPolicyHost(setup, d, a)))));
        }
        if (setup.options().tlsRpt()) {
            out.add(run.part(() -> q.query("_smtp._tls." + d, Type.TXT).thenApply(a -> List.of(checkTlsRpt(setup, d, a)))));
        }
        return out;
    }

    /** Check name of the MTA-STS findings of {@code domain} (the record and the policy host); the enforce offer reads it. */
    public static String mtaStsCheck(String domain) {
        return "MTA-STS " + domain;
    }

    /** Check name of the TLS-RPT finding of {@code domain}. */
    public static String tlsRptCheck(String domain) {
        return "TLS-RPT " + domain;
    }

    /**
     * {@code _mta-sts.DOMAIN} (RFC 8461 section 3.1): exactly one TXT record starting {@code v=STSv1}, whose id is the
     * planned policy's (a sender refetches the policy only when the id changes).
     */
    static Finding checkMtaSts(MailDnsSetup setup, String d, DnsAnswer ans) {
        String check = mtaStsCheck(d);
        String name = "_mta-sts." + d;
        String planned = RecordPlanner.mtaStsRecord(MtaStsPolicy.of(setup.options().mtaSts(), setup.mailHost()));
        String record = RecordPlanner.txt(name, planned, setup.options().ttl(), "MTA-STS").zoneLine();
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        List<String> sts = joinedTxt(ans).stream().filter(t -> t.strip().startsWith("v=STSv1")).toList();
        if (sts.isEmpty()) {
            return Finding.error(check, d + " has no MTA-STS record at " + name + " (" + ans.status() + "): senders never fetch the policy",
                    "Add the record " + record + " at your DNS provider.");
        }
        if (sts.size() > 1) {
            // RFC 8461 3.1: more than one record means senders treat the domain as having no policy
            return Finding.error(check, name + " has " + sts.size() + " MTA-STS records; senders then ignore all of them",
                    "Leave only one: " + record + ".");
        }
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("(?:^|;)\\s*id=([A-Za-z0-9]{1,32})\\s*(?:;|$)").matcher(sts.get(0));
        if (!id.find()) {
            return Finding.error(check, "the MTA-STS record \"" + sts.get(0) + "\" has no valid id (1 to 32 letters and digits)",
                    "Replace the TXT record at " + name + " with \"" + planned + "\".");
        }
        if (!planned.equals("v=STSv1; id=" + id.group(1))) {
            return Finding.error(check, name + " has id " + id.group(1) + ", but the policy the server serves has id "
                            + planned.substring(planned.indexOf("id=") + 3) + ": senders keep the policy they cached before",
                    "Change the TXT record at " + name + " to \"" + planned + "\".");
        }
        return Finding.ok(check, name + " announces the policy (mode " + setup.options().mtaSts().word() + ", " + planned + ")");
    }

    /** {@code mta-sts.DOMAIN} must resolve to the mail host, which serves the policy (RFC 8461 section 3.3). */
    static Finding checkPolicyHost(MailDnsSetup setup, String d, DnsAnswer ans) {
        String check = mtaStsCheck(d) + " host";
        String name = "mta-sts." + d;
        if (ans.failed() && ans.status() != DnsAnswer.Status.NXDOMAIN) {
            return lookupFailed(check, ans);
        }
        List<InetAddress> v4 = setup.publicAddresses().stream().filter(a -> !(a instanceof Inet6Address)).toList();
        List<InetAddress> got = addressesOf(ans);
        if (got.isEmpty() || !v4.containsAll(got)) {
            return Finding.error(check, name + (got.isEmpty() ? " does not resolve" : " resolves to " + text(got) + ", not to the mail host "
                            + text(v4)) + ": senders cannot fetch the policy, and apply cannot get its certificate",
                    "Add the record " + name + ". CNAME " + setup.mailHost() + ". at your DNS provider; the next apply then gets the"
                            + " certificate for it.");
        }
        return Finding.ok(check, name + " points at the mail host (" + text(got) + ")");
    }

    /** {@code _smtp._tls.DOMAIN} (RFC 8460 section 3): one TLS-RPT record; reports to the planned address. */
    static Finding checkTlsRpt(MailDnsSetup setup, String d, DnsAnswer ans) {
        String check = tlsRptCheck(d);
        String name = "_smtp._tls." + d;
        String planned = RecordPlanner.tlsRptRecord(d);
        String record = RecordPlanner.txt(name, planned, setup.options().ttl(), "TLS-RPT").zoneLine();
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        List<String> rpt = joinedTxt(ans).stream().filter(t -> t.strip().startsWith("v=TLSRPTv1")).toList();
        if (rpt.isEmpty()) {
            return Finding.warn(check, d + " has no TLS-RPT record at " + name + " (" + ans.status() + "): nobody hears of senders' TLS failures",
                    "Add the record " + record + " at your DNS provider.");
        }
        if (rpt.size() > 1) {
            return Finding.error(check, name + " has " + rpt.size() + " TLS-RPT records; senders then send no reports",
                    "Leave only one: " + record + ".");
        }
        if (!rpt.get(0).contains("rua=")) {
            return Finding.error(check, "the TLS-RPT record \"" + rpt.get(0) + "\" says nowhere to send reports (no rua=)",
                    "Replace the TXT record at " + name + " with \"" + planned + "\".");
        }
        return Finding.ok(check, "TLS reports for " + d + " go to " + rpt.get(0).replaceFirst("^.*rua=", "").replaceFirst(";.*$", "").strip());
    }

    // ---------------------------------------------------------------- authoritative servers

    private record AuthServer(String name, InetAddress address) {
        String label() {
            return name + " (" + Addresses.text(address) + ")";
        }
    }

    private List<Finding> checkAuthoritative(Run run, MailDnsSetup setup, DnsQuerier bootstrap, int port) {
        List<Finding> out = new ArrayList<>();
        boolean hostChecked = false;
        for (String d : setup.domains()) {
            String check = "Authoritative servers " + d;
            DnsAnswer ns = bootstrap.query(d, Type.NS).join();
            if (ns.failed()) {
                out.add(lookupFailed(check, ns));
                continue;
            }
            List<String> nsNames = ns.recordsOf(NSRecord.class).stream().map(r -> name(r.getTarget())).distinct().sorted().toList();
            if (nsNames.isEmpty()) {
                out.add(Finding.error(check, d + " has no NS records (" + ns.status() + ")",
                        "Set the name servers for " + d + " at your domain registrar."));
                continue;
            }
            List<AuthServer> servers = new ArrayList<>();
            for (String n : nsNames) {
                DnsAnswer a = bootstrap.query(n, Type.A).join();
                a.recordsOf(ARecord.class).forEach(r -> servers.add(new AuthServer(n, r.getAddress())));
                if (a.recordsOf(ARecord.class).isEmpty()) {
                    out.add(Finding.warn(check, "the name server " + n + " has no IPv4 address (" + a.status() + ")",
                            "Fix or remove the NS record " + n + " for " + d + " at your registrar; resolvers cannot reach it."));
                }
            }
            if (servers.isEmpty()) {
                out.add(Finding.error(check, "none of the name servers of " + d + " (" + String.join(", ", nsNames) + ") has an address",
                        "Check the NS records of " + d + " at your registrar."));
                continue;
            }
            boolean hostHere = inZone(setup.mailHost(), d);
            Map<String, CompletableFuture<List<Finding>>> perServer = new LinkedHashMap<>();
            Map<AuthServer, CompletableFuture<DnsAnswer>> soa = new LinkedHashMap<>();
            for (AuthServer s : servers) {
                DnsQuerier direct = run.wrap(new ServerQuerier(new InetSocketAddress(s.address(), port), timeout, edns));
                DnsQuerier routed = new ZoneQuerier(d, direct, bootstrap);
                soa.put(s, direct.query(d, Type.SOA));
                List<CompletableFuture<List<Finding>>> parts = new ArrayList<>();
                if (hostHere && !hostChecked) {
                    parts.add(run.part(() -> hostChecks(routed, setup)));
                }
                parts.addAll(domainChecks(run, routed, setup, d));
                perServer.put(s.label(), CompletableFuture.supplyAsync(() -> joinAll(parts), run.executor));
            }
            hostChecked |= hostHere;
            out.add(propagation(check, d, soa));
            Map<String, List<Finding>> results = new LinkedHashMap<>();
            perServer.forEach((label, f) -> results.put(label, f.join()));
            out.addAll(merge(results));
        }
        if (!hostChecked) {
            out.addAll(hostChecks(bootstrap, setup).join());
        }
        return out;
    }

    private static Finding propagation(String check, String d, Map<AuthServer, CompletableFuture<DnsAnswer>> soa) {
        Map<Long, List<String>> bySerial = new LinkedHashMap<>();
        for (Map.Entry<AuthServer, CompletableFuture<DnsAnswer>> e : soa.entrySet()) {
            DnsAnswer a = e.getValue().join();
            if (a.failed() || a.recordsOf(SOARecord.class).isEmpty()) {
                return Finding.error(check, "the name server " + e.getKey().label() + " does not serve " + d + ": " + a.describe(),
                        "Make " + e.getKey().name() + " serve the zone " + d + ", or remove it from the NS records at your registrar.");
            }
            bySerial.computeIfAbsent(a.recordsOf(SOARecord.class).get(0).getSerial(), k -> new ArrayList<>()).add(e.getKey().label());
        }
        if (bySerial.size() == 1) {
            Map.Entry<Long, List<String>> only = bySerial.entrySet().iterator().next();
            return Finding.ok(check, "all " + only.getValue().size() + " name servers of " + d + " serve serial " + only.getKey());
        }
        StringBuilder seen = new StringBuilder();
        bySerial.forEach((serial, labels) -> seen.append(seen.length() == 0 ? "" : "; ").append(String.join(", ", labels))
                .append(" serve serial ").append(serial));
        long newest = bySerial.keySet().stream().max(Long::compare).orElseThrow();
        return Finding.warn(check, "the name servers of " + d + " disagree (half-propagated): " + seen,
                "Wait for the servers behind serial " + newest + " to be copied to the others (zone transfer, at most the SOA refresh time);"
                        + " if it does not happen, check that the secondaries may transfer from the primary (NOTIFY, allow-transfer).");
    }

    /** Findings the same at every server are reported once; the others say which server they came from. */
    static List<Finding> merge(Map<String, List<Finding>> byServer) {
        List<List<Finding>> lists = new ArrayList<>(byServer.values());
        Set<Finding> out = new LinkedHashSet<>();
        for (Map.Entry<String, List<Finding>> e : byServer.entrySet()) {
            for (Finding f : e.getValue()) {
                if (lists.stream().allMatch(l -> l.contains(f))) {
                    out.add(f);
                } else {
                    out.add(new Finding(f.severity(), f.check(), "at " + e.getKey() + ": " + f.message(), f.fix()));
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean inZone(String name, String zone) {
        return name.equals(zone) || name.endsWith("." + zone);
    }

    /** Names inside the zone go to its authoritative server; everything else (includes, PTR) to the resolver. */
    private record ZoneQuerier(String zone, DnsQuerier authoritative, DnsQuerier elsewhere) implements DnsQuerier {
        @Override
        public CompletableFuture<DnsAnswer> query(String name, int type) {
            String n = name.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
            return (inZone(n, zone) ? authoritative : elsewhere).query(name, type);
        }

        @Override
        public String describe() {
            return authoritative.describe();
        }
    }

    /** The system's resolvers in order: the next is asked only when one does not answer at all. */
    private record FallbackQuerier(List<DnsQuerier> servers) implements DnsQuerier {
        @Override
        public CompletableFuture<DnsAnswer> query(String name, int type) {
            CompletableFuture<DnsAnswer> f = servers.get(0).query(name, type);
            for (DnsQuerier next : servers.subList(1, servers.size())) {
                f = f.thenCompose(a -> a.status() == DnsAnswer.Status.TIMEOUT || a.status() == DnsAnswer.Status.UNREACHABLE
                        ? next.query(name, type) : CompletableFuture.completedFuture(a));
            }
            return f;
        }

        @Override
        public String describe() {
            return servers.get(0).describe();
        }
    }

    // ---------------------------------------------------------------- the mail host: A, AAAA, PTR

    private CompletableFuture<List<Finding>> hostChecks(DnsQuerier q, MailDnsSetup setup) {
        String host = setup.mailHost();
        List<InetAddress> pub = setup.publicAddresses();
        List<InetAddress> v4 = pub.stream().filter(a -> !(a instanceof Inet6Address)).toList();
        List<InetAddress> v6 = pub.stream().filter(a -> a instanceof Inet6Address).toList();
        CompletableFuture<DnsAnswer> a = q.query(host, Type.A);
        CompletableFuture<DnsAnswer> aaaa = q.query(host, Type.AAAA);
        List<CompletableFuture<Finding>> parts = new ArrayList<>();
        parts.add(a.thenApply(ans -> checkAddresses(host, "A", ans, addressesOf(ans), v4)));
        parts.add(aaaa.thenApply(ans -> checkAddresses(host, "AAAA", ans, addressesOf(ans), v6)));
        for (InetAddress addr : pub) {
            parts.add(checkPtr(q, host, addr).thenApply(PtrCheck::finding));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                .thenApply(x -> parts.stream().map(CompletableFuture::join).toList());
    }

    private static List<InetAddress> addressesOf(DnsAnswer ans) {
        List<InetAddress> out = new ArrayList<>();
        ans.recordsOf(ARecord.class).forEach(r -> out.add(r.getAddress()));
        ans.recordsOf(AAAARecord.class).forEach(r -> out.add(r.getAddress()));
        return out;
    }

    private static Finding checkAddresses(String host, String type, DnsAnswer ans, List<InetAddress> published, List<InetAddress> expected) {
        String check = type + " " + host;
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        String want = text(expected);
        if (expected.isEmpty()) {
            if (published.isEmpty()) {
                return Finding.ok(check, host + " has no " + type + " record, and the server has no public " + family(type) + " address");
            }
            return Finding.error(check, host + " has " + type + " " + text(published) + " but the server has no public " + family(type) + " address",
                    "Remove the " + type + " record of " + host + " at your DNS provider: senders using " + family(type)
                            + " would try to deliver to that address.");
        }
        if (ans.status() == DnsAnswer.Status.NXDOMAIN) {
            return Finding.error(check, host + " does not exist in DNS (NXDOMAIN)",
                    "Add the record " + host + " " + type + " " + want + " at your DNS provider.");
        }
        if (published.isEmpty()) {
            return Finding.error(check, host + " has no " + type + " record",
                    "Add the record " + host + " " + type + " " + want + " at your DNS provider.");
        }
        List<InetAddress> missing = expected.stream().filter(e -> !published.contains(e)).toList();
        List<InetAddress> extra = published.stream().filter(p -> !expected.contains(p)).toList();
        if (!missing.isEmpty()) {
            return Finding.error(check, host + " " + type + " points at " + text(published) + ", not at this server (" + want + ")",
                    "Change the " + type + " record of " + host + " at your DNS provider to " + want
                            + (extra.isEmpty() ? "." : ", and remove " + text(extra) + "."));
        }
        if (!extra.isEmpty()) {
            return Finding.warn(check, host + " " + type + " also points at " + text(extra),
                    "Remove " + text(extra) + " from the " + type + " records of " + host + " unless it is another server that accepts this mail.");
        }
        return Finding.ok(check, host + " " + type + " points at this server (" + want + ")");
    }

    private static String family(String type) {
        return type.equals("A") ? "IPv4" : "IPv6";
    }

    private static String text(List<InetAddress> addrs) {
        return String.join(", ", addrs.stream().map(Addresses::text).toList());
    }

    /**
     * The reverse DNS of {@code addresses} (RFC 1035 3.5 in-addr.arpa, RFC 3152 ip6.arpa), each checked as
     * {@link #check} checks it (the same finding, check {@code "PTR " + address}): PTR names {@code mailHost}, and
     * {@code mailHost}'s A or AAAA records contain the address again (forward-confirmed, FCrDNS). Asked of this
     * checker's resolver (for {@link ResolverChoice.Authoritative}: of its bootstrap resolver, where PTRs live).
     *
     * @param mailHost  the name the PTR must give (normalized, no trailing dot)
     * @param addresses IPv4 or IPv6 addresses
     * @return one result per address, in the order given; a failed lookup counts as not forward-confirmed
     */
    public List<PtrCheck> reverseDns(String mailHost, List<InetAddress> addresses) {
        Run run = new Run(Runnable::run);
        DnsQuerier q = run.wrap(querierFor(choice instanceof ResolverChoice.Authoritative auth ? auth.bootstrap() : choice));
        return addresses.stream().map(a -> checkPtr(q, mailHost, a)).toList().stream().map(CompletableFuture::join).toList();
    }

    /**
     * The reverse DNS of one address.
     *
     * @param address          the address asked about
     * @param forwardConfirmed its PTR names the mail host and the mail host resolves back to it (a second PTR name
     *                         besides it is a warning but still confirmed)
     * @param finding          what {@link #check} reports for it
     */
    public record PtrCheck(InetAddress address, boolean forwardConfirmed, Finding finding) {
    }

    /** PTR of the address must be the mail host, and the mail host must resolve back to it (FCrDNS). */
    private static CompletableFuture<PtrCheck> checkPtr(DnsQuerier q, String host, InetAddress addr) {
        String check = "PTR " + Addresses.text(addr);
        String ask = "Ask your hosting provider to set the reverse DNS (PTR) of " + Addresses.text(addr) + " to " + host
                + " (usually in its control panel next to the server's IP addresses, or by a support ticket).";
        return q.query(ReverseMap.fromAddress(addr).toString(), Type.PTR).thenCompose(ans -> {
            if (ans.failed()) {
                return CompletableFuture.completedFuture(new PtrCheck(addr, false, lookupFailed(check, ans)));
            }
            List<String> names = ans.recordsOf(PTRRecord.class).stream().map(r -> name(r.getTarget())).toList();
            if (names.isEmpty()) {
                return CompletableFuture.completedFuture(new PtrCheck(addr, false, Finding.error(check,
                        Addresses.text(addr) + " has no reverse DNS (" + ans.status() + "); many receivers refuse such mail", ask)));
            }
            if (!names.contains(host)) {
                return CompletableFuture.completedFuture(new PtrCheck(addr, false, Finding.error(check,
                        "the reverse DNS of " + Addresses.text(addr) + " is " + String.join(", ", names) + ", not " + host, ask)));
            }
            int type = addr instanceof Inet6Address ? Type.AAAA : Type.A;
            return q.query(host, type).thenApply(fwd -> {
                if (fwd.failed()) {
                    return new PtrCheck(addr, false, lookupFailed(check, fwd));
                }
                if (!addressesOf(fwd).contains(addr)) {
                    return new PtrCheck(addr, false, Finding.error(check, "the reverse DNS of " + Addresses.text(addr) + " is " + host + ", but " + host
                                    + " does not resolve back to it (" + (addressesOf(fwd).isEmpty() ? fwd.status().toString() : text(addressesOf(fwd)))
                                    + "): not forward-confirmed",
                            "Add " + Addresses.text(addr) + " to the " + Type.string(type) + " records of " + host + " at your DNS provider."));
                }
                if (names.size() > 1) {
                    return new PtrCheck(addr, true, Finding.warn(check, Addresses.text(addr) + " has several PTR names: " + String.join(", ", names),
                            "Ask your hosting provider to leave only " + host + " as the reverse DNS of " + Addresses.text(addr) + "."));
                }
                return new PtrCheck(addr, true,
                        Finding.ok(check, Addresses.text(addr) + " reverses to " + host + " and " + host + " resolves back (forward-confirmed)"));
            });
        });
    }

    // ---------------------------------------------------------------- per domain: MX, SPF, DKIM, DMARC

    private static Finding checkMx(MailDnsSetup setup, String d, DnsAnswer ans) {
        String check = "MX " + d;
        String host = setup.mailHost();
        String add = "the record " + d + " MX " + setup.options().mxPreference() + " " + host + ".";
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        if (ans.status() == DnsAnswer.Status.NXDOMAIN) {
            return Finding.error(check, d + " does not exist in DNS (NXDOMAIN)",
                    "Check that " + d + " is registered and that its name servers at the registrar serve its zone; then add " + add);
        }
        List<MXRecord> mx = ans.recordsOf(MXRecord.class);
        if (mx.isEmpty()) {
            return Finding.error(check, d + " has no MX record", "Add " + add + " at your DNS provider.");
        }
        List<String> targets = mx.stream().map(r -> r.getPriority() + " " + name(r.getTarget())).toList();
        if (mx.stream().anyMatch(r -> r.getTarget().equals(org.xbill.DNS.Name.root))) {
            return Finding.error(check, d + " publishes a null MX (it accepts no mail): " + String.join(", ", targets),
                    "Replace the MX records of " + d + " with " + add);
        }
        List<MXRecord> ours = mx.stream().filter(r -> name(r.getTarget()).equals(host)).toList();
        if (ours.isEmpty()) {
            return Finding.error(check, "the MX of " + d + " points at " + String.join(", ", targets) + ", not at " + host,
                    "Replace the MX records of " + d + " at your DNS provider with " + add);
        }
        int best = mx.stream().mapToInt(MXRecord::getPriority).min().orElseThrow();
        if (ours.get(0).getPriority() > best) {
            return Finding.warn(check, "other MX hosts of " + d + " come before " + host + ": " + String.join(", ", targets),
                    "Give " + host + " the lowest MX preference of " + d + ", or remove the others.");
        }
        if (mx.size() > ours.size()) {
            return Finding.warn(check, d + " has other MX hosts besides " + host + ": " + String.join(", ", targets),
                    "Remove the other MX records of " + d + " unless they are backup servers you run that forward to " + host + ".");
        }
        return Finding.ok(check, "mail for " + d + " goes to " + host);
    }

    private Finding checkSpf(DnsQuerier q, MailDnsSetup setup, String d, DnsAnswer ans) {
        String check = "SPF " + d;
        String planned = setup.options().spf();
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        List<String> spf = joinedTxt(ans).stream().filter(t -> t.toLowerCase(Locale.ROOT).startsWith("v=spf1")).toList();
        if (spf.isEmpty()) {
            return Finding.error(check, d + " has no SPF record (" + ans.status() + ")",
                    "Add the record " + RecordPlanner.txt(d, planned, setup.options().ttl(), "SPF").zoneLine() + " at your DNS provider.");
        }
        SpfEvaluator evaluator = new SpfEvaluator(lookups(q));
        List<String> problems = new ArrayList<>();
        boolean unsupported = false;
        int lookups = 0;
        for (InetAddress addr : setup.publicAddresses()) {
            SpfEvaluator.Outcome o = evaluator.checkHost(addr, d);
            lookups = Math.max(lookups, o.lookups());
            switch (o.result()) {
                case PASS -> {
                }
                case UNSUPPORTED -> unsupported = true;
                case PERMERROR, TEMPERROR -> problems.add(o.result().name().toLowerCase(Locale.ROOT) + ": " + o.detail());
                default -> problems.add(Addresses.text(addr) + " gets " + o.result().name().toLowerCase(Locale.ROOT));
            }
        }
        String published = "\"" + String.join("\" and \"", spf) + "\"";
        if (!problems.isEmpty()) {
            return Finding.error(check, "the SPF record " + published + " does not authorize this server: " + String.join("; ", problems),
                    "Replace the SPF record of " + d + " at your DNS provider with \"" + planned + "\" (or add ip4:/ip6: terms for "
                            + text(setup.publicAddresses()) + " before the final 'all'), keeping it to at most 10 lookups.");
        }
        if (unsupported) {
            return Finding.warn(check, "the SPF record " + published + " uses macros Mailwright cannot evaluate",
                    "Check this record with a full SPF validator, or simplify it to \"" + planned + "\".");
        }
        SpfEvaluator.Outcome worst = evaluator.worstCase(d);
        if (worst.result() == SpfEvaluator.Result.PERMERROR || worst.result() == SpfEvaluator.Result.TEMPERROR) {
            return Finding.error(check, "the SPF record " + published + " passes for this server but fails when evaluated in full: " + worst.detail(),
                    "Remove includes from the SPF record of " + d + " (or replace them with ip4:/ip6: terms) so it needs at most 10 lookups.");
        }
        Optional<String> relay = setup.options().spfInclude();
        if (relay.isPresent() && spf.stream().noneMatch(t -> t.toLowerCase(Locale.ROOT).matches("(?s).*(^|\\s)[+]?include:" + java.util.regex.Pattern.quote(relay.get()) + "(\\s.*|$)"))) {
            return Finding.warn(check, "the SPF record " + published + " does not include the relay's " + relay.get()
                            + ": mail sent through the relay fails SPF at receivers",
                    "Replace the SPF record of " + d + " at your DNS provider with \"" + planned + "\".");
        }
        return Finding.ok(check, "the SPF record of " + d + " authorizes " + text(setup.publicAddresses())
                + relay.map(r -> " and the relay (include:" + r + ")").orElse("")
                + " (" + org.mailwright.model.Words.count(worst.lookups(), "DNS lookup", "DNS lookups") + ")");
    }

    private CompletableFuture<List<Finding>> checkDkim(DnsQuerier q, MailDnsSetup setup, String d) {
        DkimPublicKey key = setup.dkimByDomain().get(d);
        if (key == null) {
            return CompletableFuture.completedFuture(List.of(Finding.warn("DKIM " + d, "no DKIM key is known for " + d + ", so its mail is not signed",
                    "Create a DKIM key for " + d + " on the server, then publish its record.")));
        }
        String name = SpecValidator.dkimRecordName(key.selector(), d);
        return q.query(name, Type.TXT).thenApply(ans -> List.of(checkDkim(key, name, d, ans)));
    }

    private static Finding checkDkim(DkimPublicKey key, String name, String d, DnsAnswer ans) {
        String check = "DKIM " + name;
        String publish = "the TXT record " + name + " with the value from the plan (\"" + abbreviate(key.recordValue()) + "\", "
                + TxtStrings.split(key.recordValue()).size() + " strings)";
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        List<TXTRecord> records = ans.recordsOf(TXTRecord.class);
        if (records.isEmpty()) {
            return Finding.error(check, "there is no DKIM record at " + name + " (" + ans.status() + ")", "Add " + publish + " at your DNS provider.");
        }
        if (records.size() > 1) {
            return Finding.error(check, name + " has " + records.size() + " TXT records; verifiers cannot tell which is the key",
                    "Leave only " + publish + ".");
        }
        int strings = records.get(0).getStringsAsByteArrays().size();
        DkimRecord rec;
        try {
            rec = DkimRecord.parse(join(records.get(0)));
        } catch (MalformedRecordException e) {
            return Finding.error(check, e.getMessage(), "Replace it with " + publish + ".");
        }
        if (rec.revoked()) {
            return Finding.error(check, "the DKIM key at " + name + " is revoked (empty p=)", "Replace it with " + publish + ".");
        }
        if (!rec.keyType().equalsIgnoreCase("rsa")) {
            return Finding.error(check, "the DKIM record at " + name + " is for a " + rec.keyType() + " key, the server signs with RSA",
                    "Replace it with " + publish + ".");
        }
        if (!key.sameKeyAs(rec.key())) {
            return Finding.error(check, "the DKIM key published at " + name + " is not the server's key; signatures from " + d + " will fail",
                    "Replace it with " + publish + " (the server's key may have been regenerated since it was published).");
        }
        return Finding.ok(check, "the DKIM record at " + name + " holds the server's " + key.bits() + "-bit key (" + strings
                + (strings == 1 ? " string)" : " strings, joined)"));
    }

    private static Finding checkDmarc(MailDnsSetup setup, String d, DnsAnswer ans) {
        String check = "DMARC " + d;
        String planned = RecordPlanner.dmarcValue(setup.options(), d);
        String record = RecordPlanner.txt("_dmarc." + d, planned, setup.options().ttl(), "DMARC").zoneLine();
        if (ans.failed()) {
            return lookupFailed(check, ans);
        }
        List<String> txt = joinedTxt(ans);
        if (txt.isEmpty()) {
            return Finding.warn(check, d + " has no DMARC record at _dmarc." + d + " (" + ans.status() + "); large providers rate such mail lower",
                    "Add the record " + record + " at your DNS provider.");
        }
        List<String> dmarc = txt.stream().filter(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1")).toList();
        if (dmarc.size() > 1) {
            return Finding.error(check, "_dmarc." + d + " has " + dmarc.size() + " DMARC records; receivers then ignore all of them",
                    "Leave only one: " + record + ".");
        }
        String value = dmarc.isEmpty() ? txt.get(0) : dmarc.get(0);
        try {
            DmarcRecord rec = DmarcRecord.parse(value);
            if (rec.policy() != setup.options().dmarcPolicy()) {
                return Finding.warn(check, "the DMARC policy of " + d + " is p=" + rec.policy().tag() + ", the plan says p="
                                + setup.options().dmarcPolicy().tag(),
                        "Change _dmarc." + d + " to \"" + planned + "\", or choose p=" + rec.policy().tag() + " in the settings.");
            }
            return Finding.ok(check, "DMARC for " + d + " is p=" + rec.policy().tag()
                    + (rec.reportAddresses().isEmpty() ? ", without reports" : ", reports to " + String.join(", ", rec.reportAddresses())));
        } catch (MalformedRecordException e) {
            return Finding.error(check, "the DMARC record \"" + value + "\" is malformed: " + e.getMessage(),
                    "Replace the TXT record at _dmarc." + d + " with \"" + planned + "\".");
        }
    }

    // ---------------------------------------------------------------- helpers

    static Finding lookupFailed(String check, DnsAnswer a) {
        String fix = switch (a.status()) {
            case SERVFAIL -> "The DNS servers for " + a.name() + " fail to answer (SERVFAIL): check at your DNS provider that the zone is"
                    + " published without errors and that the registrar's NS records name servers that really serve it, then check again.";
            case REFUSED -> a.server() + " refuses to answer for " + a.name() + ": it does not serve this zone; check the NS records"
                    + " at your registrar, or choose another DNS server for the check.";
            case TIMEOUT -> "No answer from " + a.server() + ": check that this DNS server is reachable (address, firewall), then check again.";
            case TRUNCATED -> "The answer did not fit in UDP and the retry over TCP failed: make sure " + a.server()
                    + " and any firewall in between accept DNS over TCP port 53.";
            case UNREACHABLE -> "Nothing answers DNS at " + a.server() + ": check the DNS server's address and port.";
            default -> "Check the DNS server " + a.server() + " and try again.";
        };
        return Finding.error(check, "could not check: " + a.describe(), fix);
    }

    private static SpfEvaluator.Lookups lookups(DnsQuerier q) {
        return new SpfEvaluator.Lookups() {
            @Override
            public List<String> txt(String name) throws SpfEvaluator.TemporaryFailure {
                return joinedTxt(get(name, Type.TXT));
            }

            @Override
            public List<InetAddress> addresses(String name, boolean ipv6) throws SpfEvaluator.TemporaryFailure {
                return addressesOf(get(name, ipv6 ? Type.AAAA : Type.A));
            }

            @Override
            public List<String> mx(String name) throws SpfEvaluator.TemporaryFailure {
                return get(name, Type.MX).recordsOf(MXRecord.class).stream().map(r -> DnsChecker.name(r.getTarget())).toList();
            }

            private DnsAnswer get(String name, int type) throws SpfEvaluator.TemporaryFailure {
                DnsAnswer a = q.query(name, type).join();
                if (a.failed()) {
                    throw new SpfEvaluator.TemporaryFailure(a.describe());
                }
                return a;
            }
        };
    }

    private static List<String> joinedTxt(DnsAnswer ans) {
        return ans.recordsOf(TXTRecord.class).stream().map(DnsChecker::join).toList();
    }

    /** A TXT record's strings joined as verifiers join them, from the raw bytes (no dnsjava escaping). */
    private static String join(TXTRecord r) {
        StringBuilder sb = new StringBuilder();
        for (byte[] s : r.getStringsAsByteArrays()) {
            sb.append(new String(s, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    static String name(org.xbill.DNS.Name n) {
        return n.toString(true).toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
