package org.mailwright.accounts;

import java.util.List;

/**
 * One change to the accounts of a server (a mailbox, its password, an alias, a domain), said by address so that a
 * plan never hides it inside file content. Hashes never appear here.
 *
 * @param kind    what happens
 * @param subject the address (or domain) it happens to
 * @param targets an alias's targets; empty for the other kinds
 * @param reason  why, when it is not simply "the spec asks for it" (a required alias that was missing); empty if none
 */
public record AccountChange(Kind kind, String subject, List<String> targets, String reason) {
    public AccountChange {
        targets = List.copyOf(targets);
        reason = reason == null ? "" : reason;
    }

    /** What happens to the subject. Mailwright's apply only ever adds, sets a password a spec explicitly resets, or
     * rewrites a quota field for the server's Dovecot release. */
    public enum Kind {
        ADD_DOMAIN("+ domain"),
        ADD_MAILBOX("+ mailbox"),
        SET_PASSWORD("~ password of"),
        SET_QUOTA("~ quota of"),
        ADD_ALIAS("+ alias"),
        ADD_DEFAULT_QUOTA("+ default quota of");

        /** The sign and noun a plan line starts with. */
        public final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }
    }

    /** The plan line: {@code + mailbox bob@example.com}, {@code + alias info@example.com -> john@example.com}. */
    public String line() {
        StringBuilder sb = new StringBuilder(kind.prefix).append(' ').append(subject);
        if (!targets.isEmpty()) {
            sb.append(" -> ").append(String.join(", ", targets));
        }
        if (kind == Kind.SET_PASSWORD) {
            sb.append(" (set by this spec)");
        }
        if (!reason.isEmpty()) {
            sb.append(" (").append(reason).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return line();
    }
}
