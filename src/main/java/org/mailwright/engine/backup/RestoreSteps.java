package org.mailwright.engine.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.Transfer;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.model.Words;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteException;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;

/**
 * The steps a restore adds around the normal set-up ({@link org.mailwright.engine.steps.MailSteps#restoring}): check
 * that the new server may receive it, copy the repository there, unpack the snapshot, put the server's identity back
 * before the set-up (so apply keeps the DKIM key, the certificate, the accounts and their passwords instead of making
 * new ones), and put the mail back after it.
 *
 * <p>Every step can run again after a cut: the copy resumes with the files still missing, the unpacking starts over
 * in its own directory, and the mail is copied by a transient systemd unit ({@code systemd-run --wait}) that finishes
 * even when the connection drops. A marker file says a restore is under way, so the second run is not refused as
 * "a server that already has mail".
 */
public final class RestoreSteps {
    private RestoreSteps() {
    }

    /** Present while a restore is under way on the server; removed when the mail is back. */
    static final String MARKER = "/var/lib/mailwright/restore-under-way";

    /** The steps before the set-up: target, copy, unpack, identity. */
    public static List<Step> beforeSetup(RestoreRequest request) {
        List<Step> steps = new ArrayList<>(List.of(new Target(request)));
        if (request.url().isPresent()) {
            if (!request.offsiteEnv().isEmpty()) {
                steps.add(new OffsiteCredentials(request.offsiteEnv()));
            }
            steps.add(new Fetch(request));
        } else {
            steps.add(new Upload(request));
        }
        steps.addAll(List.of(new Unpack(request), new Identity(request)));
        return List.copyOf(steps);
    }

    static byte[] utf8(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = Arrays.copyOfRange(b.array(), b.position(), b.limit());
        Arrays.fill(b.array(), (byte) 0);
        return out;
    }

    static boolean resticInstalled(StepContext ctx) {
        return ctx.run(Command.script("command -v restic >/dev/null")).ok();
    }

    /** Makes {@code password} the server's backup password, keeping a different previous one beside it. */
    static void writePassword(StepContext ctx, byte[] password) {
        ctx.run(Command.of("install", "-d", "-m", "0700", "/etc/mailwright", BackupLayout.SECRETS_DIR)).orThrow();
        byte[] current = ctx.host().read(BackupLayout.PASSWORD_FILE).orElse(new byte[0]);
        try {
            if (!Arrays.equals(current, password)) {
                if (current.length > 0) {
                    ctx.host().backup(BackupLayout.PASSWORD_FILE);
                }
                ctx.host().uploadAtomic(BackupLayout.PASSWORD_FILE, password, 0600, "root", "root");
            }
        } finally {
            Arrays.fill(current, (byte) 0);
        }
    }

    static StepFailedException cannotOpen(String title, String said, String where) {
        boolean wrong = said.contains("wrong password") || said.contains("no key found");
        return new StepFailedException(Finding.error(title, wrong ? "the backup's password is wrong (restic: " + said + ")"
                        : "restic cannot open the backup at " + where + ": " + said,
                wrong ? "Type the password exactly as the recovery sheet shows it; nothing on the server was changed."
                        : "Fix the cause shown, then run restore again."));
    }

    /** A step of a restore: its request, its id and its title. */
    abstract static class Part implements Step {
        final RestoreRequest request;
        private final String id;
        private final String title;

        Part(RestoreRequest request, String id, String title) {
            this.request = request;
            this.id = id;
            this.title = title;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String title() {
            return title;
        }
    }

    /** The copy of the backup onto the server, from a folder here ({@link Upload}) or an offsite URL ({@link Fetch}). */
    abstract static class Copy extends Part {
        Copy(RestoreRequest request) {
            super(request, "restore-copy", "Copy the backup to the server");
        }

        /** restic, when the server lacks it: the backup is opened with it before anything else is set up. */
        static void needsRestic(StepContext ctx, List<Change> changes) {
            if (!resticInstalled(ctx)) {
                changes.add(new Change.PackageChange(List.of("restic"), java.util.Optional.empty()));
            }
        }

        /** Masks the password and installs restic when missing, so a wrong password changes nothing else. */
        void start(StepContext ctx) {
            Secrets.register(request.password());
            if (!resticInstalled(ctx)) {
                Apt.update(ctx);
                Apt.install(ctx, List.of("restic"));
            }
        }

