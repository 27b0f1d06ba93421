package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.PackageChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.AptRemovals;
import org.mailwright.facts.InstalledPackages;
import org.mailwright.facts.ServerFacts;
import org.mailwright.facts.ServerFacts.Release;
import org.mailwright.model.Finding;
import org.mailwright.remote.Command;

/**
 * Installs the mail software. On Debian 12 OpenSMTPD comes from bookworm-backports: 6.8.0p2 from bookworm fails every
 * TLS handshake with current libssl3 although {@code smtpd -n} passes. The passwd table backend is a separate
 * package on both releases (opensmtpd-extras on 12; opensmtpd-table-passwd on 13, where -extras drags in every
 * backend). Dovecot delivers the mail: dovecot-lmtpd for the LMTP service OpenSMTPD hands mail to, dovecot-sieve for
 * the global script that files spam into Junk and the vacation replies (Debian 12 does not pull it in by itself),
 * dovecot-managesieved for ManageSieve on 4190 (RFC 5804), where mail apps edit a person's own filters.
 */
public final class Packages implements Step {
    private final List<PackageHooks> hooks;

    /** The mail server's packages ({@link #wanted}), with no other step's packages or work first. */
    public Packages() {
        this(List.of());
    }

    /**
     * @param hooks later steps of the run whose packages come in the same apt run ({@link PackageHooks#packages})
     *               and whose work begins around apt's, so that it overlaps it (rspamd's files, so
     *               its slow first start loads them; fail2ban's jails, so Debian's own never run; DKIM keys made on
     *               this computer)
     */
    public Packages(List<PackageHooks> hooks) {
        this.hooks = List.copyOf(hooks);
    }

    /**
     * A later step's work that can begin in the package step: apt's download and dpkg take most of a fresh server's
     * apply (27 to 55 s in the lab), and what needs neither the packages nor the server's lock while they work is done
     * meanwhile ({@link #beforePackages}); slow work that needs only the packages starts right after apt, in the
     * background, while the steps in between run ({@link #afterPackages}).
     */
    public interface PackageHooks {
        /**
         * The step's own packages, installed in the package step's one apt run (a second apt run costs about 3 s) when
         * missing; their first start, in that run, reads what {@link #beforePackages} wrote. Empty by default.
         */
        default List<String> packages() {
            return List.of();
        }

        /** What the plan says of it when {@code missing} (never empty) are installed; empty: nothing worth saying. */
        Optional<String> beforePackagesNote(List<String> missing);

        /**
         * Called by the package step's apply just before apt installs {@code packages} (never empty), on the run's
         * thread; may run remote commands, and must not wait for work it starts on other threads. Does nothing by
         * default.
         */
        default void beforePackages(StepContext ctx, List<String> packages) {
        }

        /**
         * Called by the package step's apply right after apt installed {@code packages} (never empty), on the run's
         * thread; may start work on the server in the background (a transient systemd unit) that the step waits for
         * when it plans. Does nothing by default.
         */
        default void afterPackages(StepContext ctx, List<String> packages) {
        }
    }

    /**
     * How a {@link PackageHooks} step puts its files in before apt: makes {@code folders} (a command such as {@code
     * install -d}), then writes {@code files} (those of the step's that differ, may be empty) with backups but no
     * validator, as the package's own checker is not installed yet; the step's check runs it later.
     */
    static void writeBeforeInstall(StepContext ctx, Command folders, List<FileChange> files) {
        ctx.run(folders).orThrow();
        if (!files.isEmpty()) {
            ConfigFiles.write(ctx, files, Optional.empty(), "");
        }
    }

    /** The packages this run installs (a fact of the run, put by the plan): later steps need not install them again. */
    public record Planned(List<String> packages) {
        public Planned {
            packages = List.copyOf(packages);
        }
    }

    static final List<String> COMMON = List.of("redis-server", "rspamd", "opensmtpd", "opensmtpd-filter-rspamd",
            "opensmtpd-filter-senderscore", "dovecot-imapd", "dovecot-lmtpd", "dovecot-sieve", "dovecot-managesieved", "certbot", "ufw", "openssl", "ca-certificates", "restic");
    /** Mailwright's apt source for bookworm-backports on Debian 12; the upgrade to 13 removes it. */
    public static final String BACKPORTS_FILE = "/etc/apt/sources.list.d/mailwright-backports.sources";

    @Override
    public String id() {
        return "packages";
    }

    @Override
    public String title() {
        return "Install packages";
    }

    /** The mail server's packages on {@code release}, without fail2ban's. */
    public static List<String> wanted(Release release) {
        List<String> all = new ArrayList<>(COMMON);
        all.add(release == Release.BOOKWORM ? "opensmtpd-extras" : "opensmtpd-table-passwd");
        return all;
    }

    private List<String> wantedHere(Release release) {
        List<String> all = new ArrayList<>(wanted(release));
        hooks.forEach(b -> b.packages().stream().filter(p -> !all.contains(p)).forEach(all::add));
        return all;
    }

