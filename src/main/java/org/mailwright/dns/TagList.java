package org.mailwright.dns;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The {@code tag=value; tag=value} syntax shared by DKIM (RFC 6376 3.2) and DMARC (RFC 7489 6.4) records. */
final class TagList {
    private TagList() {
    }

    /** Tags in order of appearance, names lower-cased, values trimmed. */
    static Map<String, String> parse(String record, String kind) throws MalformedRecordException {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String part : record.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue; // a trailing ';' is allowed
            }
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new MalformedRecordException(kind + " record part '" + p + "' is not of the form tag=value");
            }
            String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (tags.put(name, p.substring(eq + 1).strip()) != null) {
                throw new MalformedRecordException(kind + " record has the tag '" + name + "' twice");
            }
        }
        return tags;
    }
}