        /** A shell line that moves the server's own repository, if any, beside itself; nothing is deleted. */
        static String keepPreviousRepository() {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            return "if [ -e " + Shell.quote(BackupLayout.REPOSITORY) + " ]; then mv " + Shell.quote(BackupLayout.REPOSITORY) + " "
                    + Shell.quote(BackupLayout.REPOSITORY + ".replaced-" + stamp) + "; fi";
        }
    }

    /**
     * The new server copies the backup from the offsite repository itself ({@code restic copy --from-repo}, restic >=
     * 0.14) into a repository of its own made with the same chunker: nothing passes through this computer. The
     * password is tried on the offsite repository first; a wrong one changes nothing. A copy cut half-way goes on
     * where it stopped: restic copies only the snapshots the target lacks.
     */
    static final class Fetch extends Copy {
        Fetch(RestoreRequest request) {
            super(request);
        }

        private static String withEnv(String command) {
            return "set -a; [ -f " + Shell.quote(BackupLayout.OFFSITE_ENV) + " ] && . " + Shell.quote(BackupLayout.OFFSITE_ENV) + "; set +a; "
                    + "RESTIC_CACHE_DIR=" + Shell.quote(BackupLayout.CACHE) + " " + command;
        }

        @Override
        public Plan plan(StepContext ctx) {
            List<Change> changes = new ArrayList<>();
            needsRestic(ctx, changes);
            String url = request.url().orElseThrow();
            changes.add(new CommandChange("open the backup at " + url + " with its password", Command.script("restic -r URL cat config")));
            changes.add(new CommandChange("copy its snapshots into " + BackupLayout.REPOSITORY + " (restic copy)",
                    Command.script("restic -r " + BackupLayout.REPOSITORY + " copy --from-repo URL")));
            return new Plan(id(), title(), changes, List.of());
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            start(ctx);
            String url = Shell.quote(request.url().orElseThrow());
            byte[] pw = utf8(request.password());
            try {
                CommandResult open = ctx.run(Command.script(withEnv("restic -r " + url + " --password-file /dev/stdin --no-lock cat config >/dev/null"))
                        .withSecretStdin(pw), Duration.ofMinutes(5));
                if (!open.ok()) {
                    throw cannotOpen(title(), lastLines(open.stderr() + open.stdout()), request.url().get());
                }
                // the server's own repository stays only when it is this restore's (same password, opens): a resumed run
                boolean ours = Arrays.equals(ctx.host().read(BackupLayout.PASSWORD_FILE).orElse(new byte[0]), pw)
                        && ctx.run(Command.script(restic("--no-lock cat config >/dev/null 2>&1"))).ok();
                if (!ours) {
                    ctx.run(Command.script(keepPreviousRepository())).orThrow();
                }
                writePassword(ctx, pw);
            } finally {
                Arrays.fill(pw, (byte) 0);
            }
            ctx.run(Command.script("install -d -m 0755 /var/lib/mailwright && touch " + Shell.quote(MARKER))).orThrow();
            String pwFile = Shell.quote(BackupLayout.PASSWORD_FILE);
            String from = "--from-repo " + url + " --from-password-file " + pwFile + " --password-file " + pwFile;
            if (!ctx.run(Command.of("test", "-f", BackupLayout.REPOSITORY + "/config")).ok()) {
                ctx.run(Command.of("install", "-d", "-m", "0700", "/var/backups")).orThrow();
                CommandResult init = ctx.run(Command.script(withEnv("restic -r " + Shell.quote(BackupLayout.REPOSITORY) + " init " + from
                        + " --copy-chunker-params 2>&1")));
                if (!init.ok()) {
                    throw new StepFailedException(Finding.error(title(), "restic could not make the server's repository: " + lastLines(init.stdout()),
                            "Fix the cause shown, then run restore again."));
                }
            }
            ctx.say("copying the snapshots from " + request.url().get() + " (restic copy)");
            CommandResult copy = ctx.run(Command.script(withEnv("restic -r " + Shell.quote(BackupLayout.REPOSITORY) + " copy " + from + " 2>&1")),
                    Duration.ofHours(12));
            if (!copy.ok()) {
                throw new StepFailedException(Finding.error(title(), "restic copy from " + request.url().get() + " failed: " + lastLines(copy.stdout()),
                        "Fix the cause shown, then run restore again: it copies only what is still missing."));
            }
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            boolean ok = ctx.run(Command.of("test", "-f", BackupLayout.REPOSITORY + "/config")).ok();
            return List.of(ok ? Finding.ok(title(), "the backup's snapshots are in the server's repository " + BackupLayout.REPOSITORY)
                    : Finding.error(title(), "the server has no repository yet", "Run restore again."));
        }
    }

