package org.mailwright.dns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TXT record values as DNS carries them: a record is a list of character-strings of at most 255 bytes each
 * (RFC 1035 3.3.14), and a verifier reading SPF, DKIM or DMARC joins them without separators (RFC 7208 3.3,
 * RFC 6376 3.6.2.2). A 2048-bit DKIM key does not fit in one string, so it must be published as several.
 */
public final class TxtStrings {
    /** The most bytes one character-string can hold: its length is a single octet. */
    public static final int MAX_STRING_BYTES = 255;

    private TxtStrings() {
    }

    /**
     * Splits a value into strings of at most {@value #MAX_STRING_BYTES} UTF-8 bytes each, never inside a
     * character, so each piece stays readable on its own in a provider's web form.
     */
    public static List<String> split(String value) {
        return split(value, MAX_STRING_BYTES);
    }

    static List<String> split(String value, int maxBytes) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentBytes = 0;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int n = Character.charCount(cp);
            int bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (currentBytes + bytes > maxBytes) {
                out.add(current.toString());
                current.setLength(0);
                currentBytes = 0;
            }
            current.appendCodePoint(cp);
            currentBytes += bytes;
            i += n;
        }
        if (current.length() > 0 || out.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }

    /** The value a verifier sees: the strings concatenated with nothing between them. */
    public static String join(List<String> strings) {
        return String.join("", strings);
    }

    /**
     * One character-string in zone-file syntax (RFC 1035 5.1): in double quotes, with {@code "} and {@code \}
     * escaped by a backslash and every byte outside printable ASCII written as {@code \DDD}, so the snippet
     * pastes into BIND, NSD or Knot unchanged.
     */
    public static String zoneQuote(String string) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : string.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c < 0x20 || c >= 0x7f) {
                sb.append(String.format("\\%03d", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.append('"').toString();
    }

    /** Several strings of one record, each quoted, separated by spaces (one line). */
    public static String zoneQuoteAll(List<String> strings) {
        List<String> quoted = new ArrayList<>();
        for (String s : strings) {
            quoted.add(zoneQuote(s));
        }
        return String.join(" ", quoted);
    }
}
