package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.PackageChange;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.facts.FileState;
import org.mailwright.facts.InstalledPackages;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.MailPorts;
import org.mailwright.model.IpAddress;
import org.mailwright.model.ProtectionSettings;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Command;
import org.mailwright.render.Fail2ban;

/**
 * Brute-force protection with Debian's fail2ban ({@link Fail2ban} has the configuration and why). fail2ban never starts
 * before Mailwright's jail files are in place: Debian 12's own sshd jail would otherwise stop the whole server on the
 * missing /var/log/auth.log, and Debian 13's would start banning SSH, which stays the person's own business unless the
 * spec opts in ({@code protection.ssh}). So its files are written before its package, which then starts it with them:
 * in a full run the package step installs it with the other packages ({@link Packages.PackageHooks}: one apt run)
 * after this step's {@link #beforePackages} has written them, and this step then finds them as wanted and fail2ban
 * running; a server rebooted before this step ran still starts fail2ban with Mailwright's jails. Where fail2ban is not
 * installed yet when this step runs, it writes the files first and installs fail2ban itself, for the same reason.
 *
 * <p>The address this session comes from, as the server sees it ({@code $SSH_CLIENT}), is never banned and is said in
 * the plan and the checks: the person cannot lock Mailwright out, and bans cover the login ports only, so SSH stays
 * open to unban ({@code mailwright unban}).
 */
public final class Protection implements Step, Packages.PackageHooks {
    private final ServerSpec spec;

    /** @param spec {@code protection} and the SSH port come from it */
    public Protection(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "protection";
    }

    @Override
    public String title() {
        return "Brute-force protection";
    }

    static final String VALIDATOR = "fail2ban-client -t";

    /**
     * Prints the first word of {@code SSH_CLIENT}: this shell's own, or, through sudo (whose env_reset drops it), that
     * of the nearest process up the chain that has it (sudo itself, the login shell); root reads every
     * /proc/PID/environ. The parent is the field after the command name in /proc/PID/stat (proc(5)).
     */
    public static final String CONNECTING_ADDRESS = """
            a=${SSH_CLIENT%% *}
            p=$$
            while [ -z "$a" ] && [ "${p:-1}" -gt 1 ]; do
                a=$(tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | sed -n 's/^SSH_CLIENT=\\([^ ]*\\) .*/\\1/p')
                p=$(sed 's/.*) //' /proc/$p/stat 2>/dev/null | cut -d' ' -f2)
            done
            printf '%s' "$a"
            """;

    /** The address the server sees this session coming from ({@code $SSH_CLIENT}'s first word); empty when unknown. */
    public static Optional<String> connectingAddress(StepContext ctx) {
        String a = ctx.run(Command.script(CONNECTING_ADDRESS)).stdout().strip();
        return IpAddress.isAddress(a) ? Optional.of(a) : Optional.empty();
    }

    private static InstalledPackages installed(StepContext ctx) {
        return InstalledPackages.parse(ctx.run(Command.of(Packages.queryArgs(Fail2ban.PACKAGES))).stdout());
    }

    /**
     * What the sshd jail does: on when the spec says so; else off when Mailwright installed fail2ban (or turned the
     * jail on before), and left alone when fail2ban was there first with no word from Mailwright about SSH.
     */
    static Fail2ban.Ssh ssh(ServerSpec spec, Optional<String> ourJail, boolean fail2banInstalled) {
        if (spec.protection().ssh()) {
            return Fail2ban.Ssh.ON;
        }
        if (ourJail.isPresent()) {
            return Fail2ban.hasSshSection(ourJail.get()) ? Fail2ban.Ssh.OFF : Fail2ban.Ssh.UNTOUCHED;
        }
        return fail2banInstalled ? Fail2ban.Ssh.UNTOUCHED : Fail2ban.Ssh.OFF;
    }

    private Set<Integer> sshPorts(StepContext ctx) {
        Set<Integer> ports = new LinkedHashSet<>();
        ports.add(spec.server().port());
        ctx.facts().get(ServerFacts.class).ifPresent(f -> ports.addAll(f.sshPorts()));
        return ports;
    }

    /** The files wanted now, path to content, with {@code connectingFrom} (when known) never banned. */
    private Map<String, String> files(StepContext ctx, boolean fail2banInstalled, Optional<String> connectingFrom) {
        Optional<String> ours = FileState.read(ctx.host(), Fail2ban.JAIL).content();
        List<String> ignore = Fail2ban.ignored(spec.protection(), connectingFrom.stream().toList());
        return Fail2ban.files(spec.protection(), ssh(spec, ours, fail2banInstalled), sshPorts(ctx), ignore);
    }

