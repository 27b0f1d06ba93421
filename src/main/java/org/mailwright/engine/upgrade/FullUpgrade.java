package org.mailwright.engine.upgrade;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.engine.upgrade.UpgradePreflight.Upgrade;
import org.mailwright.model.Finding;
import org.mailwright.remote.CancelledException;
import org.mailwright.remote.Command;
import org.mailwright.remote.RemoteException;

/**
 * Upgrades every package to Debian 13 with apt, the way Debian's release notes for trixie describe, without a person at
 * the console:
 * <ol>
 *   <li>OpenSMTPD is stopped first, so no mail is accepted into a half-upgraded system: other servers keep it and try
 *   again (RFC 5321 4.5.4: for days), so nothing is lost, it only arrives a few minutes late.</li>
 *   <li>{@link #POLICY} ({@code /usr/sbin/policy-rc.d}, see invoke-rc.d(8) and Debian's README.policy-rc.d) forbids
 *   the packages' scripts to start or restart Dovecot and OpenSMTPD: Dovecot 2.4 refuses the 2.3 configuration
 *   (DESIGN.md), and both get their Debian 13 configuration from the steps after this one. (IMAP is down meanwhile
 *   anyway: the 2.3 master left running cannot start 2.4's login processes, "Dovecot version mismatch", seen in the lab;
 *   what the policy spares is a package script failing on a restart against the old configuration.) It answers 101 (forbidden)
 *   for those two only: every other service, sshd among them, is restarted by its package as Debian intends (a
 *   forbidden sshd restart would leave the old daemon running against new binaries). It is removed when apt ends,
 *   also when apt fails, and by the next run if a cut connection left it behind.</li>
 *   <li>{@code apt-get update}, then {@link Apt#fullUpgrade} (minimal upgrade, then full-upgrade; config files someone
 *   changed are kept, {@code --force-confold}: Mailwright writes its own again afterwards). Debian 12's
 *   opensmtpd-extras becomes, on 13, a transitional package that pulls in every table backend (MySQL, PostgreSQL,
 *   LDAP...); between the two runs it is replaced by the one backend used, opensmtpd-table-passwd.</li>
 * </ol>
 * {@code apt-get autoremove} is not run: it would also remove what the person installed by hand as a dependency and
 * still uses, and the release notes ask for the list to be reviewed ("Obsolete packages"). Then the upgrade is recorded
 * as done ({@link UpgradeState}) and OpenSMTPD started again.
 *
 * <p>Resumable: on a server whose packages are upgraded it only finishes what a cut left (an interrupted dpkg, a
 * leftover policy-rc.d, OpenSMTPD stopped). Every failure says where it stopped, and how to go on or to restore the
 * snapshot taken before.
 */
public final class FullUpgrade implements Step {
    /** Where invoke-rc.d and deb-systemd-invoke look for the local policy (invoke-rc.d(8)). */
    public static final String POLICY = "/usr/sbin/policy-rc.d";
    /** The first line after the shebang of Mailwright's policy-rc.d: how a leftover is told from someone else's. */
    static final String POLICY_MARK = "# mailwright upgrade: keeps Dovecot and OpenSMTPD down while packages change";
    static final String POLICY_TEXT = "#!/bin/sh\n" + POLICY_MARK + "\n"
            + "# (invoke-rc.d(8): exit 101 = action forbidden). Removed when the upgrade ends.\n"
            + "while [ $# -gt 0 ]; do case \"$1\" in -*) shift ;; *) break ;; esac; done\n"
            + "case \"$1\" in dovecot|dovecot.*|opensmtpd|opensmtpd.*) exit 101 ;; esac\n"
            + "exit 0\n";

    static final String STOP = "stop OpenSMTPD: no mail is accepted while packages change (senders' servers retry, nothing is lost)";
    static final String UPGRADE = "upgrade every package to Debian 13 (apt-get update, upgrade --without-new-pkgs, full-upgrade)";
    static final String REPAIR = "finish the package installation a cut connection interrupted (dpkg --configure -a)";
    static final String LEFTOVER = "remove the policy-rc.d an interrupted upgrade left behind";
    static final String START = "start OpenSMTPD again";

    private final Optional<Path> copyTo;

    /** @param copyTo where this run copied the backup on this computer, named in the restore advice */
    public FullUpgrade(Optional<Path> copyTo) {
        this.copyTo = copyTo;
    }

    @Override
    public String id() {
        return "full-upgrade";
    }

    @Override
    public String title() {
        return "Upgrade the packages";
    }