    /** The step after the services run again: the mail and rspamd's learned data. */
    public static List<Step> afterSetup(RestoreRequest request) {
        return List.of(new Mail(request));
    }

    static String restic(String args) {
        return "RESTIC_PASSWORD_FILE=" + Shell.quote(BackupLayout.PASSWORD_FILE) + " RESTIC_CACHE_DIR=" + Shell.quote(BackupLayout.CACHE)
                + " restic -r " + Shell.quote(BackupLayout.REPOSITORY) + " " + args;
    }

    static int messagesUnder(StepContext ctx, String dir) {
        String n = ctx.run(Command.script("find " + Shell.quote(dir) + " -type f \\( -path '*/cur/*' -o -path '*/new/*' \\) 2>/dev/null | wc -l"))
                .stdout().strip();
        return n.isEmpty() ? 0 : Integer.parseInt(n);
    }

    /** The new server: fresh (no mail), or told to merge, or in the middle of this restore. */
    static final class Target extends Part {
        Target(RestoreRequest request) {
            super(request, "restore-target", "The new server");
        }

        @Override
        public Plan plan(StepContext ctx) {
            int messages = messagesUnder(ctx, MailLayout.VMAIL);
            boolean underWay = ctx.run(Command.of("test", "-f", MARKER)).ok();
            if (messages > 0 && !request.merge() && !underWay) {
                throw new StepFailedException(Finding.error(title(), "the server already has " + Words.count(messages, "message", "messages")
                        + " in " + MailLayout.VMAIL + ": a restore would mix two servers' mail", "Restore onto a fresh server, or run again"
                        + " with --merge to add the backup's mail and accounts to what is there (nothing there is replaced)."));
            }
            List<String> notes = new ArrayList<>();
            if (underWay) {
                notes.add("a restore was cut here before: it goes on where it stopped");
            } else if (messages > 0) {
                notes.add("merging: the server's " + Words.count(messages, "message", "messages") + ", mailboxes and passwords stay as they are");
            }
            return new Plan(id(), title(), List.of(), notes);
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            return List.of(Finding.ok(title(), request.merge() ? "merging into the mail there" : "ready for the backup"));
        }
    }

    /**
     * Copies the repository to the server, password first: {@code config} and {@code keys/} go first and restic is
     * asked to open them with the password; a wrong password stops here and what was copied is removed, so the server
     * is as it was. A repository other than the server's own is copied to {@link BackupLayout#INCOMING} and moved in
     * place whole; the server's previous one, if any, is kept beside it.
     */
    static final class Upload extends Copy {
        Upload(RestoreRequest request) {
            super(request);
        }

        private Map<String, Long> local() {
            try {
                Map<String, Long> files = RepositoryFiles.local(request.from());
                if (!files.containsKey("config") || files.keySet().stream().noneMatch(f -> f.startsWith("keys/"))) {
                    throw new StepFailedException(Finding.error(title(), request.from() + " is not a restic repository (no config and keys/ in it)",
                            "Point --from at the folder mailwright backup --to wrote."));
                }
                return files;
            } catch (IOException e) {
                throw new StepFailedException(Finding.error(title(), "cannot read " + request.from() + ": " + e.getMessage(),
                        "Point --from at a readable folder."));
            }
        }

        /** Where the files go: the server's repository when it is this one (a resumed or repeated restore), else the incoming one. */
        private String target(StepContext ctx) {
            try {
                byte[] localConfig = Files.readAllBytes(request.from().resolve("config"));
                return ctx.host().read(BackupLayout.REPOSITORY + "/config").filter(c -> Arrays.equals(c, localConfig)).isPresent()
                        ? BackupLayout.REPOSITORY : BackupLayout.INCOMING;
            } catch (IOException e) {
                throw new StepFailedException(Finding.error(title(), "cannot read " + request.from() + ": " + e.getMessage(), "Point --from at a readable folder."));
            }
        }

