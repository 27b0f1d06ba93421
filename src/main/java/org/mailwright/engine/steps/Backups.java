package org.mailwright.engine.steps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.backup.BackupLayout;
import org.mailwright.engine.backup.BackupScript;
import org.mailwright.engine.backup.BackupStatus;
import org.mailwright.engine.status.StatusScript;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Command;
import org.mailwright.remote.Shell;
import org.mailwright.facts.FileState;
import org.mailwright.spec.SpecReader;
import org.mailwright.spec.SpecWriter;

/**
 * Every server backs itself up: a restic repository on the server ({@link BackupLayout#REPOSITORY}), its password
 * made on the server and readable by root only, the backup script with its daily systemd timer, and a copy of the
 * spec. A server without a snapshot gets its first one started in the background, so mail is safe from the first
 * day, not the first night. Check reports the last snapshot ("last backup 20 h ago, 6.2 MiB, verified").
 *
 * <p>An existing password or repository is never replaced: the person's recovery sheet holds that password, and a
 * new one would make every snapshot on it unreadable.
 */
public final class Backups implements Step, Packages.PackageHooks {
    /** How the person makes a snapshot now, named in findings. */
    public static final String RUN_NOW = StatusScript.BACKUP_NOW;

    private final ServerSpec spec;
    private final boolean wholeSpecCopy;

    /** The step of apply: the spec's copy on the server follows its settings (see {@link #Backups(ServerSpec, boolean)}). */
    public Backups(ServerSpec spec) {
        this(spec, false);
    }

    /**
     * @param wholeSpecCopy true ({@code mailwright backup}) to bring the spec's copy on the server up to date in every
     *                      key; false (apply) to leave a copy alone that differs only in its domains, mailboxes and
     *                      aliases: the server is the truth for those (its mail tables are in every snapshot), and
     *                      after {@code spec pull} an apply must change nothing
     */
    public Backups(ServerSpec spec, boolean wholeSpecCopy) {
        this.spec = spec;
        this.wholeSpecCopy = wholeSpecCopy;
    }

    @Override
    public String id() {
        return "backups";
    }

    @Override
    public String title() {
        return "Backups";
    }

    private List<FileChange> files(StepContext ctx) {
        List<FileChange> out = new ArrayList<>();
        ConfigFiles.plan(ctx, BackupLayout.SCRIPT, BackupScript.script(spec.backup()), 0755, "root", "root", false).ifPresent(out::add);
        ConfigFiles.plan(ctx, BackupLayout.UNIT_DIR + "/" + BackupLayout.SERVICE, BackupScript.service(), 0644, "root", "root", false).ifPresent(out::add);
        ConfigFiles.plan(ctx, BackupLayout.UNIT_DIR + "/" + BackupLayout.TIMER, BackupScript.timer(), 0644, "root", "root", false).ifPresent(out::add);
        // the copy holds password hashes: root only, and its diff is not shown
        String copy = SpecWriter.write(spec, "What this server was last set up with; kept here and in every snapshot for restores.");
        ConfigFiles.plan(ctx, BackupLayout.SPEC_COPY, copy, 0600, "root", "root", true)
                .filter(f -> wholeSpecCopy || f.before().isEmpty() || !sameSettings(f.before().get())
                        || !rootOnly(FileState.read(ctx.host(), BackupLayout.SPEC_COPY)))
                .ifPresent(out::add);
        return out;
    }