    @Override
    public Plan plan(StepContext ctx) {
        Upgrade upgrade = ctx.facts().require(Upgrade.class);
        UpgradeState state = UpgradeState.read(ctx.host());
        List<Change> changes = new ArrayList<>();
        boolean interrupted = interrupted(ctx);
        if (ourPolicyLeft(ctx)) {
            changes.add(new CommandChange(LEFTOVER, Command.of("rm", "-f", "--", POLICY)));
        }
        if (interrupted) {
            changes.add(new CommandChange(REPAIR, Command.of("dpkg", "--configure", "-a")));
        }
        if (upgrade.needed() && state.phase() == UpgradeState.Phase.SOURCES_SWITCHED) {
            changes.add(new CommandChange(STOP, Command.of("systemctl", "stop", "opensmtpd")));
            changes.add(new CommandChange(UPGRADE, Command.of("apt-get", "full-upgrade")));
            changes.add(new CommandChange(START, Command.of("systemctl", "start", "opensmtpd")));
        } else if (state.phase() == UpgradeState.Phase.PACKAGES_UPGRADED && !ctx.run(Command.of("systemctl", "is-active", "--quiet", "opensmtpd")).ok()) {
            changes.add(new CommandChange(START, Command.of("systemctl", "start", "opensmtpd")));
        }
        List<String> notes = new ArrayList<>();
        if (changes.stream().anyMatch(c -> c instanceof CommandChange cc && cc.why().equals(UPGRADE))) {
            notes.add("this takes several minutes; mail to this server waits at the senders' servers meanwhile");
            notes.add("config files you or Mailwright changed are kept (dpkg --force-confold); apt-get autoremove is left to you");
        }
        return new Plan(id(), title(), changes, notes);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        List<String> whys = plan.changesOf(CommandChange.class).stream().map(CommandChange::why).toList();
        UpgradeState state = UpgradeState.read(ctx.host());
        String where = "before the package upgrade";
        boolean smtpdStopped = false;
        try {
            if (whys.contains(LEFTOVER)) {
                where = "removing a leftover " + POLICY;
                removePolicy(ctx);
            }
            if (whys.contains(UPGRADE)) {
                where = "stopping OpenSMTPD";
                ctx.say(STOP);
                ctx.run(Command.of("systemctl", "stop", "opensmtpd")).orThrow();
                smtpdStopped = true;
                boolean ours = writePolicy(ctx);
                try {
                    if (whys.contains(REPAIR)) {
                        where = "finishing an interrupted dpkg run";
                        Apt.repairDuringUpgrade(ctx);
                    }
                    where = "apt-get update (reading Debian 13's package lists)";
                    Apt.update(ctx);
                    where = "apt-get upgrade / full-upgrade";
                    upgradePackages(ctx);
                } finally {
                    if (ours) {
                        removePolicyQuietly(ctx);
                    }
                }
                where = "recording that the packages are upgraded";
                state.at(UpgradeState.Phase.PACKAGES_UPGRADED).write(ctx);
            } else if (whys.contains(REPAIR)) {
                where = "finishing an interrupted dpkg run";
                Apt.repairDuringUpgrade(ctx);
            }
            if (whys.contains(START)) {
                where = "starting OpenSMTPD";
                startSmtpd(ctx);
                smtpdStopped = false;
            }
        } catch (CancelledException e) {
            throw new CancelledException("Cancelled while " + where + "." + stoppedNote(smtpdStopped) + " " + state.howToFinish(copyTo));
        } catch (StepFailedException e) {
            throw new StepFailedException(Finding.error(title(), "The upgrade stopped while " + where + ": " + e.finding().message()
                    + stoppedNote(smtpdStopped), state.howToFinish(copyTo)));
        } catch (RemoteException e) {
            throw new StepFailedException(Finding.error(title(), "The upgrade stopped while " + where + ": " + e.getMessage()
                    + stoppedNote(smtpdStopped), state.howToFinish(copyTo)));
        }
    }

    /** The two apt runs, with Debian 12's opensmtpd-extras swapped for the one table backend in between. */
    private static void upgradePackages(StepContext ctx) {
        Apt.minimalUpgrade(ctx);
        // the transitional opensmtpd-extras of Debian 13 would pull in every backend: install the one used, drop it
        // (apt-get(8): a package name ending in "-" is removed in the same transaction)
        if (ctx.run(Command.script("dpkg-query -W -f '${db:Status-Abbrev}' opensmtpd-extras 2>/dev/null | grep -q '^ii'")).ok()) {
            Apt.installDuringUpgrade(ctx, List.of("opensmtpd-table-passwd", "opensmtpd-extras-"));
        }
        Apt.fullUpgrade(ctx);
    }

    /** Said when a run stops with OpenSMTPD stopped: it stays so until the upgrade finishes, and why that loses nothing. */
    private static String stoppedNote(boolean stopped) {
        return stopped ? " OpenSMTPD stays stopped until the upgrade finishes: mail sent meanwhile waits at the senders' servers, which"
                + " retry." : "";
    }

