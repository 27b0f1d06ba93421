package org.mailwright.dns;

import java.util.Objects;

/**
 * Choices for the records to publish. The defaults suit a single server that sends all the domain's mail.
 *
 * @param spf           the SPF value; {@code v=spf1 mx -all} authorizes exactly the domain's MX hosts
 * @param dmarcPolicy   what receivers should do with failing mail
 * @param ttl           the TTL for every record, in seconds
 * @param mxPreference  the MX preference value
 * @param mtaSts        also publish MTA-STS (RFC 8461) records; off by default because it needs an HTTPS policy host
 * @param tlsRpt        also publish a TLS-RPT (RFC 8460) record
 * @param clientDiscovery also publish SRV (RFC 6186) and autoconfig/autodiscover names for mail clients
 */
public record DnsOptions(String spf, DmarcPolicy dmarcPolicy, long ttl, int mxPreference,
                         boolean mtaSts, boolean tlsRpt, boolean clientDiscovery) {

    public static final String DEFAULT_SPF = "v=spf1 mx -all";

    public DnsOptions {
        Objects.requireNonNull(spf);
        Objects.requireNonNull(dmarcPolicy);
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
        return new DnsOptions(DEFAULT_SPF, DmarcPolicy.QUARANTINE, 3600, 10, false, false, false);
    }

    public DnsOptions withDmarcPolicy(DmarcPolicy policy) {
        return new DnsOptions(spf, policy, ttl, mxPreference, mtaSts, tlsRpt, clientDiscovery);
    }

    public DnsOptions withMtaSts(boolean on) {
        return new DnsOptions(spf, dmarcPolicy, ttl, mxPreference, on, tlsRpt, clientDiscovery);
    }

    public DnsOptions withTlsRpt(boolean on) {
        return new DnsOptions(spf, dmarcPolicy, ttl, mxPreference, mtaSts, on, clientDiscovery);
    }

    public DnsOptions withClientDiscovery(boolean on) {
        return new DnsOptions(spf, dmarcPolicy, ttl, mxPreference, mtaSts, tlsRpt, on);
    }

    public DnsOptions withSpf(String value) {
        return new DnsOptions(value, dmarcPolicy, ttl, mxPreference, mtaSts, tlsRpt, clientDiscovery);
    }
}