        @Override
        public Plan plan(StepContext ctx) {
            Map<String, Long> local = local();
            String target = target(ctx);
            Map<String, Long> missing = RepositoryFiles.missing(local, RepositoryFiles.onServer(ctx.host(), target));
            List<Change> changes = new ArrayList<>();
            needsRestic(ctx, changes);
            if (!missing.isEmpty()) {
                changes.add(new Transfer("copy the backup to " + target, missing.size(), RepositoryFiles.bytes(missing)));
            }
            changes.add(new CommandChange("open the backup with its password", Command.script("restic cat config")));
            if (!target.equals(BackupLayout.REPOSITORY)) {
                changes.add(new CommandChange("make it the server's backup repository (a previous one is kept beside it)",
                        Command.of("mv", BackupLayout.INCOMING, BackupLayout.REPOSITORY)));
            }
            return new Plan(id(), title(), changes, List.of());
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            start(ctx);
            Map<String, Long> local = local();
            String target = target(ctx);
            boolean fresh = target.equals(BackupLayout.INCOMING) && !ctx.run(Command.of("test", "-e", BackupLayout.INCOMING)).ok();
            ctx.run(Command.of("install", "-d", "-m", "0700", target)).orThrow();
            Map<String, Long> missing = RepositoryFiles.missing(local, RepositoryFiles.onServer(ctx.host(), target));
            // the password is tried on config and keys before the packs are sent
            Map<String, Long> first = new java.util.LinkedHashMap<>();
            Map<String, Long> rest = new java.util.LinkedHashMap<>();
            missing.forEach((f, s) -> (f.equals("config") || f.startsWith("keys/") ? first : rest).put(f, s));
            long total = Math.max(1, RepositoryFiles.bytes(missing));
            long done = send(ctx, target, first, 0, total);
            byte[] pw = utf8(request.password());
            try {
                CommandResult open = ctx.run(Command.script("RESTIC_CACHE_DIR=" + Shell.quote(BackupLayout.CACHE) + " restic -r " + Shell.quote(target)
                        + " --password-file /dev/stdin --no-lock cat config >/dev/null").withSecretStdin(pw));
                if (!open.ok()) {
                    String said = (open.stderr() + open.stdout()).strip();
                    if (fresh) {
                        // a copy of this computer's folder, made in this run: removing it leaves the server as it was
                        ctx.run(Command.of("rm", "-rf", BackupLayout.INCOMING));
                    }
                    throw cannotOpen(title(), said, request.source());
                }
                ctx.run(Command.script("install -d -m 0755 /var/lib/mailwright && touch " + Shell.quote(MARKER))).orThrow();
                done = send(ctx, target, rest, done, total);
                // a restore cut during the check below left that check's lock behind (its restic died with the
                // connection; BackupLabTest's cut restore met "lock was created at ... the `unlock` command can be used
                // to remove stale locks" on the next run): restic's unlock removes only stale locks, those of a process
                // on this host that is gone or older than 30 minutes, never a running restic's (restic unlock --help)
                ctx.run(Command.script("RESTIC_CACHE_DIR=" + Shell.quote(BackupLayout.CACHE) + " restic -r " + Shell.quote(target)
                        + " --password-file /dev/stdin unlock 2>&1").withSecretStdin(pw));
                CommandResult check = ctx.run(Command.script("RESTIC_CACHE_DIR=" + Shell.quote(BackupLayout.CACHE) + " restic -r " + Shell.quote(target)
                        + " --password-file /dev/stdin check 2>&1").withSecretStdin(pw), Duration.ofMinutes(30));
                if (!check.ok()) {
                    throw new StepFailedException(Finding.error(title(), "the copied repository does not pass restic check: " + lastLines(check.stdout()),
                            "Copy the backup to this computer again (mailwright backup --to), or use an older copy."));
                }
                if (target.equals(BackupLayout.INCOMING)) {
                    ctx.run(Command.script(keepPreviousRepository() + " && mv " + Shell.quote(BackupLayout.INCOMING) + " "
                            + Shell.quote(BackupLayout.REPOSITORY))).orThrow();
                }
                writePassword(ctx, pw);
            } finally {
                Arrays.fill(pw, (byte) 0);
            }
            ctx.say("the backup is on the server: " + Words.count(local.size(), "file", "files") + ", " + Words.bytes(RepositoryFiles.bytes(local)));
        }