    /** The files of {@link #files} that differ from the server's. */
    private List<FileChange> changedFiles(StepContext ctx, boolean fail2banInstalled, Optional<String> connectingFrom) {
        List<FileChange> out = new ArrayList<>();
        files(ctx, fail2banInstalled, connectingFrom).forEach((path, content) -> ConfigFiles.plan(ctx, path, content, 0644, "root", "root", false).ifPresent(out::add));
        return out;
    }

    /** fail2ban's folders, made before its package so that the jails can be written first. */
    private static final Command FOLDERS = Command.of("install", "-d", "-m", "0755", Fail2ban.DIR + "/jail.d", Fail2ban.DIR + "/fail2ban.d", Fail2ban.DIR + "/filter.d");

    @Override
    public Plan plan(StepContext ctx) {
        InstalledPackages installed = installed(ctx);
        // installed under the hold an earlier Mailwright used (its run cut off before this step, no reboot since) is as
        // good as installed by this step: Debian's jails never ran
        boolean running = ctx.run(Command.of("systemctl", "is-active", "--quiet", "fail2ban")).ok();
        boolean held = installed.has("fail2ban") && !running
                && ctx.run(Command.script("systemctl is-enabled fail2ban.service 2>/dev/null; true")).stdout().strip().equals(HELD);
        boolean fail2ban = installed.has("fail2ban") && !held;
        boolean byPackageStep = ctx.facts().get(Packages.Planned.class).map(p -> p.packages().contains("fail2ban")).orElse(false);
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!installed.has("fail2ban") && !byPackageStep) {
            changes.add(new CommandChange("create fail2ban's folders first, so its first start reads Mailwright's jails", FOLDERS));
        }
        Optional<String> connectingFrom = connectingAddress(ctx);
        List<FileChange> files = changedFiles(ctx, fail2ban, connectingFrom);
        changes.addAll(files);
        List<String> missing = Fail2ban.PACKAGES.stream().filter(p -> !installed.has(p)).toList();
        if (!missing.isEmpty() && !byPackageStep) {
            changes.add(new PackageChange(missing, Optional.empty()));
        }
        if (!missing.isEmpty() && byPackageStep) {
            notes.add("fail2ban comes with the other packages, and these files are written before it, so that its first start reads them");
        }
        if (!files.isEmpty() || !missing.isEmpty() || !running) {
            changes.add(new ServiceChange("fail2ban", running ? ServiceAction.RESTART : ServiceAction.ENABLE_START));
        }
        connectingFrom.ifPresent(a -> notes.add("never banned: " + a + " (the address Mailwright connects from)"));
        return new Plan(id(), title(), changes, notes);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            ctx.say(c.why());
            ctx.run(c.command()).orThrow();
        }
        // the plan read dpkg's state in this run: fail2ban is there unless the plan installs it
        boolean fail2banThere = plan.changesOf(PackageChange.class).stream().noneMatch(p -> p.packages().contains("fail2ban"));
        List<FileChange> files = plan.changesOf(FileChange.class);
        if (!files.isEmpty()) {
            // once fail2ban is there its own config test guards the files (rolled back on failure); before, the test
            // runs right after the installation below
            ConfigFiles.write(ctx, files, fail2banThere ? Optional.of(validator()) : Optional.empty(), VALIDATOR);
        }
        for (PackageChange p : plan.changesOf(PackageChange.class)) {
            Apt.updateOnce(ctx);
            Apt.install(ctx, p.packages());
        }
        if (!fail2banThere) {
            var check = ctx.run(validator());
            if (!check.ok()) {
                throw new StepFailedException(Finding.error(VALIDATOR, VALIDATOR + " rejected the configuration: " + (check.stderr() + check.stdout()).strip(),
                        "This is a Mailwright bug or an unexpected server setup; report it with the saved transcript."));
            }
        }
        for (ServiceChange s : plan.changesOf(ServiceChange.class)) {
            ctx.say(s.summary());
            // not running before: installed just now by this step, its package started it with Mailwright's jails
            // already in place (a restart would cost its start once more, about a second), or it is held
            ctx.run(Command.script(s.action() == ServiceAction.RESTART ? RESTART : ENABLE_START)).orThrow();
        }
        // the server answers on its socket a moment after systemd says it started; verify asks it right after
        ctx.run(AWAIT_SOCKET);
    }

    /** Waits up to 30 s for fail2ban's server to answer on its socket. */
    private static final Command AWAIT_SOCKET = Command.script("for i in $(seq 1 150); do fail2ban-client ping >/dev/null 2>&1 && exit 0; sleep 0.2; done; exit 1");

    static final String RESTART = "systemctl enable --quiet fail2ban && systemctl restart fail2ban";
    /**
     * Lifts a hold ({@link #HELD}; a plain {@code unmask} leaves a runtime mask in place, and on a unit without one
     * this does nothing), enables fail2ban and starts it unless it runs (as its package's start leaves it when this
     * step installed it).
     */
    static final String ENABLE_START = "systemctl unmask --runtime --quiet fail2ban.service && systemctl enable --quiet fail2ban"
            + " && { systemctl is-active --quiet fail2ban || systemctl restart fail2ban; }";
    /**
     * What {@code systemctl is-enabled} says of fail2ban held by a runtime mask ({@code systemctl mask --runtime}, in
     * /run, gone at the next boot): how earlier Mailwright versions kept its package from starting it until this step ran.
     * A run of that version cut off between the two leaves it so; {@link #ENABLE_START} lifts it.
     */
    static final String HELD = "masked-runtime";

    /** fail2ban and what its jails use ({@link Fail2ban#PACKAGES}): in the package step's apt run. */
    @Override
    public List<String> packages() {
        return Fail2ban.PACKAGES;
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return missing.contains("fail2ban")
                ? Optional.of("fail2ban's jails (the files of the brute-force protection step below) are written before its package, whose first"
                        + " start reads them: Debian's own jails would stop it on Debian 12 and ban SSH logins on Debian 13")
                : Optional.empty();
    }

    /**
     * When fail2ban is about to be installed, writes this step's files first (no validator yet: fail2ban's start in
     * its package's postinst reads them, and this step's check asks it for the jails), with the connecting address
     * never banned. Earlier versions held the package from starting fail2ban with a runtime mask instead; a reboot in
     * between lifted it and fail2ban then started with Debian's jails, which this step took for the person's.
     */
    @Override
    public void beforePackages(StepContext ctx, List<String> packages) {
        if (!packages.contains("fail2ban")) {
            return;
        }
        Packages.writeBeforeInstall(ctx, FOLDERS, changedFiles(ctx, false, connectingAddress(ctx)));
    }

    private static Command validator() {
        return Command.of("fail2ban-client", "-t");
    }

    /** The jails running now, from {@code fail2ban-client status} ("Jail list:\tdovecot, sshd"); empty when it does not answer. */
    static List<String> runningJails(String status) {
        for (String line : status.split("\n")) {
            int i = line.indexOf("Jail list:");
            if (i >= 0) {
                return java.util.Arrays.stream(line.substring(i + "Jail list:".length()).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList();
            }
        }
        return List.of();
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new ArrayList<>();
        if (!ctx.run(Command.of("systemctl", "is-active", "--quiet", "fail2ban")).ok()) {
            out.add(Finding.error(title(), "fail2ban is not running: passwords can be guessed without limit",
                    "Run apply again; journalctl -u fail2ban -n 50 on the server says why it stopped."));
            return out;
        }
        var status = ctx.run(Command.of("fail2ban-client", "status"));
        if (!status.ok() && ctx.run(AWAIT_SOCKET).ok()) {
            // started moments ago (by its package in this run, with nothing for this step to do): it answers now
            status = ctx.run(Command.of("fail2ban-client", "status"));
        }
        List<String> running = runningJails(status.stdout());
        Optional<String> ours = FileState.read(ctx.host(), Fail2ban.JAIL).content();
        // fail2ban runs, so it is installed
        List<String> wanted = Fail2ban.jails(ssh(spec, ours, true));
        List<String> missing = wanted.stream().filter(j -> !running.contains(j)).toList();
        if (!missing.isEmpty()) {
            out.add(Finding.error(title(), "fail2ban runs without the jail" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                            + (status.ok() ? "" : " (" + (status.stderr() + status.stdout()).strip() + ")"),
                    "Run apply again; fail2ban's log (journalctl -u fail2ban -n 50) says why a jail did not start."));
            return out;
        }
        ProtectionSettings p = spec.protection();
        String ports = MailPorts.LOGIN.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        String who = connectingAddress(ctx).map(a -> "; never bans " + a + " (the address Mailwright connects from)").orElse("");
        out.add(Finding.ok(title(), p.maxretry() + " failed logins within " + ProtectionSettings.text(p.findtimeSeconds()) + " ban an address from "
                + ports + " for " + ProtectionSettings.text(p.bantimeSeconds()) + ", longer each time it comes back"
                + (wanted.contains(Fail2ban.SSHD_JAIL) ? "; SSH too" : "") + who));
        if (ctx.run(Command.of("systemctl", "is-enabled", "--quiet", "nftables")).ok()) {
            out.add(Finding.warn("nftables.service", "is enabled: its start flushes every firewall rule, ufw's and the bans alike",
                    "Turn it off unless you wrote /etc/nftables.conf yourself: systemctl disable nftables on the server."));
        }
        return out;
    }
}
