package org.mailwright.engine.mailboxes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.QuotasFile;
import org.mailwright.accounts.TableParseException;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.Shell;

/**
 * Manages the mailboxes, aliases and domains of a running server: reads the three mail tables, stages changes
 * ({@link #edit}) and applies them the safe way.
 *
 * <p>Applying never restarts OpenSMTPD or Dovecot, so nobody's IMAP session or SMTP transaction is cut: the tables
 * are written atomically with backups, checked with {@code smtpd -n} (rolled back if it fails), and smtpd reloads
 * each changed table with {@code smtpctl update table NAME} (smtpctl(8)). Dovecot's passwd-file is re-read when its
 * mtime changes (https://doc.dovecot.org/configuration_manual/authentication/passwd_file/); its auth cache, if one is
 * configured, is flushed.
 *
 * <p>Before writing, every file is read again: if someone changed it since the snapshot, nothing is written and a
 * {@link StaleDataException} says which file.
 */
public final class MailboxService {
    static final String REMOVED_DIR = org.mailwright.render.MailLayout.VMAIL + "/.removed";
    static final String DKIM_SIGNING = org.mailwright.render.MailLayout.RSPAMD_LOCAL + "/dkim_signing.conf";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final List<String> TABLES = List.of(org.mailwright.render.MailLayout.CREDENTIALS,
            org.mailwright.render.MailLayout.VIRTUALS, org.mailwright.render.MailLayout.DOMAINS);
    /** Every file {@link #apply} may write and so checks for a change by someone else: the tables and the quotas. */
    private static final List<String> CHECKED = List.of(org.mailwright.render.MailLayout.CREDENTIALS,
            org.mailwright.render.MailLayout.VIRTUALS, org.mailwright.render.MailLayout.DOMAINS, org.mailwright.render.MailLayout.QUOTAS);

    private final RemoteHost host;
    private final DkimSettings dkim;
    private final Clock clock;

    public MailboxService(RemoteHost host, DkimSettings dkim) {
        this(host, dkim, Clock.systemUTC());
    }

    public MailboxService(RemoteHost host, DkimSettings dkim, Clock clock) {
        this.host = host;
        this.dkim = dkim;
        this.clock = clock;
    }

    DkimSettings dkim() {
        return dkim;
    }

    Clock clock() {
        return clock;
    }

    /** Where a mailbox's mail lives ({@link org.mailwright.render.MailLayout#maildir}). */
    public static String maildir(String address) {
        return org.mailwright.render.MailLayout.maildir(address);
    }

    static Command reloadTable(String name) {
        return Command.of("smtpctl", "update", "table", name);
    }

    /**
     * Reads the tables, the domains' default quotas, Dovecot's version and what every mailbox uses. The usage comes
     * from one {@code doveadm quota get -A} (Dovecot's own count, no maildir walk); only a server whose Dovecot has
     * no quota plugin yet (set up before quotas) falls back to one {@code du} over the maildirs.
     *
     * @throws TableParseException when a table has lines that cannot be read safely (each with its line number)
     */
    public MailboxSnapshot read() {
        Map<String, Optional<String>> files = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>(TABLES);
        paths.add(org.mailwright.render.MailLayout.QUOTAS);
        // the four tables in one round trip
        host.readAll(paths).forEach((path, read) -> files.put(path,
                read.map(r -> new String(r.content(), java.nio.charset.StandardCharsets.UTF_8))));
        MailTables tables = MailTables.parse(files.get(TABLES.get(0)).orElse(""), files.get(TABLES.get(1)).orElse(""),
                files.get(TABLES.get(2)).orElse(""));
        QuotasFile quotas = QuotasFile.parse(files.get(org.mailwright.render.MailLayout.QUOTAS).orElse(""));
        Usage usage = usage(tables);
        return new MailboxSnapshot(tables, files, usage.usedKib(), quotas, usage.dovecot24());
    }

    private record Usage(Map<String, Long> usedKib, Optional<Boolean> dovecot24) {
    }

    /** Marks the start of the du fallback in {@link #usage}'s output (a plain word: the script echoes it unquoted). */
    static final String DU_MARK = "mailwright-du-fallback";

