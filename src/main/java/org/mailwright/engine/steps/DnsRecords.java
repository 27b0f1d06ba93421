package org.mailwright.engine.steps;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailwright.dns.DkimPublicKey;
import org.mailwright.dns.DnsChecker;
import org.mailwright.dns.DnsOptions;
import org.mailwright.dns.Ipv6Sending;
import org.mailwright.dns.Dnsbl;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.OutboundSmtp;
import org.mailwright.dns.RecordPlanner;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.dns.Tlsa;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;

/**
 * The DNS records the server needs, checked live against what is published, plus what only the server itself can
 * see: whether it may send on port 25 at all, and whether its address or domain is on Spamhaus' lists.
 *
 * <p>During apply the records usually are not published yet (the DKIM key was just made), so problems are warnings
 * there and the records to publish are listed; {@code check} reports them as the errors they are.
 */
public final class DnsRecords implements Step {

    /**
     * @param resolver        whom to ask
     * @param strict          report wrong records as errors (check) rather than warnings (apply)
     * @param internetChecks  run the outbound-25 and Spamhaus probes from the server (off in the closed lab)
     */
    public record Options(ResolverChoice resolver, boolean strict, boolean internetChecks) {
        public static Options defaults() {
            return new Options(new ResolverChoice.SystemDefault(), false, true);
        }
    }

    /** A well-run mail server that always accepts connections on 25: the target of the outbound probe. */
    /** The mail server the outbound port 25 check connects to from the server. */
    public static final String OUTBOUND_TARGET = "gmail-smtp-in.l.google.com";

    private final ServerSpec spec;
    private final Options options;

    public DnsRecords(ServerSpec spec, Options options) {
        this.spec = spec;
        this.options = options;
    }

    @Override
    public String id() {
        return "dns";
    }

    @Override
    public String title() {
        return "DNS records";
    }

    @Override
    public Plan plan(StepContext ctx) {
        return Plan.empty(this);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // DNS is published by the person at their DNS provider; Mailwright only says what to publish
    }

    MailDnsSetup setup(StepContext ctx) {
        Map<String, String> dkim = ctx.facts().get(DkimKeys.class).map(DkimKeys::publicKeyByDomain).orElse(Map.of());
        // every domain the server serves, one added with domains add included, needs its records
        MailDnsSetup setup = setupFor(spec, ServerAccounts.of(ctx, spec).domains(), ctx.facts().require(ServerFacts.class), dkim);
        return withDane(setup, ctx.host(), ctx.facts().get(TlsPaths.class).orElse(Tls.paths(spec)).cert(), options.resolver());
    }

    /**
     * {@code setup} with its DANE input: the SPKI digest of the certificate at {@code certPath} on the server (the file
     * {@link Tls} chose: certbot's fullchain, the spec's own, or the temporary one) and the mail host zone's DNSSEC
     * state, validated through {@code resolver}. Without a readable certificate the setup is returned as it is.
     */
    public static MailDnsSetup withDane(MailDnsSetup setup, org.mailwright.remote.RemoteHost host, String certPath, ResolverChoice resolver) {
        return servedSpkiSha256(host, certPath)
                .map(spki -> setup.withDane(new MailDnsSetup.Dane(spki, new DnsChecker(resolver, Duration.ofSeconds(5), true)
                        .dnssecState(setup.mailHost()))))
                .orElse(setup);
    }

    /**
     * The SHA-256 of the SubjectPublicKeyInfo of the certificate at {@code certPath} on the server (the first of a
     * fullchain): what the TLSA record pins.
     *
     * @return 64 hex digits, or empty when there is no readable certificate there
     */
    public static java.util.Optional<String> servedSpkiSha256(org.mailwright.remote.RemoteHost host, String certPath) {
        try {
            return host.readText(certPath).map(Tlsa::spkiSha256);
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // unreadable or not a certificate: the TLS step says so; no TLSA is planned
        }
    }

    private DnsChecker checker() {
        return new DnsChecker(options.resolver(), Duration.ofSeconds(5), true);
    }

    /** The zones to check DNSSEC of: each domain, and the mail host when it is in none of them (its zone holds the TLSA). */
    static List<String> dnssecZones(MailDnsSetup setup) {
        List<String> zones = new ArrayList<>(setup.domains());
        if (setup.domains().stream().noneMatch(d -> setup.mailHost().equals(d) || setup.mailHost().endsWith("." + d))) {
            zones.add(setup.mailHost());
        }
        return zones;
    }

    /** {@link #setupFor(ServerSpec, List, ServerFacts, Map)} for the spec's own domains (the wizard, before an install). */
    public static MailDnsSetup setupFor(ServerSpec spec, ServerFacts facts, Map<String, String> dkimPemByDomain) {
        return setupFor(spec, spec.domains(), facts, dkimPemByDomain);
    }

