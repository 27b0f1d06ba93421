package org.mailwright.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteCommandException;

/**
 * Runs apt-get the way a server without a person at its console needs: no questions (noninteractive, keep local
 * config files), waiting for the dpkg lock instead of failing (fresh cloud servers run unattended-upgrades at
 * boot; it must never be killed), and reporting progress from apt's status lines.
 */
public final class Apt {
    /** apt's own lock wait (apt >= 1.9.11); long, since a first unattended-upgrades run can take many minutes. */
    static final int LOCK_WAIT_SECONDS = 1800;
    private static final Pattern STATUS = Pattern.compile("^(pm|dl)status:[^:]*:([0-9.]+):(.*)$");
    private static final Pattern WAITING = Pattern.compile("Waiting for cache lock|Could not get lock");

    private Apt() {
    }

    static List<String> base(String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "NEEDRESTART_MODE=a",
                "apt-get", "-q", "-y", "-o", "DPkg::Lock::Timeout=" + LOCK_WAIT_SECONDS,
                "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
                "-o", "APT::Status-Fd=1", "-o", "Dpkg::Use-Pty=0"));
        argv.addAll(List.of(args));
        return argv;
    }

    public static void update(StepContext ctx) {
        run(ctx, "Updating the package lists", base("update"));
    }

    /** Installs packages; a {@code name/release} word takes that one package from another release (backports). */
    public static void install(StepContext ctx, List<String> packages) {
        List<String> argv = base("install", "--no-install-recommends");
        argv.addAll(packages);
        run(ctx, "Installing " + String.join(" ", packages), argv);
    }

    /** Finishes an installation that was interrupted (connection dropped, dpkg killed). */
    public static void repair(StepContext ctx) {
        ctx.say("Finishing an interrupted package installation (dpkg --configure -a)");
        ctx.run(Command.of("env", "DEBIAN_FRONTEND=noninteractive", "dpkg", "--configure", "-a",
                "--force-confdef", "--force-confold"), Duration.ofMinutes(30)).orThrow();
    }

    private static void run(StepContext ctx, String what, List<String> argv) {
        ctx.say(what);
        boolean[] toldWaiting = {false};
        CommandResult r = ctx.run(Command.of(argv), Duration.ofSeconds(LOCK_WAIT_SECONDS + 1800), (stream, line) -> {
            progress(line).ifPresent(ctx::progress);
            if (!toldWaiting[0] && WAITING.matcher(line).find()) {
                toldWaiting[0] = true;
                ctx.say("Waiting for another package manager to finish (often unattended-upgrades on a new server): " + line.strip());
            }
        });
        if (!r.ok()) {
            throw new RemoteCommandException(r);
        }
    }

    /** The fraction done from an apt status line ({@code pmstatus:dovecot-core:42.8571:Installing ...}). */
    static Optional<Double> progress(String line) {
        Matcher m = STATUS.matcher(line);
        return m.matches() ? Optional.of(Double.parseDouble(m.group(2)) / 100.0) : Optional.empty();
    }
}
