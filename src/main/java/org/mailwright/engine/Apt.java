package org.mailwright.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.model.Finding;
import org.mailwright.remote.CancelledException;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteCommandException;

/**
 * Runs apt-get and dpkg the way a server without a person at its console needs: no questions (noninteractive, keep
 * local config files), waiting for the dpkg lock instead of failing (fresh cloud servers run unattended-upgrades at
 * boot; it must never be killed), and reporting progress from apt's status lines.
 *
 * <p>The waiting happens here, in short tries, not in one long apt or dpkg call: dpkg has no lock wait at all, and a
 * run that is cancelled while it waits must stop at once, whatever the server's sshd does with signals.
 */
public final class Apt {
    /** How long another package manager may hold the lock before we give up (a first unattended-upgrades run is long). */
    static final Duration LOCK_WAIT = Duration.ofMinutes(30);
    /** apt's own wait per try (apt >= 1.9.11). */
    static final int TRY_SECONDS = 5;
    private static final Pattern STATUS = Pattern.compile("^(pm|dl)status:[^:]*:([0-9.]+):(.*)$");
    private static final Pattern WAITING = Pattern.compile("Waiting for cache lock|Could not get lock");
    /** apt and dpkg (1.20+ and older) saying someone else holds the lock. */
    private static final Pattern LOCKED = Pattern.compile(
            "(?i)could not get lock|unable to acquire the dpkg frontend lock|frontend lock (was|is) locked|status database is locked");

    private Apt() {
    }