        private long send(StepContext ctx, String target, Map<String, Long> files, long done, long total) {
            List<String> dirs = files.keySet().stream().filter(f -> f.contains("/")).map(f -> target + "/" + f.substring(0, f.lastIndexOf('/')))
                    .distinct().toList();
            if (!dirs.isEmpty()) {
                List<String> argv = new ArrayList<>(List.of("install", "-d", "-m", "0700"));
                argv.addAll(dirs);
                ctx.run(Command.of(argv)).orThrow();
            }
            for (Map.Entry<String, Long> f : files.entrySet()) {
                ctx.cancel().check();
                try {
                    ctx.host().uploadAtomic(target + "/" + f.getKey(), Files.readAllBytes(request.from().resolve(f.getKey())), 0600, "root", "root");
                } catch (IOException e) {
                    throw new StepFailedException(Finding.error(title(), "cannot read " + request.from().resolve(f.getKey()) + ": " + e.getMessage(),
                            "Check the backup folder, then run restore again: it goes on where it stopped."));
                }
                done += f.getValue();
                ctx.progress(done / (double) total);
            }
            return done;
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            boolean ok = ctx.run(Command.of("test", "-f", BackupLayout.REPOSITORY + "/config")).ok()
                    && ctx.run(Command.of("test", "-s", BackupLayout.PASSWORD_FILE)).ok();
            return List.of(ok ? Finding.ok(title(), "the backup is the server's repository " + BackupLayout.REPOSITORY)
                    : Finding.error(title(), "the repository or its password is missing on the server", "Run restore again."));
        }
    }

    /** restic restores the snapshot into a directory of its own; nothing is in place yet. */
    static final class Unpack extends Part {
        Unpack(RestoreRequest request) {
            super(request, "restore-unpack", "Unpack the snapshot");
        }

        @Override
        public Plan plan(StepContext ctx) {
            return new Plan(id(), title(), List.of(new CommandChange("unpack snapshot " + request.resticSnapshot() + " into " + BackupLayout.RESTORE_STAGE,
                    Command.script(command()))), List.of());
        }

        private String command() {
            String snapshot = request.snapshot().isPresent() ? Shell.quote(request.snapshot().get()) : "latest --tag " + BackupLayout.TAG;
            // a cut unpacking is started over: the directory only ever holds a copy
            return "rm -rf " + Shell.quote(BackupLayout.RESTORE_STAGE) + " && " + restic("restore " + snapshot + " --target "
                    + Shell.quote(BackupLayout.RESTORE_STAGE)) + " 2>&1";
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            ctx.say("unpacking snapshot " + request.resticSnapshot() + " (restic restore)");
            CommandResult r = ctx.run(Command.script(command()), Duration.ofHours(6));
            if (!r.ok()) {
                String said = lastLines(r.stdout());
                boolean unknown = said.contains("no matching ID") || said.contains("no snapshot") || said.contains("invalid id");
                throw new StepFailedException(Finding.error(title(), unknown ? "there is no snapshot " + request.resticSnapshot()
                        + " in the backup (restic: " + said + ")" : "restic restore failed: " + said, unknown
                        ? "List the snapshots with: restic -r " + request.source() + " snapshots (the password is on the recovery sheet)."
                        : "Fix the cause shown, then run restore again: it goes on where it stopped."));
            }
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            int n = messagesUnder(ctx, BackupLayout.RESTORE_STAGE + MailLayout.VMAIL);
            return List.of(Finding.ok(title(), "snapshot " + request.resticSnapshot() + " holds " + Words.count(n, "message", "messages")));
        }
    }

    /**
     * The DKIM keys, the certificate, the mail tables (accounts and passwords) and the SRS key, put where apply
     * finds them, so it keeps them: the published DKIM record stays valid, mail apps keep their passwords, and the
     * certificate works before DNS moves. A file the new server had is kept beside as a .mailwright-* copy. When
     * merging, a table keeps its own lines and gains the backup's lines for keys it lacks.
     */
    static final class Identity extends Part {
        Identity(RestoreRequest request) {
            super(request, "restore-identity", "Put back DKIM keys, certificate and accounts");
        }

        private String staged(String path) {
            return BackupLayout.RESTORE_STAGE + path;
        }

