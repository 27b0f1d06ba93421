package org.mailwright.model;

import java.util.List;

/**
 * The ports Mailwright's smtpd.conf and Dovecot configuration open, in one place, so what clients are told (the
 * settings export) follows what the server listens on. Port names as in IANA's registry and RFC 8314.
 */
public final class MailPorts {
    private MailPorts() {
    }

    /** SMTP between servers (RFC 5321): inbound mail, never used by mail clients here. */
    public static final int SMTP = 25;
    /** Message submission with implicit TLS ("submissions", RFC 8314 3.3): the alternative for networks blocking 587. */
    public static final int SUBMISSIONS = 465;
    /** Message submission (RFC 6409), STARTTLS required before any password is taken. */
    public static final int SUBMISSION = 587;
    /** IMAP with implicit TLS (RFC 8314); Dovecot serves IMAP on this port only. */
    public static final int IMAPS = 993;

    public static final List<Integer> ALL = List.of(SMTP, SUBMISSIONS, SUBMISSION, IMAPS);
}
