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
    public static final String DKIM_DIR = "/etc/dkim";
    public static final String VMAIL = "/var/vmail";
    public static final int VMAIL_ID = 2000;
    public static final String DOVECOT_CONF = "/etc/dovecot/dovecot.conf";
    public static final String RSPAMD_LOCAL = "/etc/rspamd/local.d";
    public static final String SELF_SIGNED_DIR = "/etc/ssl/mailwright";
    public static final String HEADER = "Managed by Mailwright: the next apply replaces this file (the old one is kept as a .mailwright-* backup).";

    /** The first line of a mail table Mailwright makes: unlike its config files, apply keeps every line in them. */
    public static final String TABLE_HEADER = "Mail table kept by Mailwright: apply only adds to it; entries made here, with mailwright users/aliases/domains or in its users window, are kept.";

    /**
     * Where a mailbox's mail lives: Dovecot's mail_home and smtpd's maildir delivery, both /var/vmail/DOMAIN/USER
     * (see the templates). {@code address} is normalized (lower case, no subaddress tag).
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
