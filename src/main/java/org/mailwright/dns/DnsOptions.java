package org.mailwright.dns;

import java.util.Objects;

/**
 * Choices for the records to publish. The defaults suit a single server that sends all the domain's mail.
 *
 * @param spf           the SPF value; {@code v=spf1 mx -all} authorizes exactly the domain's MX hosts
 * @param dmarcPolicy   what receivers should do with failing mail
 * @param ttl           the TTL for every record, in seconds
 * @param mxPreference  the MX preference value
 * @param mtaSts        the MTA-STS (RFC 8461) mode: {@code OFF} (the default: it needs the HTTPS policy host the spec key
 *                      {@code mta-sts} sets up) publishes nothing; otherwise {@code _mta-sts.DOMAIN} and
 *                      {@code mta-sts.DOMAIN} are planned, and the policy says this mode
 * @param tlsRpt        also publish a TLS-RPT (RFC 8460) record
 * @param clientDiscovery also publish SRV (RFC 6186) and autoconfig/autodiscover names for mail clients
 */
public record DnsOptions(String spf, DmarcPolicy dmarcPolicy, long ttl, int mxPreference,
                         org.mailwright.model.ServerSpec.MtaStsMode mtaSts, boolean tlsRpt, boolean clientDiscovery) {

    public static final String DEFAULT_SPF = "v=spf1 mx -all";

    public DnsOptions {
        Objects.requireNonNull(spf);
        Objects.requireNonNull(dmarcPolicy);
        Objects.requireNonNull(mtaSts);
        if (!spf.startsWith("v=spf1")) {
            throw new IllegalArgumentException("an SPF value must start with v=spf1");
        }
        if (ttl < 60 || ttl > 604_800) {
            throw new IllegalArgumentException("TTL must be between 60 seconds and one week");
        }
        if (mxPreference < 0 || mxPreference > 65_535) {
            throw new IllegalArgumentException("MX preference must be 0..65535");
        }
    }

    public static DnsOptions defaults() {
        return new DnsOptions(DEFAULT_SPF, DmarcPolicy.QUARANTINE, 3600, 10, org.mailwright.model.ServerSpec.MtaStsMode.OFF, false, false);
    }

    public DnsOptions withDmarcPolicy(DmarcPolicy policy) {
        return new DnsOptions(spf, policy, ttl, mxPreference, mtaSts, tlsRpt, clientDiscovery);
    }

    /** These options with the MTA-STS mode {@code mode} (the spec's {@code mta-sts.mode}). */
    public DnsOptions withMtaSts(org.mailwright.model.ServerSpec.MtaStsMode mode) {
        return new DnsOptions(spf, dmarcPolicy, ttl, mxPreference, mode, tlsRpt, clientDiscovery);
    }

    /** Whether MTA-STS records are planned (the mode is testing or enforce). */
    public boolean mtaStsOn() {
        return mtaSts != org.mailwright.model.ServerSpec.MtaStsMode.OFF;
    }

    public DnsOptions withTlsRpt(boolean on) {
        return new DnsOptions(spf, dmarcPolicy, ttl, mxPreference, mtaSts, on, clientDiscovery);
    }

    public DnsOptions withClientDiscovery(boolean on) {
        return new DnsOptions(spf, dmarcPolicy, ttl, mxPreference, mtaSts, tlsRpt, on);
    }

    /**
     * The SPF value for a server whose outgoing mail (some or all of it) leaves through a relay: the MX hosts, and
     * whoever the relay's own SPF record names ({@code include:}, RFC 7208 5.2). The relay's record counts towards
     * the 10 DNS lookups a receiver allows ({@link SpfEvaluator#LOOKUP_LIMIT}), which the DNS check evaluates in full.
     *
     * @param include the relay's SPF name from the spec ({@code relay.spf-include}), such as {@code spf.relay.example.net}
     */
    public static String spfWithInclude(String include) {
        return "v=spf1 mx include:" + include + " -all";
    }

    private static final java.util.regex.Pattern INCLUDE = java.util.regex.Pattern.compile("(?i)(?:^|\\s)[+]?include:(\\S+)");

    /** The name of the {@code include:} term in {@link #spf()} (a relay's SPF record), if it has one. */
    public java.util.Optional<String> spfInclude() {
        java.util.regex.Matcher m = INCLUDE.matcher(spf);
        return m.find() ? java.util.Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : java.util.Optional.empty();
    }

    public DnsOptions withSpf(String value) {
        return new DnsOptions(value, dmarcPolicy, ttl, mxPreference, mtaSts, tlsRpt, clientDiscovery);
    }
}