    /**
     * What the DNS records describe for {@code spec} on the server {@code facts} describe: the records this step
     * checks, and the ones the wizard's DNS page lists, are planned from this one setup.
     *
     * @param domains         the domains to plan records for
     * @param dkimPemByDomain each domain's DKIM public key (PEM body), for the domains that have one yet
     * @throws IllegalArgumentException when the spec's host name or domains are not valid DNS names, or the server
     *                                  has no address
     */
    public static MailDnsSetup setupFor(ServerSpec spec, List<String> domains, ServerFacts facts, Map<String, String> dkimPemByDomain) {
        List<InetAddress> addresses = new ArrayList<>();
        facts.mailAddresses(spec.server().host()).forEach(a -> addresses.add(literal(a)));
        Map<String, DkimPublicKey> dkim = new LinkedHashMap<>();
        dkimPemByDomain.forEach((domain, pem) -> dkim.put(domain, DkimPublicKey.fromPem(spec.dkim().selector(), pem)));
        // a relay with an SPF name: its servers send for us too (the one place that rule lives; the wizard reads this setup)
        DnsOptions options = spec.relay().flatMap(ServerSpec.RelaySettings::spfInclude)
                .map(i -> DnsOptions.defaults().withSpf(DnsOptions.spfWithInclude(i))).orElse(DnsOptions.defaults());
        // MTA-STS and its TLS-RPT record come together (issue 19): reports are how a testing policy is judged
        options = options.withMtaSts(spec.mtaSts().mode()).withTlsRpt(spec.mtaSts().on());
        return new MailDnsSetup(spec.hostname(), domains, addresses, dkim, options);
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // an IP literal: no lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip + " is not an IP address", e);
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        MailDnsSetup setup = setup(ctx);
        List<Finding> out = new ArrayList<>();
        ctx.say("Checking the published records via " + describe(options.resolver()));
        List<Finding> found = new ArrayList<>(checker().check(setup).findings());
        found.addAll(checker().dnssec(dnssecZones(setup)));
        for (Finding f : found) {
            out.add(options.strict() || f.severity() != Severity.ERROR ? f : new Finding(Severity.WARN, f.check(), f.message(), f.fix()));
        }
        out.add(ipv6Sending(ctx, setup));
        enforceOffer(ctx, setup, out).ifPresent(out::add);
        if (!options.strict() && out.stream().anyMatch(f -> f.severity() != Severity.OK)) {
            ctx.say("Records to publish at your DNS provider:\n" + new RecordPlanner().plan(setup).toZoneSnippet());
        }
        if (options.internetChecks()) {
            out.add(OutboundSmtp.check(ctx.host(), OUTBOUND_TARGET, spec.relaysAllMail()));
            for (var ip : Dnsbl.listable(setup.addresses())) {
                out.add(Dnsbl.checkAddress(ctx.host(), ip));
            }
            out.addAll(Dnsbl.checkDomains(ctx.host(), setup.domains()));
        }
        return out;
    }

    /**
     * The offer of issue 19: MTA-STS starts in {@code testing}; once every MTA-STS and TLS-RPT record is right and every
     * domain's policy is served and valid ({@link MtaStsWeb.Served}), say that {@code enforce} can be set. Nothing is
     * said otherwise (the failing checks speak for themselves) or in enforce.
     */
    /** The check name of the enforce offer. */
    public static final String ENFORCE_OFFER_CHECK = "MTA-STS mode";
    /** The enforce offer's words. */
    public static final String ENFORCE_OFFER = "every MTA-STS check passes in testing mode: enforce can now be set. Once the TLS-RPT"
            + " reports to postmaster show no failures for a few days, set mta-sts: { mode: enforce } in the spec and run apply;"
            + " senders that support MTA-STS then refuse to deliver without valid TLS (RFC 8461 section 5)";

    static java.util.Optional<Finding> enforceOffer(StepContext ctx, MailDnsSetup setup, List<Finding> dnsFindings) {
        if (setup.options().mtaSts() != ServerSpec.MtaStsMode.TESTING) {
            return java.util.Optional.empty();
        }
        boolean served = ctx.facts().get(MtaStsWeb.Served.class).map(MtaStsWeb.Served::allValid).orElse(false);
        boolean records = setup.domains().stream().allMatch(d -> dnsFindings.stream()
                .filter(f -> f.check().startsWith(DnsChecker.mtaStsCheck(d)) || f.check().equals(DnsChecker.tlsRptCheck(d)))
                .allMatch(f -> f.severity() == Severity.OK)
                && dnsFindings.stream().anyMatch(f -> f.check().equals(DnsChecker.mtaStsCheck(d))));
        if (!served || !records) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Finding.ok(ENFORCE_OFFER_CHECK, ENFORCE_OFFER));
    }

    /**
     * {@link Ipv6Sending}'s decision as a finding, and whether the server's smtpd.conf does what it says: after the PTR
     * was fixed (or broken) the rule's answer changes, and only the next apply puts it into effect.
     */
    private Finding ipv6Sending(StepContext ctx, MailDnsSetup setup) {
        Ipv6Sending.Decision d = OpenSmtpd.ipv6Sending(ctx, spec, OpenSmtpd.ReverseDns.via(options.resolver()));
        return Ipv6Sending.onServer(d, ctx.host().readText(org.mailwright.render.MailLayout.SMTPD_CONF)
                .map(org.mailwright.render.MailRenderer::sendsIpv4Only));
    }

    private static String describe(ResolverChoice r) {
        if (r instanceof ResolverChoice.Server s) {
            return s.address().getHostString() + ":" + s.address().getPort();
        }
        return r instanceof ResolverChoice.Authoritative ? "the domains' own name servers" : "this computer's resolver";
    }
}
