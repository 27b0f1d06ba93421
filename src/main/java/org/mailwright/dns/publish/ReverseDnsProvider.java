package org.mailwright.dns.publish;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Where a server's reverse DNS (its addresses' PTR records) is set: the hosting provider's API, not the domain's zone.
 * Every method blocks on the network; errors are {@link DnsProviderException}s naming the fix, never the token.
 */
public interface ReverseDnsProvider {

    /** The hosting provider's name as a person knows it ("Hetzner Cloud"). */
    String name();

    /**
     * The PTR name the provider holds for {@code address} now.
     *
     * @return the name, lower case, without the trailing dot; empty when it has none
     * @throws DnsProviderException NO_ZONE when the address is none of this account's servers; LOGIN, PERMISSION,
     *                              RATE_LIMIT, UNAVAILABLE
     */
    Optional<String> ptr(InetAddress address);

    /**
     * Makes {@code address} point back to {@code hostName}.
     *
     * @param hostName an absolute name without the trailing dot (the mail host)
     * @throws DnsProviderException as {@link #ptr}, or REFUSED quoting the provider
     */
    void setPtr(InetAddress address, String hostName);
}
