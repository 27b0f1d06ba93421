package org.mailwright.dns;

import java.util.Base64;
import java.util.Map;

/**
 * A published DKIM key record (RFC 6376 3.6.1), parsed from the joined TXT strings.
 *
 * @param keyType the {@code k=} tag, {@code rsa} when absent
 * @param key     the decoded {@code p=} value; empty when the key was revoked ({@code p=} with no value)
 */
public record DkimRecord(String keyType, byte[] key) {

    public static DkimRecord parse(String joined) throws MalformedRecordException {
        Map<String, String> tags = TagList.parse(joined, "DKIM");
        String v = tags.get("v");
        if (v != null && (!v.equals("DKIM1") || !tags.keySet().iterator().next().equals("v"))) {
            throw new MalformedRecordException("DKIM record must start with v=DKIM1 when it has a v= tag, not '" + joined.strip() + "'");
        }
        String p = tags.get("p");
        if (p == null) {
            throw new MalformedRecordException("DKIM record has no p= tag (the public key)");
        }
        // RFC 6376 3.6.1: whitespace inside base64 is ignored; providers sometimes insert it where they split strings
        String base64 = p.replaceAll("\\s", "");
        try {
            return new DkimRecord(tags.getOrDefault("k", "rsa"), Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("DKIM record's p= is not valid base64 (" + e.getMessage()
                    + "); a character was probably lost when the key was pasted");
        }
    }

    public boolean revoked() {
        return key.length == 0;
    }
}