    /** Whether the copy {@code text} says what the spec says but for its accounts; false when it cannot be read. */
    private boolean sameSettings(String text) {
        try {
            return withoutAccounts(SpecReader.read(text)).equals(withoutAccounts(spec));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean rootOnly(FileState f) {
        return f.mode() == 0600 && f.owner().equals("root") && f.group().equals("root");
    }

    private static ServerSpec withoutAccounts(ServerSpec s) {
        return new ServerSpec(s.server(), s.hostname(), List.of(), s.dkim(), List.of(), java.util.Map.of(), s.tls(), s.spam(), s.filters(),
                s.firewall(), s.rootMail(), s.backup(), java.util.Map.of(), s.protection(), s.ipv6(), s.relay(), s.mtaSts(), s.dnsProvider());
    }

    /** The transient unit that makes the repository in the background right after apt ({@link #afterPackages}). */
    static final String INIT_UNIT = "mailwright-backup-init.service";

    /**
     * Fact of the run, put by {@link #afterPackages} when it made the password: this step's plan then still tells the
     * person to save the recovery sheet.
     */
    record PasswordMadeAfterPackages() {
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return missing.contains("restic")
                ? Optional.of("the backup repository (the backups step below) is made right after apt, in the background while the next steps"
                        + " run: restic init takes about 3 s, most of it deriving the key from its password, as it is meant to")
                : Optional.empty();
    }

    /**
     * When apt has just installed restic (so no repository of Mailwright's can be here: a restore puts restic, the
     * password and the repository back before the package step, and restic is then not among {@code packages}): makes
     * the directories and the password as {@link #plan} would, and starts {@code restic init} in a transient unit
     * ({@code systemd-run --collect}, {@link #INIT_UNIT}) while the steps in between run. This step's plan waits for
     * it and then reads the server as always: a failed init is planned again and runs in the foreground, where its
     * error is reported. restic init refuses a repository that exists, so nothing can be overwritten.
     */
    @Override
    public void afterPackages(StepContext ctx, List<String> packages) {
        if (!packages.contains("restic")) {
            return;
        }
        List<CommandChange> repository = repositoryChanges(ctx);
        for (CommandChange c : repository) {
            if (!c.command().equals(INIT)) {
                ctx.run(c.command()).orThrow();
            }
        }
        if (repository.stream().anyMatch(c -> c.command().equals(INIT)) && Services.startInBackground(ctx, INIT_UNIT, INIT)) {
            ctx.say("making the backup repository in the background (restic init)");
        }
        if (repository.stream().anyMatch(c -> c.command().equals(MAKE_PASSWORD))) {
            ctx.facts().put(PasswordMadeAfterPackages.class, new PasswordMadeAfterPackages());
        }
    }

    private static final Command DIRS = Command.of("install", "-d", "-m", "0700", "/etc/mailwright", BackupLayout.SECRETS_DIR,
            BackupLayout.REPOSITORY, "/var/lib/mailwright");
    private static final Command MAKE_PASSWORD = Command.script("umask 077 && head -c 33 /dev/urandom | base64 | tr -d '\\n/+=' > "
            + Shell.quote(BackupLayout.PASSWORD_FILE));
    /** Makes the repository (in the foreground, or in {@link #INIT_UNIT}). */
    private static final Command INIT = Command.script(restic("init"));

    /** The directories, the password and the repository, each when missing, in that order. */
    private static List<CommandChange> repositoryChanges(StepContext ctx) {
        List<CommandChange> changes = new ArrayList<>();
        String dirs = ctx.run(Command.script("stat -c '%n %a' " + Shell.quote(BackupLayout.SECRETS_DIR) + " " + Shell.quote(BackupLayout.REPOSITORY)
                + " 2>/dev/null; true")).stdout();
        if (!dirs.contains(BackupLayout.SECRETS_DIR + " 700") || !dirs.contains(BackupLayout.REPOSITORY + " 700")) {
            changes.add(new CommandChange("make the root-only directories of the backup repository and its password", DIRS));
        }
        if (!ctx.run(Command.of("test", "-s", BackupLayout.PASSWORD_FILE)).ok()) {
            // made on the server: it never travels until the person asks for the recovery sheet
            changes.add(new CommandChange("make the backup repository's password (root only; shown once on the recovery sheet)", MAKE_PASSWORD));
        }
        boolean hasRepository = ctx.run(Command.of("test", "-f", BackupLayout.REPOSITORY + "/config")).ok();
        if (!hasRepository) {
            changes.add(new CommandChange("make the restic repository " + BackupLayout.REPOSITORY, INIT));
        }
        return changes;
    }

    @Override
    public Plan plan(StepContext ctx) {
        boolean passwordMadeEarly = ctx.facts().get(PasswordMadeAfterPackages.class).isPresent();
        ctx.facts().remove(PasswordMadeAfterPackages.class);
        Services.awaitStarted(ctx, INIT_UNIT, "", java.time.Duration.ofMinutes(5));
        List<Change> changes = new ArrayList<>(repositoryChanges(ctx));
        // made by this run, right after apt or now: the person is told about the recovery sheet either way
        boolean hasPassword = !passwordMadeEarly && changes.stream().noneMatch(c -> c instanceof CommandChange cc && cc.command().equals(MAKE_PASSWORD));
        List<FileChange> files = files(ctx);
        changes.addAll(files);
        boolean unitsChanged = files.stream().anyMatch(f -> f.path().startsWith(BackupLayout.UNIT_DIR));
        boolean timerOn = ctx.run(Command.of("systemctl", "is-enabled", "--quiet", BackupLayout.TIMER)).ok()
                && ctx.run(Command.of("systemctl", "is-active", "--quiet", BackupLayout.TIMER)).ok();
        if (unitsChanged || !timerOn) {
            changes.add(new CommandChange("run the backup every night", Services.enableNow(BackupLayout.TIMER)));
        }
        // a first snapshot still running (started by the previous apply) is not started again: a second apply changes nothing
        boolean anySnapshot = ctx.run(Command.of("test", "-f", BackupLayout.STATUS_FILE)).ok() || running(ctx);
        if (!anySnapshot) {
            changes.add(new CommandChange("start the first snapshot in the background",
                    Command.of("systemctl", "start", "--no-block", BackupLayout.SERVICE)));
        }
        List<String> notes = new ArrayList<>();
        if (!hasPassword) {
            notes.add("the backups' password stays on the server; save the recovery sheet (mailwright backup SPEC --init, or the window's"
                    + " last page): without it nobody can read the backups");
        }
        return new Plan(id(), title(), changes, notes);
    }

    /** A restic command line on the repository, with the password from its root-only file. */
    public static String restic(String args) {
        return "RESTIC_REPOSITORY=" + Shell.quote(BackupLayout.REPOSITORY) + " RESTIC_PASSWORD_FILE=" + Shell.quote(BackupLayout.PASSWORD_FILE)
                + " RESTIC_CACHE_DIR=" + Shell.quote(BackupLayout.CACHE) + " restic " + args;
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // in plan order: the directories, the password and the repository before the units that use them
        for (Change c : plan.changes()) {
            if (c instanceof CommandChange cc) {
                ctx.say(cc.why());
                ctx.run(cc.command()).orThrow();
            } else if (c instanceof FileChange f) {
                ConfigFiles.write(ctx, List.of(f), Optional.empty(), "");
            }
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        return List.of(status(ctx));
    }

    /**
     * The Backups finding of {@code check}: the status script's backup check ({@link StatusScript}, {@code --only backup}),
     * so check, the dashboard and the alert mail judge the status file by one rule.
     */
    public static Finding status(StepContext ctx) {
        // the backup check reads only the status file and the service: any spec's script text says the same here
        String text = StatusScript.script("localhost", "postmaster@localhost", "/nonexistent", "/nonexistent", false);
        var r = ctx.run(Command.of("sh", "-s", "--", "--only", "backup").withStdin(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return StatusScript.parse(r.stdout()).stream().findFirst().map(org.mailwright.engine.status.StatusCheck::finding)
                .orElse(Finding.warn(BackupStatus.CHECK, "the backup check printed nothing (" + r.stderr().strip() + ")", "Run check again."));
    }

    /** Whether a snapshot is being made now: a oneshot service is "activating" while its script runs. */
    public static boolean running(StepContext ctx) {
        return ctx.run(Command.of("systemctl", "show", "-p", "ActiveState", "--value", BackupLayout.SERVICE)).stdout().strip()
                .equals("activating");
    }
}
