package org.mailwright.dns.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.mailwright.dns.TxtStrings;

/** Name and value conversions the HTTPS providers share (relative names, quoted TXT strings, longest zone). */
final class ProviderNames {

    private ProviderNames() {
    }

    /** {@code name} relative to {@code zone}: "" at the apex, else the labels before it. */
    static String relative(String name, String zone) {
        String n = RecordSet.normalizeName(name);
        String z = RecordSet.normalizeName(zone);
        if (n.equals(z)) {
            return "";
        }
        if (!n.endsWith("." + z)) {
            throw new IllegalArgumentException(n + " is not in the zone " + z);
        }
        return n.substring(0, n.length() - z.length() - 1);
    }

    /** The absolute name for a provider's relative one ("@" and "" are the apex). */
    static String absolute(String relative, String zone) {
        String r = RecordSet.normalizeName(relative);
        return r.isEmpty() || r.equals("@") ? zone : r + "." + zone;
    }

    /** The longest of {@code zones} that {@code name} is or is under, or null. */
    static String longestZone(String name, Collection<String> zones) {
        String n = RecordSet.normalizeName(name);
        String best = null;
        for (String zone : zones) {
            String z = RecordSet.normalizeName(zone);
            if ((n.equals(z) || n.endsWith("." + z)) && (best == null || z.length() > best.length())) {
                best = z;
            }
        }
        return best;
    }

    /** A host name as a value: absolute, lower case, with the trailing dot. */
    static String fqdn(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h : h + ".";
    }

    /** A TXT value as zone-file text: its 255-byte strings, each quoted (RFC 1035 5.1). */
    static String quoteTxt(String text) {
        return TxtStrings.zoneQuoteAll(TxtStrings.split(text));
    }

    /**
     * The text of a TXT record in zone-file syntax: its quoted character-strings joined. Text that does not start with a
     * quote is taken as the text itself (some providers hand back a short record unquoted).
     */
    static String unquoteTxt(String presentation) {
        String s = presentation.trim();
        if (!s.startsWith("\"")) {
            return presentation;
        }
        List<String> strings = new ArrayList<>();
        java.io.ByteArrayOutputStream current = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (current == null) {
                if (c == '"') {
                    current = new java.io.ByteArrayOutputStream();
                }
                continue;
            }
            if (c == '"') {
                strings.add(current.toString(java.nio.charset.StandardCharsets.UTF_8));
                current = null;
            } else if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(i + 1);
                if (Character.isDigit(d) && i + 3 < s.length()) {
                    current.write(Integer.parseInt(s.substring(i + 1, i + 4)));
                    i += 3;
                } else {
                    current.write(d);
                    i++;
                }
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    i++;
                }
                current.write(b, 0, b.length);
            }
        }
        return TxtStrings.join(strings);
    }
}