        @Override
        public Plan plan(StepContext ctx) {
            List<Change> changes = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (String p : BackupLayout.IDENTITY) {
                if (ctx.run(Command.of("test", "-e", staged(p))).ok()) {
                    changes.add(new CommandChange("put back " + p, Command.script(copy(p))));
                }
            }
            for (String t : BackupLayout.TABLES) {
                if (ctx.run(Command.of("test", "-e", staged(t))).ok()) {
                    changes.add(new CommandChange((request.merge() ? "add the backup's entries to " : "put back ") + t, Command.of("true")));
                }
            }
            String users = ctx.run(Command.script("cut -d: -f1 " + Shell.quote(staged(MailLayout.CREDENTIALS)) + " 2>/dev/null | grep '@' || true")).stdout().strip();
            if (!users.isEmpty()) {
                notes.add("mailboxes from the backup, with their passwords: " + String.join(", ", users.lines().toList()));
            }
            return new Plan(id(), title(), changes, notes);
        }

        private String copy(String p) {
            String from = Shell.quote(staged(p));
            String to = Shell.quote(p);
            // ownership comes from the old server's ids; the set-up that follows gives each file its owner here
            return "mkdir -p \"$(dirname " + to + ")\" && if [ -d " + from + " ]; then mkdir -p " + to + " && cp -a " + from + "/. " + to + "/; else "
                    + "{ [ ! -e " + to + " ] || cp -p " + to + " " + to + ".mailwright-before-restore; } && cp -a " + from + " " + to + "; fi && chown -R root:root " + to;
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            for (String p : BackupLayout.IDENTITY) {
                if (ctx.run(Command.of("test", "-e", staged(p))).ok()) {
                    ctx.say("putting back " + p);
                    ctx.run(Command.script(copy(p))).orThrow();
                }
            }
            ctx.run(Command.of("install", "-d", "-m", "0755", MailLayout.MAIL_DIR)).orThrow();
            for (String t : BackupLayout.TABLES) {
                var restored = ctx.host().read(staged(t));
                if (restored.isEmpty()) {
                    continue;
                }
                var current = ctx.host().read(t);
                String content = new String(restored.get(), StandardCharsets.UTF_8);
                if (current.isPresent() && request.merge()) {
                    content = mergeTable(new String(current.get(), StandardCharsets.UTF_8), content);
                }
                if (current.isPresent() && Arrays.equals(current.get(), content.getBytes(StandardCharsets.UTF_8))) {
                    continue;
                }
                if (current.isPresent()) {
                    ctx.host().backup(t);
                }
                // root-only until the set-up gives it its owner (the credentials table holds password hashes)
                ctx.host().uploadAtomic(t, content.getBytes(StandardCharsets.UTF_8), 0600, "root", "root");
            }
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            return List.of(Finding.ok(title(), "in place for the set-up to keep"));
        }
    }

