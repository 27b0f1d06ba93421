package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.List;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.model.Finding;
import org.mailwright.remote.Command;

/** The mail services enabled at boot and running. Restarts for changed configs happen in each service's own step. */
public final class Services implements Step {
    static final List<String> SERVICES = List.of("redis-server", "rspamd", "opensmtpd", "dovecot");

    /**
     * Turns on {@code unit} at boot and starts it now, with its unit files as they are on disk now: {@code systemctl
     * enable} reloads the service manager itself, also when the unit was enabled already (systemctl(1); checked on
     * Debian 12 and 13: a changed unit's NeedDaemonReload went from yes to no, and its new Description showed, after an
     * {@code enable --now} of an already enabled timer). A {@code daemon-reload} before it reloaded the manager twice:
     * 0.3 to 0.7 s each in the lab.
     *
     * @param unit a unit name, such as {@code mailwright-backup.timer}
     * @return the command
     */
    static Command enableNow(String unit) {
        return Command.of("systemctl", "enable", "--now", unit);
    }

    /**
     * Runs {@code command} on the server in the background, as a transient oneshot unit named {@code unit}
     * ({@code systemd-run --no-block --collect}, systemd-run(1)): the command returns at once, and the unit is gone
     * once it has ended, whether it succeeded or failed, so nothing is left behind; its output goes to the journal.
     * Fails (exit non-zero) while a unit of that name still runs. The caller waits with {@link #awaitEnd} and then
     * asks the server whether the work is done, since the unit's result is gone with it.
     *
     * @param unit    a unit name, such as {@code mailwright-backup-init.service}
     * @param command what to run, through {@code sh -c}
     * @return the command that starts it
     */
    static Command startInBackground(String unit, Command command) {
        return Command.of("systemd-run", "--quiet", "--no-block", "--collect", "--unit", unit, "--service-type=oneshot", "sh", "-c", command.line());
    }

    /**
     * A shell line that waits while {@code unit}, started by {@link #startInBackground}, still runs (a oneshot unit is
     * "activating" until its command ends; "inactive" once it is gone, and for a unit that never existed). Never fails.
     */
    static String awaitEnd(String unit) {
        return "while [ \"$(systemctl show -p ActiveState --value " + unit + ")\" = activating ]; do sleep 0.1; done";
    }

    @Override
    public String id() {
        return "services";
    }

    @Override
    public String title() {
        return "Start services";
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = new ArrayList<>();
        for (String s : SERVICES) {
            boolean enabled = ctx.run(Command.of("systemctl", "is-enabled", "--quiet", s)).ok();
            boolean active = ctx.run(Command.of("systemctl", "is-active", "--quiet", s)).ok();
            if (!enabled || !active) {
                changes.add(new ServiceChange(s, ServiceAction.ENABLE_START));
            }
        }
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (ServiceChange s : plan.changesOf(ServiceChange.class)) {
            ctx.say(s.summary());
            ctx.run(enableNow(s.service())).orThrow();
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (String s : SERVICES) {
            String state = ctx.run(Command.script("systemctl is-enabled " + s + "; systemctl is-active " + s)).stdout().strip().replace('\n', '/');
            out.add(state.equals("enabled/active") ? Finding.ok(s, "enabled and running")
                    : Finding.error(s, state, "See `journalctl -u " + s + " -n 50` on the server."));
        }
        return out;
    }
}