    static List<String> base(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "NEEDRESTART_MODE=a",
                "apt-get", "-q", "-y", "-o", "DPkg::Lock::Timeout=" + TRY_SECONDS,
                "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
                "-o", "APT::Status-Fd=3", "-o", "Dpkg::Use-Pty=0"));
        argv.addAll(List.of(args));
        return argv;
    }

    public static void update(StepContext ctx) {
        run(ctx, "Updating the package lists", base("update"));
        ctx.facts().put(ListsUpdated.class, new ListsUpdated());
    }

    /** The package lists were updated in this run (a fact of the run's context). */
    record ListsUpdated() {
    }

    /**
     * {@link #update} unless this run already updated the lists: a step that installs one more package right after the
     * package step (fail2ban, nginx) need not fetch the lists again, seconds later, from the same sources. Not for a
     * caller that changed the sources since.
     */
    public static void updateOnce(StepContext ctx) {
        if (ctx.facts().get(ListsUpdated.class).isEmpty()) {
            update(ctx);
        }
    }

    /** Installs packages; a {@code name/release} word takes that one package from another release (backports). */
    public static void install(StepContext ctx, List<String> packages) {
        List<String> argv = base("install", "--no-install-recommends");
        argv.addAll(packages);
        run(ctx, "Installing " + String.join(" ", packages), argv);
    }

    /**
     * Finishes an installation that was interrupted (connection dropped, dpkg killed). A cut between unpacking a
     * package and its dependency (dovecot-sieve unpacked, dovecot-core not yet) leaves dpkg unable to configure it:
     * then apt installs what is missing and configures the rest.
     */
    public static void repair(StepContext ctx) {
        repair(ctx, command(base("install", "-f", "--no-install-recommends")));
    }

    /**
     * {@link #repair} in the middle of a release upgrade (a cut during {@link #fullUpgrade}): the {@code apt-get -f
     * install} it may need runs with the upgrade's options.
     */
    public static void repairDuringUpgrade(StepContext ctx) {
        repair(ctx, upgradeCommand("install", "-f", "--no-install-recommends"));
    }

    private static void repair(StepContext ctx, Command aptFix) {
        try {
            run(ctx, "Finishing an interrupted package installation (dpkg --configure -a)",
                    List.of("env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "--configure", "-a", "--force-confdef", "--force-confold"));
        } catch (RemoteCommandException e) {
            if (!(e.result().stderr() + e.result().stdout()).contains("dependency problems")) {
                throw e;
            }
        }
        // also when dpkg configured everything: a cut can leave a package whose dependency was never unpacked, which
        // dpkg does not see but apt then refuses every install over ("Unmet dependencies", seen on Debian 13 in CI)
        run(ctx, "Installing what the interrupted installation was missing (apt-get -f install)", aptFix, false,
                java.util.function.DoubleUnaryOperator.identity());
    }

    /**
     * The first of the two apt runs of an upgrade to a new Debian release (Debian's release notes for trixie, "Upgrading
     * the system"): {@code apt-get upgrade --without-new-pkgs}, so nothing is removed while the system is half old.
     * Then {@link #fullUpgrade}. Without a person at the console: the dpkg options of {@link #base} keep every config file
     * someone changed ({@code --force-confdef --force-confold}, dpkg(1)), {@code UCF_FORCE_CONFFOLD} does the same for
     * files ucf manages (ucf(1)), and apt-listchanges shows no news (it would wait for a pager). Progress fills the first
     * half of the step's bar. May take up to an hour.
     */
    public static void minimalUpgrade(StepContext ctx) {
        run(ctx, "Upgrading the packages that need nothing new (apt-get upgrade --without-new-pkgs)",
                upgradeCommand("upgrade", "--without-new-pkgs"), false, f -> f / 2);
    }

    /**
     * The second apt run of a release upgrade: {@code apt-get full-upgrade}, which may install new packages and remove
     * old ones; same options as {@link #minimalUpgrade}. Progress fills the second half of the step's bar.
     */
    public static void fullUpgrade(StepContext ctx) {
        run(ctx, "Upgrading every package to the new release (apt-get full-upgrade)", upgradeCommand("full-upgrade"), false, f -> 0.5 + f / 2);
    }

    /**
     * Installs (and, with a trailing {@code -}, removes: apt-get(8)) packages in the middle of a release upgrade, with
     * the options of {@link #minimalUpgrade}.
     */
    public static void installDuringUpgrade(StepContext ctx, List<String> packages) {
        List<String> args = new ArrayList<>(List.of("install", "--no-install-recommends"));
        args.addAll(packages);
        run(ctx, "Installing " + String.join(" ", packages), upgradeCommand(args.toArray(String[]::new)), false, f -> f);
    }

    /**
     * apt-get for a release upgrade. Its status lines go to file descriptor 3, which the shell points at stdout: with
     * {@code APT::Status-Fd=1} and {@code Dpkg::Use-Pty=0} together, apt 2.6 leaves dpkg's maintainer scripts a stdout
     * they cannot write to, and trixie's base-files postinst died on its first {@code echo} ("echo: I/O error", seen on
     * a Debian 12 lab droplet, exit 1, the whole upgrade stopped); the same apt-get with the status on fd 3 went through.
     */
    private static Command upgradeCommand(String... args) {
        List<String> argv = base(args);
        argv.addAll(2, List.of("UCF_FORCE_CONFFOLD=1", "APT_LISTCHANGES_FRONTEND=none"));
        return Command.script(org.mailwright.remote.Shell.join(argv) + " 3>&1");
    }

    /**
     * Every apt-get's status lines go to file descriptor 3, which the shell points at stdout (see {@link #upgradeCommand}:
     * with the status on fd 1 a maintainer script's echo can fail with an I/O error).
     */
    private static void run(StepContext ctx, String what, List<String> argv) {
        run(ctx, what, command(argv), argv.contains("dpkg"), java.util.function.DoubleUnaryOperator.identity());
    }

    /** The command for {@code argv}: an apt-get gets its status descriptor 3 pointed at stdout. */
    private static Command command(List<String> argv) {
        return argv.contains("apt-get") ? Command.script(org.mailwright.remote.Shell.join(argv) + " 3>&1") : Command.of(argv);
    }

    /**
     * Runs apt or dpkg, waiting for the lock in short tries. {@code dpkg}: the command is dpkg itself, which has no lock
     * wait of its own. {@code scale} maps apt's own fraction onto the step's bar, for a step that runs apt more than once.
     */
    private static void run(StepContext ctx, String what, Command command, boolean dpkg, java.util.function.DoubleUnaryOperator scale) {
        ctx.say(what);
        boolean[] toldWaiting = {false};
        Instant giveUp = Instant.now().plus(LOCK_WAIT);
        while (true) {
            CommandResult r = ctx.run(command, Duration.ofMinutes(60), (stream, line) -> {
                progress(line).ifPresent(f -> ctx.progress(scale.applyAsDouble(f)));
                if (!toldWaiting[0] && WAITING.matcher(line).find()) {
                    toldWaiting[0] = true;
                    ctx.say("Waiting for another package manager to finish (often unattended-upgrades on a new server): " + line.strip());
                }
            });
            if (r.ok()) {
                return;
            }
            Matcher locked = LOCKED.matcher(r.stdout() + "\n" + r.stderr());
            if (!locked.find()) {
                throw new RemoteCommandException(r);
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new StepFailedException(Finding.error("Install packages", "Another package manager has held the dpkg lock for "
                        + LOCK_WAIT.toMinutes() + " minutes: " + lastLine(r),
                        "See what runs with `ps aux | grep -E 'apt|dpkg'` on the server; when it has finished, run again."));
            }
            if (!toldWaiting[0]) {
                toldWaiting[0] = true;
                ctx.say("Waiting for another package manager to finish (often unattended-upgrades on a new server): " + lastLine(r));
            }
            pause(ctx, dpkg ? Duration.ofSeconds(TRY_SECONDS) : Duration.ofMillis(200));
        }
    }

    private static String lastLine(CommandResult r) {
        List<String> lines = (r.stderr() + "\n" + r.stdout()).lines().filter(l -> LOCKED.matcher(l).find()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }

    /** Sleeps between tries, stopping at once when the run is cancelled. */
    private static void pause(StepContext ctx, Duration d) {
        Instant until = Instant.now().plus(d);
        while (Instant.now().isBefore(until)) {
            ctx.cancel().check();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("Interrupted while waiting for the dpkg lock.");
            }
        }
        ctx.cancel().check();
    }

    /**
     * The fraction done from an apt status line. apt reports downloading ({@code dlstatus:...:37.5:...}) and installing
     * ({@code pmstatus:dovecot-core:42.8571:Installing ...}) each from 0 to 100; one bar over both would fill and drop
     * back, so downloading is the first half and installing the second.
     */
    static Optional<Double> progress(String line) {
        Matcher m = STATUS.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        double phase = Math.max(0, Math.min(100, Double.parseDouble(m.group(2)))) / 200.0;
        return Optional.of(m.group(1).equals("dl") ? phase : 0.5 + phase);
    }

    /**
     * An apt output line as a person reads it: a status line ({@code pmstatus:dovecot-core:42.8:Installing
     * dovecot-core}) becomes its words ("Installing dovecot-core"), a download status line nothing (the bar shows it),
     * any other line itself.
     */
    public static Optional<String> readable(String line) {
        Matcher m = STATUS.matcher(line);
        if (!m.matches()) {
            return Optional.of(line);
        }
        return m.group(1).equals("dl") || m.group(3).isBlank() ? Optional.empty() : Optional.of(m.group(3).strip());
    }
}