    /**
     * A mail table with the lines of {@code restored} added whose key (the text before the first ':' or blank) the
     * server's {@code current} table lacks; the server's own lines win (its accounts and passwords are the truth).
     */
    public static String mergeTable(String current, String restored) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        current.lines().map(RestoreSteps::key).filter(k -> !k.isEmpty()).forEach(keys::add);
        StringBuilder out = new StringBuilder(current);
        if (!current.isEmpty() && !current.endsWith("\n")) {
            out.append('\n');
        }
        for (String line : restored.lines().toList()) {
            String k = key(line);
            if (!k.isEmpty() && keys.add(k)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String key(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return "";
        }
        int end = 0;
        while (end < l.length() && l.charAt(end) != ':' && !Character.isWhitespace(l.charAt(end))) {
            end++;
        }
        return l.substring(0, end);
    }

    /**
     * The maildirs (with Dovecot's uidlists and indexes) and rspamd's learned data, put back with OpenSMTPD and
     * Dovecot stopped, by a transient systemd unit so a dropped connection cannot leave the services stopped halfway.
     */
    static final class Mail extends Part {
        Mail(RestoreRequest request) {
            super(request, "restore-mail", "Put back the mail");
        }

        @Override
        public Plan plan(StepContext ctx) {
            int n = messagesUnder(ctx, BackupLayout.RESTORE_STAGE + MailLayout.VMAIL);
            return new Plan(id(), title(), List.of(new CommandChange("put back " + Words.count(n, "message", "messages")
                    + (request.merge() ? " (adding to the server's)" : "") + " and rspamd's learned data; OpenSMTPD and Dovecot pause meanwhile",
                    Command.script(script()))), List.of());
        }

        String script() {
            String stage = Shell.quote(BackupLayout.RESTORE_STAGE);
            String vmail = Shell.quote(BackupLayout.RESTORE_STAGE + MailLayout.VMAIL);
            String rdb = Shell.quote(BackupLayout.RESTORE_STAGE + BackupLayout.REDIS_DUMP);
            String inner = "set -e; systemctl stop opensmtpd dovecot; "
                    + "if [ -d " + vmail + " ]; then cp -a " + (request.merge() ? "-n " : "") + vmail + "/. /var/vmail/; fi; "
                    + "chown -R vmail:vmail /var/vmail; "
                    + "if [ -f " + rdb + " ]; then systemctl stop redis-server; install -o redis -g redis -m 0660 " + rdb + " "
                    + Shell.quote(BackupLayout.REDIS_LIVE) + "; systemctl start redis-server; fi; "
                    + "systemctl start dovecot opensmtpd; rm -rf " + stage;
            // if the script fails half-way the services must still come back
            return "systemd-run --wait --collect --quiet --unit=mailwright-restore-mail --property=Type=oneshot /bin/sh -c "
                    + Shell.quote(inner) + "; rc=$?; systemctl start dovecot opensmtpd; exit $rc";
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            if (!ctx.run(Command.of("test", "-d", BackupLayout.RESTORE_STAGE)).ok()) {
                // a run cut after the copy finished: the mail is in place and the staging directory gone
                return;
            }
            ctx.say("putting back the mail (OpenSMTPD and Dovecot pause meanwhile)");
            CommandResult r = ctx.run(Command.script(script()), Duration.ofHours(6));
            if (!r.ok()) {
                throw new RemoteException("putting back the mail failed: " + lastLines(r.stdout() + r.stderr())
                        + " (journalctl -u mailwright-restore-mail on the server has more)");
            }
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            int n = messagesUnder(ctx, MailLayout.VMAIL);
            return List.of(Finding.ok(title(), Words.count(n, "message", "messages") + " in " + MailLayout.VMAIL));
        }
    }

    /** The last step of a restore: from here on the server's mail is its own, and a restore onto it is refused without --merge. */
    public static Step finished() {
        return new Finished();
    }

    /**
     * Removes the marker, after every other step of the restore ran. Not earlier: the mail unit finishes even when the
     * connection drops, and a cut anywhere after it (while the backups are set up, or during the checks) left the
     * restored mail without the marker, so the next restore took it for "a server that already has mail" and refused.
     */
    static final class Finished implements Step {
        @Override
        public String id() {
            return "restore-finished";
        }

        @Override
        public String title() {
            return "Restore finished";
        }

        @Override
        public Plan plan(StepContext ctx) {
            return ctx.run(Command.of("test", "-e", MARKER)).ok()
                    ? new Plan(id(), title(), List.of(new CommandChange("mark the restore as finished", Command.of("rm", "-f", MARKER))), List.of())
                    : new Plan(id(), title(), List.of(), List.of());
        }

        @Override
        public void apply(StepContext ctx, Plan plan) {
            ctx.run(Command.of("rm", "-f", MARKER)).orThrow();
        }

        @Override
        public List<Finding> verify(StepContext ctx) {
            return List.of();
        }
    }

    /**
     * The address records that still point elsewhere after a restore: the {@code A}, {@code AAAA} and {@code PTR}
     * findings of the DNS check that are not OK (DnsChecker names them "A host", "AAAA host", "PTR address"). The MX,
     * SPF, DKIM and DMARC records name the host, not the address, and the DKIM key came back: they stay.
     *
     * @return those findings, each with its fix ("Change the A record of ... to ..."); empty when DNS already points here
     */
    public static List<Finding> dnsToChange(org.mailwright.engine.RunReport report) {
        return report.findings().stream().filter(f -> f.severity() != org.mailwright.model.Severity.OK)
                .filter(f -> f.check().startsWith("A ") || f.check().startsWith("AAAA ") || f.check().startsWith("PTR ")).toList();
    }

    static String lastLines(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())).strip();
    }
}