    @Override
    public Plan plan(StepContext ctx) {
        Release release = ctx.facts().require(ServerFacts.class).release().orElseThrow();
        List<String> wanted = wantedHere(release);
        InstalledPackages installed = InstalledPackages.parse(ctx.run(Command.of(queryArgs(wanted))).stdout());
        ctx.facts().put(InstalledPackages.class, installed);
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> missing = new ArrayList<>(wanted.stream().filter(p -> !installed.has(p)).toList());
        if (release == Release.BOOKWORM) {
            backportsSource(ctx).ifPresent(changes::add);
            boolean oldSmtpd = installed.version("opensmtpd").map(v -> InstalledPackages.major(v) < 7).orElse(true);
            if (oldSmtpd) {
                missing.remove("opensmtpd");
                missing.add(0, "opensmtpd/bookworm-backports");
                notes.add("OpenSMTPD comes from bookworm-backports (7.x): Debian 12's 6.8 fails every TLS handshake");
            }
        }
        if (interrupted(ctx)) {
            // even with every wanted package there, a half-configured one (the connection was cut) must be finished
            changes.add(0, new CommandChange(REPAIR, Command.of("dpkg", "--configure", "-a")));
        }
        if (!missing.isEmpty()) {
            changes.add(new PackageChange(missing, Optional.empty()));
            removals(ctx, missing).ifPresent(notes::add);
            hooks.forEach(b -> b.beforePackagesNote(missing).ifPresent(notes::add));
        }
        ctx.facts().put(Planned.class, new Planned(missing));
        return new Plan(id(), title(), changes, notes);
    }

    /**
     * What apt would remove to install {@code missing}, asked of apt in a simulation ({@link AptRemovals}): most often
     * the mail server the image came with (exim4, postfix), which cannot stay beside OpenSMTPD. Said in the plan so the
     * person knows before it happens; empty when nothing is removed.
     */
    static Optional<String> removals(StepContext ctx, List<String> missing) {
        var sim = ctx.run(AptRemovals.command(missing));
        if (!sim.ok()) {
            // the package lists may be missing or stale before apt-get update: say what could not be known
            return Optional.of("apt could not simulate this installation before updating its package lists, so it is not known yet"
                    + " whether it removes packages (installing OpenSMTPD removes another mail server such as exim4 or postfix)");
        }
        List<String> removed = AptRemovals.parse(sim.stdout()).removed();
        return removed.isEmpty() ? Optional.empty()
                : Optional.of("installing these packages removes " + String.join(" ", removed) + " (apt-get -s says so): Debian"
                        + " has one mail server (MTA) at a time, and OpenSMTPD replaces it; dpkg keeps their config files");
    }

    static final String REPAIR = "finish an interrupted package installation";

    /** dpkg was stopped half-way: unprocessed updates, or packages it reports as not fully installed. */
    private static boolean interrupted(StepContext ctx) {
        return ctx.run(Command.script("ls -A /var/lib/dpkg/updates 2>/dev/null | grep -q . || dpkg --audit 2>/dev/null | grep -q .")).ok();
    }

    /** {@code dpkg-query} for {@code pkgs}: one line per known package, for {@link InstalledPackages#parse}; never fails. */
    static List<String> queryArgs(List<String> pkgs) {
        List<String> argv = new ArrayList<>(List.of("dpkg-query", "-W", "-f", "${Package} ${db:Status-Abbrev} ${Version}\\n"));
        argv.addAll(pkgs);
        // dpkg-query exits 1 when a package is unknown; that is an answer ("not installed"), not a failure
        return List.of("sh", "-c", org.mailwright.remote.Shell.join(argv) + " 2>/dev/null; true");
    }

    /** bookworm-backports from the same mirror the server already uses, in deb822 form like Debian's own source. */
    private Optional<Change> backportsSource(StepContext ctx) {
        String mirror = ctx.run(Command.script("grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null | head -n1"))
                .stdout().strip().replaceFirst("^(URIs:|deb) +", "").strip();
        if (mirror.isEmpty()) {
            mirror = "http://deb.debian.org/debian";
        }
        String content = "# " + org.mailwright.render.MailLayout.HEADER + "\n"
                + "# OpenSMTPD 7 for Debian 12: bookworm's 6.8 cannot do TLS with current OpenSSL.\n"
                + "Types: deb\nURIs: " + mirror + "\nSuites: bookworm-backports\nComponents: main\n"
                + "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";
        return ConfigFiles.plan(ctx, BACKPORTS_FILE, content, 0644, "root", "root", false).map(Change.class::cast);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        List<FileChange> sources = plan.changesOf(FileChange.class);
        if (!sources.isEmpty()) {
            ConfigFiles.write(ctx, sources, Optional.empty(), "");
        }
        // the plan already read dpkg's state in this run
        if (plan.changesOf(CommandChange.class).stream().anyMatch(c -> c.why().equals(REPAIR))) {
            Apt.repair(ctx);
        }
        Apt.update(ctx);
        for (PackageChange p : plan.changesOf(PackageChange.class)) {
            hooks.forEach(b -> b.beforePackages(ctx, p.packages()));
            Apt.install(ctx, p.packages());
            hooks.forEach(b -> b.afterPackages(ctx, p.packages()));
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        Release release = ctx.facts().require(ServerFacts.class).release().orElseThrow();
        List<String> wanted = wantedHere(release);
        InstalledPackages installed = InstalledPackages.parse(ctx.run(Command.of(queryArgs(wanted))).stdout());
        ctx.facts().put(InstalledPackages.class, installed);
        List<Finding> out = new ArrayList<>();
        List<String> missing = wanted.stream().filter(p -> !installed.has(p)).toList();
        out.add(missing.isEmpty()
                ? Finding.ok("Packages", wanted.size() + " packages installed")
                : Finding.error("Packages", "not installed: " + String.join(" ", missing),
                "Run apply again; if apt keeps failing, run `apt-get install " + String.join(" ", missing) + "` on the server to see why."));
        installed.version("opensmtpd").ifPresent(v -> out.add(InstalledPackages.major(v) >= 7
                ? Finding.ok("OpenSMTPD version", v)
                : Finding.error("OpenSMTPD version", v + " cannot do TLS with this OpenSSL", "Install opensmtpd from bookworm-backports (apply does this).")));
        return out;
    }
}
