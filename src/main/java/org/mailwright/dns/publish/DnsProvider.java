package org.mailwright.dns.publish;

import java.util.List;

/**
 * Where a domain's DNS zone is hosted, reached through its API: read the zone, set record sets in it. Implementations
 * are the HTTPS APIs of DNS hosts and RFC 2136 dynamic update. {@link ZoneChanges} decides what to change (it never
 * deletes a record Mailwright did not plan, nor touches other names); a provider only does what it is told.
 *
 * <p>Every method blocks on the network. Errors are {@link DnsProviderException}s whose message names the fix
 * (a missing right is named); no message holds the token or key.
 */
public interface DnsProvider {

    /** The provider's name as a person knows it ("Cloudflare", "RFC 2136 at ns1.example.net"). */
    String name();

    /**
     * The zone holding {@code name}: the longest zone of the account that {@code name} is in or under.
     *
     * @param name an absolute name, lower case, without the trailing dot
     * @return the zone's apex, lower case, without the trailing dot
     * @throws DnsProviderException {@link DnsProviderException.Kind#NO_ZONE} when the account has none for it
     */
    String zoneOf(String name);

    /**
     * Every record set of {@code zone} the provider lets this account see (a provider's own SOA and NS may be left
     * out: Mailwright never plans them).
     *
     * @param zone as {@link #zoneOf} returned it
     */
    List<RecordSet> read(String zone);

    /**
     * Makes each change in {@code zone}: after it, the record set {@link RecordChange#after()} names holds exactly
     * its values (and its TTL). Records of other names and types are not touched. Changes are made in order; a
     * provider that can make them as one transaction does.
     *
     * @param changes the CREATE and CHANGE entries of a {@link ZoneChanges} plan for this zone (others are ignored)
     * @throws DnsProviderException when a change is refused; changes made before it stay made
     */
    void apply(String zone, List<RecordChange> changes);
}