    private static boolean writePolicy(StepContext ctx) {
        Optional<byte[]> existing = ctx.host().read(POLICY);
        if (existing.isPresent() && !new String(existing.get(), StandardCharsets.UTF_8).contains(POLICY_MARK)) {
            // someone else's policy (a container image's "exit 101"): it stays, and stays theirs to remove
            ctx.say("keeping the server's own " + POLICY);
            return false;
        }
        ctx.say("keeping Dovecot and OpenSMTPD from being restarted with their old configuration while packages change (" + POLICY + ")");
        ctx.host().uploadAtomic(POLICY, POLICY_TEXT.getBytes(StandardCharsets.UTF_8), 0755, "root", "root");
        return true;
    }

    private static void removePolicy(StepContext ctx) {
        ctx.run(Command.of("rm", "-f", "--", POLICY)).orThrow();
    }

    private static void removePolicyQuietly(StepContext ctx) {
        try {
            // straight to the host: after a cancel the context refuses to run anything, and this must still go
            ctx.host().exec(Command.of("rm", "-f", "--", POLICY)).orThrow();
        } catch (RuntimeException e) {
            // the connection is gone: the next run removes it (its plan looks for our mark)
            ctx.host().transcript().note("could not remove " + POLICY + " now: " + e.getMessage());
        }
    }

    private static void startSmtpd(StepContext ctx) {
        ctx.say(START);
        var check = ctx.run(Command.of("smtpd", "-n"));
        if (!check.ok()) {
            // the old configuration does not suit the new OpenSMTPD: the OpenSMTPD step writes the new one and starts it
            ctx.say("OpenSMTPD stays stopped until its Debian 13 configuration is written (smtpd -n: " + (check.stderr() + check.stdout()).strip() + ")");
            return;
        }
        ctx.run(Command.of("systemctl", "start", "opensmtpd")).orThrow();
    }

    private static boolean ourPolicyLeft(StepContext ctx) {
        return ctx.host().readText(POLICY).map(t -> t.contains(POLICY_MARK)).orElse(false);
    }

    /**
     * A WARN when the newest installed kernel is not the one running: the upgrade installed Debian 13's, which runs only
     * after a reboot (Debian's release notes for trixie end the upgrade with one). Empty when no kernel is installed (a
     * container) or the newest one runs.
     */
    static Optional<Finding> rebootFinding(String unameThenNewest) {
        // -1: a container has no /lib/modules, and its empty second line must not vanish
        String[] lines = unameThenNewest.split("\n", -1);
        return rebootFinding(lines[0].strip(), lines.length > 1 ? lines[1].strip() : "");
    }

    static Optional<Finding> rebootFinding(String running, String newest) {
        if (newest.isEmpty() || running.isEmpty() || newest.equals(running)) {
            return Optional.empty();
        }
        return Optional.of(Finding.warn("Kernel", "the server still runs kernel " + running + "; Debian 13's " + newest + " runs after a reboot",
                "Reboot the server when it suits you (systemctl reboot): the mail services come back by themselves."));
    }

    /** dpkg was stopped half-way: unprocessed updates, or packages it reports as not fully installed (as Packages asks). */
    static boolean interrupted(StepContext ctx) {
        return ctx.run(Command.script("ls -A /var/lib/dpkg/updates 2>/dev/null | grep -q . || dpkg --audit 2>/dev/null | grep -q .")).ok();
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        Upgrade upgrade = ctx.facts().require(Upgrade.class);
        List<Finding> out = new ArrayList<>();
        String version = ctx.run(Command.script("sed -n 's/^VERSION_ID=//p' /etc/os-release | tr -d '\"'")).stdout().strip();
        UpgradeState state = UpgradeState.read(ctx.host());
        if (!upgrade.needed() && state.phase() == UpgradeState.Phase.NOT_STARTED) {
            out.add(Finding.ok("Debian release", "Debian " + version));
        } else {
            out.add(version.equals("13") && state.phase() == UpgradeState.Phase.PACKAGES_UPGRADED
                    ? Finding.ok("Debian release", "Debian 13: every package upgraded")
                    : Finding.error("Debian release", "Debian " + version + ": the package upgrade has not finished", state.howToFinish(copyTo)));
        }
        if (state.phase() == UpgradeState.Phase.PACKAGES_UPGRADED) {
            rebootFinding(ctx.run(Command.script("uname -r; ls /lib/modules 2>/dev/null | sort -V | tail -n 1")).stdout()).ifPresent(out::add);
        }
        if (ourPolicyLeft(ctx)) {
            out.add(Finding.error(POLICY, "still there: services cannot be restarted by packages", "Run `mailwright upgrade SPEC` again"
                    + " (or remove " + POLICY + " on the server)."));
        }
        if (interrupted(ctx)) {
            out.add(Finding.error("dpkg", "a package installation is unfinished", state.howToFinish(copyTo)));
        }
        return out;
    }
}
