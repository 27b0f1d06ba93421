package org.mailwright.render;

/** Where things live on a server Mailwright manages (the guide's layout, so hand-built servers can be adopted). */
public final class MailLayout {
    private MailLayout() {
    }

    public static final String SMTPD_CONF = "/etc/smtpd.conf";
    public static final String MAIL_DIR = "/etc/mail";
    public static final String DOMAINS = "/etc/mail/domains";
    public static final String VIRTUALS = "/etc/mail/virtuals";
    public static final String CREDENTIALS = "/etc/mail/credentials";
    /**
     * The relay's login, {@code relay USER:PASSWORD} (table(5), relay context), read by smtpd's {@code auth <secrets>}.
     * 0640 root:opensmtpd: {@code smtpctl update table secrets} re-reads it in smtpd's lookup process, which runs as
     * opensmtpd (lka.c, table_static_update), so a new password is taken without a restart.
     */
    public static final String SECRETS = "/etc/mail/secrets";
    /** Each domain's default mailbox quota ({@link org.mailwright.accounts.QuotasFile}); read by Mailwright only. */
    public static final String QUOTAS = "/etc/mail/quotas";
    /**
     * The local aliases table: where mail to root and the server's other accounts goes (smtpd.conf(5) {@code virtual}
     * mapping, table(5) format). A table: what the server has in it is kept.
     */
    public static final String LOCAL_ALIASES = "/etc/mail/aliases";
    /** {@code srs key "SECRET"}, included by smtpd.conf; the secret is made once and never replaced (0600 root). */
    public static final String SRS_KEY = "/etc/mail/srs.conf";
    /**
     * The name the server gives itself in mail (smtpd's {@code getmailname()} reads it first, then the host name): the
     * domain of {@code root@} and of bounces, and what {@code for local} matches. Debian's packages write the machine
     * name there; a cloud image's is not the mail host name.
     */
    public static final String MAILNAME = "/etc/mailname";
    public static final String DKIM_DIR = "/etc/dkim";
    public static final String VMAIL = "/var/vmail";
    public static final int VMAIL_ID = 2000;
    public static final String DOVECOT_CONF = "/etc/dovecot/dovecot.conf";
    /**
     * Dovecot's LMTP socket, OpenSMTPD's MDA: {@code service lmtp { unix_listener lmtp }} under Dovecot's base_dir
     * (/run/dovecot on Debian 12 and 13, docs/design/issue-17-delivery-notes.md section 1).
     */
    /**
     * Run by Dovecot's quota-warning service (as vmail) when a mailbox passes {@link org.mailwright.model.QuotaSize#WARNING_PERCENT}
     * of its limit, with the percentage and the address; it sends the person one mail through sendmail.
     */
    public static final String QUOTA_WARNING_SCRIPT = "/usr/local/bin/mailwright-quota-warning";
    /**
     * Dovecot's quota-status service (Postfix policy protocol) on the loopback address, asked by OpenSMTPD's quota
     * filter at RCPT so that mail for a full mailbox is refused before it is queued.
     */
    public static final int QUOTA_STATUS_PORT = 12340;
    /**
     * OpenSMTPD's quota filter ({@link MailRenderer#quotaFilter}), run by smtpd for port 25: refuses a recipient whose
     * mailbox is full at RCPT. Beside {@link #QUOTA_WARNING_SCRIPT}: /usr/local/bin is on every Debian (base-files).
     */
    public static final String QUOTA_FILTER = "/usr/local/bin/mailwright-quota-filter";
    public static final String LMTP_SOCKET = "/run/dovecot/lmtp";
    /**
     * The global Sieve scripts run before any of a person's own (Pigeonhole {@code sieve_before}): root-owned, compiled
     * by apply with {@code sievec}, since LMTP runs as vmail and cannot write the compiled {@code .svbin} here.
     */
    public static final String SIEVE_BEFORE = "/etc/dovecot/sieve/before.d";
    /** Mailwright's global script that files spam (rspamd's {@code X-Spam: yes}) into Junk. */
    public static final String SPAM_SIEVE = SIEVE_BEFORE + "/10-spam.sieve";
    /**
     * The folder in each person's home (their maildir) holding the Sieve script Mailwright writes for them, run after
     * the global scripts and before their own (Pigeonhole {@code sieve_before2} on 2.3, a second {@code type = before}
     * script on 2.4). Not a ManageSieve script, so the person's own active script is never replaced; no leading dot,
     * since a dot name in the maildir root is a Maildir++ folder (docs/design/issue-17-delivery-notes.md section 4).
     */
    public static final String MAILWRIGHT_SIEVE_DIR = "mailwright-sieve";
    /** The vacation reply's script in {@link #MAILWRIGHT_SIEVE_DIR}; absent while the reply is off. */
    public static final String VACATION_SIEVE = "vacation.sieve";

    /** The vacation script of a mailbox ({@code address} normalized, as for {@link #maildir}). */
    public static String vacationSieve(String address) {
        return maildir(address) + "/" + MAILWRIGHT_SIEVE_DIR + "/" + VACATION_SIEVE;
    }

    /**
     * A shell glob matching the vacation script of every mailbox ({@link #vacationSieve} with any domain and user), so
     * one command finds them all; it does not match the maildirs moved aside under {@code .removed} (a {@code *} does
     * not match a leading dot).
     */
    public static final String VACATION_SIEVE_GLOB = VMAIL + "/*/*/" + MAILWRIGHT_SIEVE_DIR + "/" + VACATION_SIEVE;

    public static final String RSPAMD_LOCAL = "/etc/rspamd/local.d";
    public static final String SELF_SIGNED_DIR = "/etc/ssl/mailwright";
    public static final String HEADER = "Managed by Mailwright: the next apply replaces this file (the old one is kept as a .mailwright-* backup).";

    /** The first line of a mail table Mailwright makes: unlike its config files, apply keeps every line in them. */
    public static final String TABLE_HEADER = "Mail table kept by Mailwright: apply only adds to it; entries made here, with mailwright users/aliases/domains or in its users window, are kept.";

    /**
     * Where a mailbox's mail lives: Dovecot's mail_home (LMTP delivers there, IMAP reads it), /var/vmail/DOMAIN/USER
     * (see the templates; the same path OpenSMTPD's maildir delivery of earlier Mailwright versions wrote to). {@code address} is normalized (lower case, no subaddress tag).
     */
    public static String maildir(String address) {
        int at = address.lastIndexOf('@');
        return VMAIL + "/" + address.substring(at + 1) + "/" + address.substring(0, at);
    }

    public static String dkimKey(String domain, String selector) {
        return DKIM_DIR + "/" + domain + "." + selector + ".key";
    }

    public static String letsEncryptCert(String host) {
        return "/etc/letsencrypt/live/" + host + "/fullchain.pem";
    }

    public static String letsEncryptKey(String host) {
        return "/etc/letsencrypt/live/" + host + "/privkey.pem";
    }
}
