package org.mailwright.dns.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One resource record set (RRset, RFC 2181 section 5) as a zone holds it: every record of one owner name and type.
 *
 * <p>Values are compared as DNS compares them, so the same shapes are used by every provider:
 * <ul>
 *   <li>{@code name}: the absolute owner name in lower case, without the trailing dot ({@code _dmarc.example.com});</li>
 *   <li>{@code type}: the mnemonic in upper case ({@code TXT}, {@code MX});</li>
 *   <li>{@code ttl}: seconds;</li>
 *   <li>{@code values}: one element per record. A TXT record's value is its text: its character-strings joined
 *       without quotes (a 2048-bit DKIM key is one value, however a provider splits it into 255-byte strings, RFC 7208
 *       section 3.3). Every other type is in zone-file presentation format with absolute names ending in a dot
 *       ({@code 10 mail.example.com.}), lower case.</li>
 * </ul>
 *
 * @throws IllegalArgumentException (constructor) for an empty name, type or value list, or a negative TTL
 */
public record RecordSet(String name, String type, long ttl, List<String> values) {

    public RecordSet {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        name = normalizeName(name);
        type = type.toUpperCase(Locale.ROOT);
        if (name.isEmpty() || type.isEmpty()) {
            throw new IllegalArgumentException("a record set needs a name and a type");
        }
        if (ttl < 0) {
            throw new IllegalArgumentException("a TTL is never negative: " + ttl);
        }
        List<String> v = new ArrayList<>();
        for (String value : values) {
            v.add(type.equals("TXT") ? value : normalizeValue(value));
        }
        values = List.copyOf(v);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a record set has at least one record: " + name + " " + type);
        }
    }

    /** {@code name} in the form this record uses: lower case, no trailing dot. */
    public static String normalizeName(String name) {
        String n = org.mailwright.model.DomainName.normalize(name); // the spec's rule, less the trailing dot zones write
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** A non-TXT value as compared: single spaces, lower case (names in RDATA are case-insensitive, RFC 4343). */
    static String normalizeValue(String value) {
        return value.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /** Whether this set holds the same records as {@code other}, in any order; the TTL is not compared. */
    public boolean sameRecords(RecordSet other) {
        return name.equals(other.name) && type.equals(other.type)
                && values.size() == other.values.size() && values.containsAll(other.values) && other.values.containsAll(values);
    }

    /** The same set with {@code newValues}. */
    public RecordSet withValues(List<String> newValues) {
        return new RecordSet(name, type, ttl, newValues);
    }

    /** {@code name type}, as a diff line names the set ("_dmarc.example.com TXT"). */
    public String key() {
        return name + " " + type;
    }
}
