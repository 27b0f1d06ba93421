package org.mailwright.engine.steps;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;

/** rspamd: spam thresholds, DNS, DKIM signing per domain, SPF and redis, in local.d (Debian's own files stay). */
public final class Rspamd extends ConfigStep implements Packages.PackageHooks {
    /** rspamd's first start compiles its rules: about 30 s on an idle lab droplet, minutes on a small busy server. */
    static final int READY_SECONDS = 180;
    /**
     * One GET /ping to the scanning worker filter-rspamd talks to, without curl (not on a minimal Debian): while it
     * does not answer, filter-rspamd turns every message away with "421 server internal error".
     */
    static final String PING = "timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/11333 && printf \"GET /ping HTTP/1.0\\r\\n\\r\\n\" >&3"
            + " && grep -q pong <&3' 2>/dev/null";
    private final ServerSpec spec;

    public Rspamd(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "rspamd";
    }

    @Override
    public String title() {
        return "Configure rspamd";
    }

    @Override
    protected List<Wanted> files(StepContext ctx) {
        return MailRenderer.rspamdLocal(spec, ServerAccounts.of(ctx, spec).domains()).entrySet().stream()
                .map(e -> Wanted.config(MailLayout.RSPAMD_LOCAL + "/" + e.getKey(), e.getValue())).toList();
    }

    @Override
    protected Optional<Command> validator(StepContext ctx) {
        return Optional.of(Command.of("rspamadm", "configtest"));
    }

    @Override
    protected String validatorName() {
        return "rspamadm configtest";
    }

    @Override
    protected String service() {
        return "rspamd";
    }

    @Override
    protected ServiceAction actionFor(List<FileChange> changed) {
        return ServiceAction.RELOAD;
    }

    /**
     * Reloads a running rspamd, whose old workers keep scanning until the new ones are up; restarts one that does not
     * answer yet (still loading after the package started it, where a HUP would end it and systemd start it again).
     * It does not wait for a restarted rspamd to load its rules (15 to 30 s on a fresh lab droplet, minutes on a small
     * server): no step after this one sends mail through it until {@link Verify}, which waits with
     * {@link #awaitScanning}, so Dovecot, OpenSMTPD, the firewall and the rest are set up while it loads.
     */
    @Override
    protected void applyService(StepContext ctx, ServiceChange s, List<FileChange> files) {
        boolean scanning = answers(ctx, 0);
        ctx.run(Command.of("systemctl", scanning ? "reload-or-restart" : "restart", service())).orThrow();
        if (answers(ctx, 1)) {
            return;
        }
        startedLoading(ctx);
    }

    /**
     * Notes that rspamd was (re)started in this run and loads its rules (its first start can take minutes on a small
     * server): the steps after go on meanwhile, and {@link #awaitScanning} waits for it up to {@link #READY_SECONDS}.
     */
    static void startedLoading(StepContext ctx) {
        ctx.facts().put(Loading.class, new Loading());
        ctx.say("rspamd is loading its rules (its first start can take minutes on a small server); the next steps go on"
                + " meanwhile, and the mail server's check waits for it");
    }

    /** rspamd was restarted in this run and did not answer yet: it may still be loading its rules (a fact of the run). */
    record Loading() {
    }

    /**
     * Waits until rspamd scans, before mail is sent through it (every message passes rspamd; until it scans, OpenSMTPD
     * turns mail away with "421 server internal error"): up to {@link #READY_SECONDS} when this run restarted it, else
     * 60 s.
     *
     * @return empty once it answers; the error finding when it did not in that time
     */
    static Optional<Finding> awaitScanning(StepContext ctx) {
        if (ctx.facts().get(Loading.class).isEmpty()) {
            return answers(ctx, 60) ? Optional.empty() : Optional.of(notAnswering(60));
        }
        if (answers(ctx, 0)) {
            return Optional.empty();
        }
        ctx.say("Waiting for rspamd to load its rules (its first start can take minutes on a small server)");
        return answers(ctx, READY_SECONDS) ? Optional.empty() : Optional.of(notAnswering(READY_SECONDS));
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return missing.contains("rspamd")
                ? Optional.of("rspamd's configuration (the files of its step below) is written before its package, so that its"
                        + " first start, which compiles its rules for 15 s or more, loads it once while the other steps run")
                : Optional.empty();
    }

    /**
     * When rspamd is about to be installed, writes this step's files first (no validator yet: this step's check runs
     * {@code rspamadm configtest} on them). The package starts rspamd, whose first start compiles 9,760 TLD suffixes and
     * its rules (16-18 s on an idle lab droplet, rspamd.log): with its files in place that happens once, while apt and
     * the steps after it run, instead of again after this step's restart; this step then finds its files as wanted.
     * They are no package's conffiles (rspamd ships only {@code local.d/module.conf.example}), so dpkg leaves them.
     */
    @Override
    public void beforePackages(StepContext ctx, List<String> packages) {
        if (!packages.contains("rspamd")) {
            return;
        }
        Packages.writeBeforeInstall(ctx, Command.of("install", "-d", "-m", "0755", "/etc/rspamd", MailLayout.RSPAMD_LOCAL),
                plan(ctx).changesOf(FileChange.class));
        ctx.facts().put(Loading.class, new Loading());
        ctx.say("rspamd's configuration is in place before its package, whose first start loads it (it compiles its rules"
                + " for 15 s or more while the other steps run; the mail server's check waits for it)");
    }

    /** True once rspamd answers a ping, trying for up to {@code seconds} (0: once). */
    static boolean answers(StepContext ctx, int seconds) {
        String script = "end=$(( $(date +%s) + " + seconds + " )); while :; do " + PING + " && exit 0; "
                + "[ \"$(date +%s)\" -ge \"$end\" ] && exit 1; sleep 0.2; done";
        return ctx.run(Command.script(script), Duration.ofSeconds(seconds + 30L)).ok();
    }

    static Finding notAnswering(int seconds) {
        return Finding.error("rspamd", "rspamd does not answer on 127.0.0.1:11333 after " + seconds
                + " s, and until it does OpenSMTPD turns mail away (421 server internal error)",
                "See `journalctl -u rspamd` and /var/log/rspamd/rspamd.log on the server, then run apply again.");
    }
}
