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
 */
public record MailDnsSetup(String mailHost, List<String> domains, List<InetAddress> addresses,
                           Map<String, DkimPublicKey> dkimByDomain, DnsOptions options) {

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
