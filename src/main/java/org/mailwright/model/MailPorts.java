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

    /**
     * ManageSieve (RFC 5804, Dovecot's managesieve-login): mail apps upload the person's own Sieve filters. STARTTLS
     * before any login. Opened in the firewall, and the status and Verify check it listens; not in {@link #ALL}, whose
     * ports the TLS checks probe with implicit TLS or SMTP STARTTLS.
     */
    public static final int MANAGESIEVE = 4190;

    /** The ports mail and mail apps send and fetch mail on, whose TLS the status and Verify check. */
    public static final List<Integer> ALL = List.of(SMTP, SUBMISSIONS, SUBMISSION, IMAPS);

    /**
     * The ports a password is taken on: submission (465, 587), IMAP (993) and ManageSieve (4190). An address the
     * brute-force protection bans can no longer connect to any of them; 25 stays open to it (other servers' mail is
     * never refused for what a host did on a login port) and so does SSH unless the person opted in.
     */
    public static final List<Integer> LOGIN = List.of(SUBMISSIONS, SUBMISSION, IMAPS, MANAGESIEVE);

    /** Every port the firewall opens for mail, and the status and Verify see listening: {@link #ALL} and {@link #MANAGESIEVE}. */
    public static final List<Integer> FIREWALL = List.of(SMTP, SUBMISSIONS, SUBMISSION, IMAPS, MANAGESIEVE);
}