    private Usage usage(MailTables tables) {
        Map<String, String> byDir = new LinkedHashMap<>();
        tables.mailboxes().stream().map(MailTables.Mailbox::address).filter(EmailAddress::isValid)
                .forEach(a -> byDir.put(maildir(a), a));
        List<String> du = new ArrayList<>(List.of("du", "-sk", "--"));
        du.addAll(byDir.keySet());
        // a mailbox that never received mail has no maildir yet: du says so on stderr and exits 1, the rest still counts
        String script = "dpkg-query -W -f='dovecot\\t${Version}\\n' dovecot-core 2>/dev/null\n"
                + "if ! doveadm -f tab quota get -A 2>/dev/null; then echo " + DU_MARK
                + (byDir.isEmpty() ? "" : "; " + Shell.join(du) + " 2>/dev/null") + "; fi; true";
        CommandResult r = host.exec(Command.script(script));
        Map<String, Long> used = new LinkedHashMap<>();
        Optional<Boolean> dovecot24 = Optional.empty();
        boolean duPart = false;
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\t", -1);
            if (line.equals(DU_MARK)) {
                duPart = true;
            } else if (f.length == 2 && f[0].equals("dovecot") && !f[1].isBlank()) {
                dovecot24 = Optional.of(org.mailwright.facts.InstalledPackages.dovecot24(f[1].strip()));
            } else if (duPart && f.length == 2 && byDir.containsKey(f[1].strip()) && f[0].strip().matches("\\d+")) {
                used.put(byDir.get(f[1].strip()), Long.parseLong(f[0].strip()));
            } else if (!duPart && f.length >= 5 && f[2].equals("STORAGE") && f[3].matches("\\d+")) {
                // doveadm -f tab quota get: Username, Quota name, Type, Value (KiB for STORAGE), Limit, %
                used.merge(f[0], Long.parseLong(f[3]), Long::sum);
            }
        }
        return new Usage(used, dovecot24);
    }

    Optional<String> readDkimSigning() {
        return host.readText(DKIM_SIGNING);
    }

    boolean dkimKeyExists(String domain) {
        return host.exec(Command.of("test", "-e", org.mailwright.render.MailLayout.dkimKey(domain, dkim.selector()))).ok();
    }

    /** The vacation replies of this server's mailboxes (Sieve scripts Mailwright owns, see {@link VacationScripts}). */
    public VacationScripts vacations() {
        return new VacationScripts(host);
    }

    /** Starts staging changes against {@code snapshot}. */
    public MailboxEdit edit(MailboxSnapshot snapshot) {
        return new MailboxEdit(this, snapshot);
    }

    /**
     * Applies a staged edit: DKIM keys and rspamd's signing config first (for a new domain), then the tables, then the
     * maildirs of removed mailboxes.
     *
     * @throws StaleDataException when a file changed on the server since it was read (nothing written)
     * @throws org.mailwright.engine.StepFailedException when {@code smtpd -n} or {@code rspamadm configtest} rejects the
     *         result (those files are rolled back)
     */
    public void apply(MailboxEdit edit, Cancel cancel) {
        StepContext ctx = new StepContext(host, cancel, new Facts(), RunListener.NONE);
        for (String path : CHECKED) {
            requireUnchanged(path, edit.snapshot().files().getOrDefault(path, Optional.empty()));
        }
        if (edit.addsDomains()) {
            requireUnchanged(DKIM_SIGNING, edit.dkimSigningBefore());
        }
        List<FileChange> keys = edit.dkimKeys();
        if (!keys.isEmpty()) {
            ctx.run(Command.of("install", "-d", "-o", "root", "-g", "_rspamd", "-m", "0750",
                    org.mailwright.render.MailLayout.DKIM_DIR)).orThrow();
            ConfigFiles.write(ctx, keys, Optional.empty(), "");
        }
        Optional<FileChange> signing = edit.dkimSigning();
        if (signing.isPresent()) {
            ConfigFiles.write(ctx, List.of(signing.get()), Optional.of(Command.of("rspamadm", "configtest")), "rspamadm configtest");
            ctx.run(Command.of("systemctl", "reload-or-restart", "rspamd")).orThrow();
        }
        List<FileChange> tables = edit.tableChanges();
        if (!tables.isEmpty()) {
            if (!ctx.run(Command.of("test", "-d", org.mailwright.render.MailLayout.MAIL_DIR)).ok()) {
                ctx.run(Command.of("install", "-d", "-m", "0755", org.mailwright.render.MailLayout.MAIL_DIR)).orThrow();
            }
            ConfigFiles.write(ctx, tables, Optional.of(Command.script("smtpd -n -f " + org.mailwright.render.MailLayout.SMTPD_CONF)),
                    "smtpd -n");
            for (FileChange f : tables) {
                ctx.run(reloadTable(MailboxEdit.name(f))).orThrow();
            }
            if (tables.stream().anyMatch(FileChange::secret)) {
                // only matters when an auth cache is configured; without one Dovecot reads the changed file on the next login
                ctx.run(Command.script("if command -v doveadm >/dev/null 2>&1; then doveadm auth cache flush >/dev/null 2>&1; fi; true"));
                // ... in a later second than its last look at it (DovecotAuth): a login right after this returns would
                // otherwise still meet the old password, or no mailbox (AccountsLabTest on Debian 13 in a CI rehearsal)
                ctx.run(org.mailwright.engine.DovecotAuth.awaitNextSecond());
            }
        }
        Optional<FileChange> quotas = edit.quotasChange();
        if (quotas.isPresent()) {
            ConfigFiles.write(ctx, List.of(quotas.get()), Optional.empty(), "");
        }
        for (MailboxEdit.MaildirAction m : edit.maildirs()) {
            // until Dovecot sees the removal (at most a second, DovecotAuth), a login would still pass and make the
            // maildir again after it was moved aside
            ctx.run(org.mailwright.engine.DovecotAuth.awaitUnknown(m.address()));
            ctx.run(m.command()).orThrow();
        }
    }

    private void requireUnchanged(String path, Optional<String> asRead) {
        Optional<String> now = host.readText(path);
        if (!sha256(now).equals(sha256(asRead))) {
            throw new StaleDataException(path);
        }
    }

    private static String sha256(Optional<String> content) {
        if (content.isEmpty()) {
            return "absent";
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(content.get().getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
