package org.mailwright.engine.backup;

import java.util.List;
import org.mailwright.render.MailLayout;

/**
 * Where a server's backups live and what they hold: one place for every path the backup script, the step that sets
 * it up, the status check, the mirror and the restore use.
 *
 * <p>What is saved is the mail state, not the system: the maildirs (with Dovecot's {@code dovecot-uidlist}, index,
 * keywords and subscriptions, so UIDs and flags survive a move), the mail tables, the DKIM keys, the TLS material,
 * the configs Mailwright wrote, rspamd's learned data (a redis dump) and the spec. Packages are not: a restore sets
 * the new server up with a normal apply.
 */
public final class BackupLayout {
    private BackupLayout() {
    }

    /** The restic repository on the server (restic's own format; restic manual, "Repository Format"). */
    public static final String REPOSITORY = "/var/backups/mailwright";
    /** Where a restore copies a repository to before it is complete: a cut leaves it here, and the next run resumes. */
    public static final String INCOMING = "/var/backups/mailwright.incoming";
    /** Root-only directory with the repository password and the offsite settings. */
    public static final String SECRETS_DIR = "/etc/mailwright/backup";
    /** The repository password (restic {@code --password-file}); made on the server, shown once on the recovery sheet. */
    public static final String PASSWORD_FILE = SECRETS_DIR + "/password";
    /** {@code KEY=VALUE} lines restic needs for the offsite repository (S3 keys...), written only by {@code backup --offsite-env-stdin}. */
    public static final String OFFSITE_ENV = SECRETS_DIR + "/offsite.env";
    /** The copy of the spec kept on the server, and so in every snapshot. */
    public static final String SPEC_COPY = "/etc/mailwright/server.yaml";
    /** The script the timer runs. */
    public static final String SCRIPT = "/usr/local/sbin/mailwright-backup";
    public static final String SERVICE = "mailwright-backup.service";
    public static final String TIMER = "mailwright-backup.timer";
    public static final String UNIT_DIR = "/etc/systemd/system";
    /** What the last run did, as {@code key=value} lines ({@link BackupStatus#parse}). */
    public static final String STATUS_FILE = "/var/lib/mailwright/backup-status";
    /** Scratch space of the script (the redis dump). */
    public static final String STAGE = "/var/lib/mailwright/backup-stage";
    /** Where a restore unpacks a snapshot before putting it in place. */
    public static final String RESTORE_STAGE = "/var/lib/mailwright/restore";
    /** restic's cache: rebuilt when missing, so never backed up. */
    public static final String CACHE = "/var/cache/mailwright-restic";
    /** The tag every snapshot of Mailwright's carries. */
    public static final String TAG = "mailwright";
    /** Redis's dump as the script saves it, and where redis keeps it on Debian. */
    public static final String REDIS_DUMP = STAGE + "/redis.rdb";
    public static final String REDIS_LIVE = "/var/lib/redis/dump.rdb";

    /** The mail tables a restore puts back before the server is set up (the server is the truth for accounts). */
    public static final List<String> TABLES = List.of(MailLayout.CREDENTIALS, MailLayout.VIRTUALS, MailLayout.DOMAINS,
            MailLayout.LOCAL_ALIASES, MailLayout.SRS_KEY);

    /** Everything a snapshot holds, when present on the server. */
    public static final List<String> PATHS = List.of(MailLayout.VMAIL, MailLayout.MAIL_DIR, MailLayout.DKIM_DIR,
            MailLayout.SMTPD_CONF, "/etc/dovecot", MailLayout.RSPAMD_LOCAL, MailLayout.MAILNAME, "/etc/letsencrypt",
            MailLayout.SELF_SIGNED_DIR, SPEC_COPY, REDIS_DUMP);

    /** The identity a restore puts back before setting the server up, so apply keeps it instead of making new. */
    public static final List<String> IDENTITY = List.of(MailLayout.DKIM_DIR, "/etc/letsencrypt", MailLayout.SELF_SIGNED_DIR,
            MailLayout.MAILNAME);

    /** Days without a good snapshot after which check warns. */
    public static final int STALE_DAYS = 3;
}
