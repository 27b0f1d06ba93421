package org.mailwright.dns;

import java.util.List;
import java.util.Objects;

/**
 * One record to publish, with why. {@code strings} holds the value as the zone carries it: one element for most
 * types, several 255-byte character-strings for a long TXT.
 *
 * @param name    the owner name, absolute, without the trailing dot
 * @param where   who publishes it: the domain's DNS zone, or the hosting provider (reverse DNS)
 */
public record PlannedRecord(String name, String type, List<String> strings, long ttl, Where where, String reason) {

    public enum Where { ZONE, HOSTING_PROVIDER }

    public PlannedRecord {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        strings = List.copyOf(strings);
        Objects.requireNonNull(where);
        Objects.requireNonNull(reason);
        if (strings.isEmpty()) {
            throw new IllegalArgumentException("a record needs a value");
        }
    }

    public boolean isTxt() {
        return type.equals("TXT");
    }

    /**
     * The value as one line, for a provider's web form: a TXT value joined into one string (providers that take
     * one string split it themselves), anything else as written in a zone.
     */
    public String value() {
        return isTxt() ? TxtStrings.join(strings) : strings.get(0);
    }

    /** The RDATA in zone-file syntax: TXT strings quoted and escaped (each at most 255 bytes), names absolute. */
    public String zoneValue() {
        return isTxt() ? TxtStrings.zoneQuoteAll(strings) : strings.get(0);
    }

    /**
     * The whole record as one line of a BIND zone file (RFC 1035 section 5.1): absolute owner, TTL, class, type and
     * {@link #zoneValue()}. Every place that prints one record (a plan note, a check's fix, the CLI) prints this, so
     * a DKIM key is never one over-long string that DNS servers and zone tools refuse.
     */
    public String zoneLine() {
        return name + ".\t" + ttl + "\tIN\t" + type + "\t" + zoneValue();
    }
}
