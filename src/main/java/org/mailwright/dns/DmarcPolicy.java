package org.mailwright.dns;

import java.util.Locale;

/** What receivers should do with mail that fails DMARC (RFC 7489 6.3, tag {@code p}). */
public enum DmarcPolicy {
    NONE, QUARANTINE, REJECT;

    /** The tag value as written in the record. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
