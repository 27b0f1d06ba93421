package org.mailwright.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mailwright.model.DomainName;

/**
 * What the DNS records describe: one mail server ({@code mailHost} at {@code addresses}) receiving and sending for
 * {@code domains}, signing each with its DKIM key. Kept apart from the setup spec so the DNS code can be planned and
 * checked on its own.
 *
 * @param dane what DANE needs to know about the mail host, or null when the server's certificate is not known (before
 *             the install, or when it could not be read): then no TLSA record is planned or checked
 */
public record MailDnsSetup(String mailHost, List<String> domains, List<InetAddress> addresses,
                           Map<String, DkimPublicKey> dkimByDomain, DnsOptions options, Dane dane) {

    /**
     * The mail host's key and zone, for its DANE TLSA record (RFC 7672).
     *
     * @param spkiSha256 the SHA-256 of the SubjectPublicKeyInfo of the certificate the server presents on port 25, 64
     *                   hex digits ({@link Tlsa#spkiSha256(String)})
     * @param hostZone   the DNSSEC state of the mail host's zone: a TLSA record is planned only when it is
     *                   {@link DnssecState#SECURE} (RFC 7672 section 2.2: without DNSSEC senders ignore it)
     */
    public record Dane(String spkiSha256, DnssecState hostZone) {
        public Dane {
            Objects.requireNonNull(hostZone);
            if (spkiSha256 == null || !spkiSha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("the SPKI SHA-256 must be 64 hex digits");
            }
            spkiSha256 = spkiSha256.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A setup without DANE input ({@code dane} null). */
    public MailDnsSetup(String mailHost, List<String> domains, List<InetAddress> addresses,
                        Map<String, DkimPublicKey> dkimByDomain, DnsOptions options) {
        this(mailHost, domains, addresses, dkimByDomain, options, null);
    }

    /** This setup with {@code dane} (null for none). */
    public MailDnsSetup withDane(Dane dane) {
        return new MailDnsSetup(mailHost, domains, addresses, dkimByDomain, options, dane);
    }

    public MailDnsSetup {
        Objects.requireNonNull(mailHost);
        DomainName.problem(mailHost).ifPresent(p -> {
            throw new IllegalArgumentException("mail host " + p);
        });
        mailHost = DomainName.normalize(mailHost);
        domains = domains.stream().map(DomainName::normalize).distinct().toList();
        for (String d : domains) {
            DomainName.problem(d).ifPresent(p -> {
                throw new IllegalArgumentException("domain " + p);
            });
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("at least one mail domain is needed");
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("the server's public address is needed");
        }
        dkimByDomain = Map.copyOf(dkimByDomain);
        options = options == null ? DnsOptions.defaults() : options;
    }

    public List<InetAddress> ipv4() {
        return addresses.stream().filter(a -> !(a instanceof Inet6Address)).toList();
    }

    public List<InetAddress> ipv6() {
        return addresses.stream().filter(a -> a instanceof Inet6Address).toList();
    }

    /**
     * Addresses reachable from the internet: only these get A/AAAA and rDNS. When none of the addresses is in a
     * public range they are all taken as given: the caller passed the address the server is reached at (behind a
     * provider's 1:1 NAT, or a private test network), and records for nothing would help nobody.
     */
    public List<InetAddress> publicAddresses() {
        List<InetAddress> pub = addresses.stream().filter(MailDnsSetup::isPublic).toList();
        return pub.isEmpty() ? addresses : pub;
    }

    static boolean isPublic(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        // fc00::/7 (unique local) and 100.64/10 (carrier-grade NAT) are not reachable from outside either
        return !(b.length == 16 && (b[0] & 0xfe) == 0xfc) && !(b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64);
    }
}
