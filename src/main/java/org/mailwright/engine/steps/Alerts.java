package org.mailwright.engine.steps;

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
import org.mailwright.engine.status.StatusScript;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Command;

/**
 * Alerts without the desktop: installs the server's own checks ({@link StatusScript}) with a timer that runs them
 * daily and after each boot and mails the postmaster of the first domain only when a result changes (a new problem,
 * or a problem fixed). The mail goes through the local OpenSMTPD, so rspamd signs it with the domain's DKIM key.
 *
 * <p>The script is validated with {@code sh -n} before it replaces the old one (a syntax error would silence every
 * alert), and the dashboard runs the same text, so what the person sees and what they are mailed cannot drift.
 */
public final class Alerts implements Step {
    private final ServerSpec spec;

    /** @param spec the host name, the first domain (whose postmaster is mailed) and the TLS mode come from it */
    public Alerts(ServerSpec spec) {
        this.spec = spec;
    }

    /**
     * The status script for {@code spec}: its certificate path, the stand-in one, and whether certbot renews it.
     *
     * @throws IndexOutOfBoundsException never for a validated spec (it has at least one domain)
     */
    public static String script(ServerSpec spec) {
        return StatusScript.script(spec.hostname(), postmaster(spec), Tls.paths(spec).cert(), Tls.STAND_IN.cert(),
                spec.tls().mode() == ServerSpec.TlsMode.CERTBOT);
    }

    /** Who is told: the postmaster of the spec's first domain (an RFC 2142 alias every server has). */
    public static String postmaster(ServerSpec spec) {
        return "postmaster@" + spec.domains().get(0);
    }

    @Override
    public String id() {
        return "alerts";
    }

    @Override
    public String title() {
        return "Alerts";
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = new ArrayList<>();
        List<FileChange> files = new ArrayList<>();
        ConfigFiles.plan(ctx, StatusScript.PATH, script(spec), 0755, "root", "root", false).ifPresent(files::add);
        ConfigFiles.plan(ctx, BackupLayout.UNIT_DIR + "/" + StatusScript.SERVICE, StatusScript.service(), 0644, "root", "root", false)
                .ifPresent(files::add);
        ConfigFiles.plan(ctx, BackupLayout.UNIT_DIR + "/" + StatusScript.TIMER, StatusScript.timer(), 0644, "root", "root", false)
                .ifPresent(files::add);
        changes.addAll(files);
        boolean unitsChanged = files.stream().anyMatch(f -> f.path().startsWith(BackupLayout.UNIT_DIR));
        boolean timerOn = ctx.run(Command.of("systemctl", "is-enabled", "--quiet", StatusScript.TIMER)).ok()
                && ctx.run(Command.of("systemctl", "is-active", "--quiet", StatusScript.TIMER)).ok();
        if (unitsChanged || !timerOn) {
            changes.add(new CommandChange("check the server every day and after each boot, mailing " + postmaster(spec) + " when a result changes",
                    Services.enableNow(StatusScript.TIMER)));
        }
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (Change c : plan.changes()) {
            if (c instanceof FileChange f) {
                boolean isScript = f.path().equals(StatusScript.PATH);
                ConfigFiles.write(ctx, List.of(f), isScript ? Optional.of(Command.of("sh", "-n", StatusScript.PATH)) : Optional.empty(),
                        "sh -n");
            } else if (c instanceof CommandChange cc) {
                ctx.say(cc.why());
                ctx.run(cc.command()).orThrow();
            }
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        boolean on = ctx.run(Command.of("systemctl", "is-active", "--quiet", StatusScript.TIMER)).ok();
        return List.of(on ? Finding.ok(title(), "the server checks itself daily and after each boot; " + postmaster(spec) + " is mailed when a result changes")
                : Finding.warn(title(), StatusScript.TIMER + " is not active: nobody is told when something breaks",
                "Run apply again; it turns the timer on."));
    }
}
