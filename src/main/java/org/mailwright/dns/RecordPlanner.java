package org.mailwright.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.mailwright.model.SpecValidator;
import org.xbill.DNS.ReverseMap;

/** The records each domain needs for the server to receive mail and for its sent mail to be trusted. */
public final class RecordPlanner {

    public DnsPlan plan(MailDnsSetup setup) {
        DnsOptions o = setup.options();
        long ttl = o.ttl();
        String host = setup.mailHost();
        List<PlannedRecord> out = new ArrayList<>();

        for (InetAddress a : setup.publicAddresses()) {
            boolean v6 = a instanceof Inet6Address;
            out.add(new PlannedRecord(host, v6 ? "AAAA" : "A", List.of(Addresses.text(a)), ttl, PlannedRecord.Where.ZONE,
                    (v6 ? "AAAA" : "A") + ": senders find the mail host " + host + " at " + Addresses.text(a)));
        }
        tlsa(setup).ifPresent(out::add);

        for (String domain : setup.domains()) {
            out.add(new PlannedRecord(domain, "MX", List.of(o.mxPreference() + " " + host + "."), ttl, PlannedRecord.Where.ZONE,
                    "MX: mail for " + domain + " is delivered to " + host));
            out.add(txt(domain, o.spf(), ttl, o.spfInclude()
                    .map(i -> "SPF: the domain's MX hosts and the relay's servers (include:" + i + ", relay.spf-include in the spec) may send as "
                            + domain + ", since outgoing mail leaves through the relay; receivers reject other senders. The relay's record"
                            + " counts towards the 10 DNS lookups receivers allow")
                    .orElse("SPF: only the domain's MX hosts may send as " + domain + "; receivers reject other senders")));
            DkimPublicKey key = setup.dkimByDomain().get(domain);
            if (key != null) {
                out.add(dkim(domain, key, ttl));
            }
            out.add(txt("_dmarc." + domain, dmarcValue(o, domain), ttl,
                    "DMARC: mail that fails SPF and DKIM alignment is " + dmarcAction(o.dmarcPolicy()) + " by receivers;"
                            + " reports go to postmaster@" + domain));
            if (o.mtaStsOn()) {
                MtaStsPolicy policy = MtaStsPolicy.of(o.mtaSts(), host);
                out.add(txt("_mta-sts." + domain, mtaStsRecord(policy), ttl, "MTA-STS (mode " + policy.mode() + "): senders "
                        + (policy.mode().equals("enforce") ? "must use TLS to " : "report, but still deliver, when they cannot use TLS to ")
                        + host + "; the id changes whenever the policy does"));
                out.add(new PlannedRecord("mta-sts." + domain, "CNAME", List.of(host + "."), ttl, PlannedRecord.Where.ZONE,
                        "MTA-STS: the policy is served over HTTPS at mta-sts." + domain + " (its certificate must cover that name)"));
            }
            if (o.tlsRpt()) {
                out.add(txt("_smtp._tls." + domain, tlsRptRecord(domain), ttl,
                        "TLS-RPT: senders report TLS failures delivering to " + domain + " to postmaster@" + domain));
            }
            if (o.clientDiscovery()) {
                // RFC 6186 section 3.1: priority, weight, port, target
                out.add(new PlannedRecord("_submission._tcp." + domain, "SRV", List.of("0 1 587 " + host + "."), ttl,
                        PlannedRecord.Where.ZONE, "SRV: mail clients find the submission server (port 587, STARTTLS) for " + domain));
                out.add(new PlannedRecord("_imaps._tcp." + domain, "SRV", List.of("0 1 993 " + host + "."), ttl,
                        PlannedRecord.Where.ZONE, "SRV: mail clients find the IMAP server (port 993, TLS) for " + domain));
                if (!host.equals("autoconfig." + domain)) {
                    out.add(new PlannedRecord("autoconfig." + domain, "CNAME", List.of(host + "."), ttl, PlannedRecord.Where.ZONE,
                            "autoconfig: Thunderbird fetches the account settings for " + domain + " from this name"));
                }
            }
        }

        for (InetAddress a : setup.publicAddresses()) {
            String reverse = ReverseMap.fromAddress(a).toString(true);
            out.add(new PlannedRecord(reverse, "PTR", List.of(host + "."), ttl, PlannedRecord.Where.HOSTING_PROVIDER,
                    "PTR (reverse DNS): ask your hosting provider to set the reverse DNS of " + Addresses.text(a) + " to " + host
                            + "; many receivers refuse mail from addresses without it"));
        }
        return new DnsPlan(out);
    }

    /**
     * The DANE TLSA record of the mail host ({@code _25._tcp.MAILHOST 3 1 1 SHA256-OF-SPKI}, RFC 7672 section 3.1.1,
     * RFC 6698 section 2), planned only when the setup knows the server's key and the mail host's zone is signed and
     * validates ({@link DnssecState#SECURE}): senders use TLSA records only from a secure zone (RFC 7672 section 2.2),
     * so in an unsigned zone the record would protect nothing.
     *
     * @return the record, or empty when the key is unknown or the zone is not secure
     */
    public static java.util.Optional<PlannedRecord> tlsa(MailDnsSetup setup) {
        MailDnsSetup.Dane dane = setup.dane();
        if (dane == null || dane.hostZone() != DnssecState.SECURE) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new PlannedRecord(Tlsa.name(setup.mailHost()), "TLSA", List.of(Tlsa.value(dane.spkiSha256())),
                setup.options().ttl(), PlannedRecord.Where.ZONE,
                "TLSA (DANE): senders that validate DNSSEC accept only this server's key on port 25 (3 1 1: DANE-EE, SPKI,"
                        + " SHA-256); it stays valid across renewals because certbot reuses the key"));
    }

    /** The DKIM record of {@code domain}'s key: at SELECTOR._domainkey.DOMAIN, split into 255-byte strings. */
    public static PlannedRecord dkim(String domain, DkimPublicKey key, long ttl) {
        return txt(SpecValidator.dkimRecordName(key.selector(), domain), key.recordValue(), ttl,
                "DKIM: receivers check the signature on mail from " + domain + " against this " + key.bits()
                        + "-bit public key (selector " + key.selector() + ")");
    }

    /** The DMARC value planned for {@code domain}: the policy, and aggregate reports to its postmaster (RFC 7489 6.3). */
    public static String dmarcValue(DnsOptions o, String domain) {
        return "v=DMARC1; p=" + o.dmarcPolicy().tag() + "; rua=mailto:postmaster@" + domain;
    }

    /** A TXT record of {@code value}, split into strings of at most 255 bytes (RFC 1035 3.3.14, RFC 7208 3.3). */
    static PlannedRecord txt(String name, String value, long ttl, String reason) {
        return new PlannedRecord(name, "TXT", TxtStrings.split(value), ttl, PlannedRecord.Where.ZONE, reason);
    }

    private static String dmarcAction(DmarcPolicy p) {
        return switch (p) {
            case NONE -> "only reported (and delivered)";
            case QUARANTINE -> "put in spam";
            case REJECT -> "refused";
        };
    }

    /** The value of {@code _mta-sts.DOMAIN} for {@code policy}: {@code v=STSv1; id=ID} (RFC 8461 section 3.1). */
    public static String mtaStsRecord(MtaStsPolicy policy) {
        return "v=STSv1; id=" + policy.id();
    }

    /** The value of {@code _smtp._tls.DOMAIN}: aggregate TLS reports to the domain's postmaster (RFC 8460 section 3). */
    public static String tlsRptRecord(String domain) {
        return "v=TLSRPTv1; rua=mailto:postmaster@" + domain;
    }
}
