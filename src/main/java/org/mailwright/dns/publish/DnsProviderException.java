package org.mailwright.dns.publish;

/**
 * A DNS provider refused or failed a request. The message is a sentence for the person, naming what to fix; it never
 * holds the token or key.
 */
public final class DnsProviderException extends RuntimeException {

    /** What went wrong, so a driver can offer the right fix. */
    public enum Kind {
        /** The token or key was refused: wrong, expired or revoked. */
        LOGIN,
        /** The token works but lacks a right; the message names the right to grant. */
        PERMISSION,
        /** The account has no zone for the name. */
        NO_ZONE,
        /** The provider asked to slow down. */
        RATE_LIMIT,
        /** The provider could not be reached, or answered in a way it does not document. */
        UNAVAILABLE,
        /** The provider refused the change itself (a record it does not accept); the message quotes its reason. */
        REFUSED
    }

    private final Kind kind;

    public DnsProviderException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DnsProviderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
