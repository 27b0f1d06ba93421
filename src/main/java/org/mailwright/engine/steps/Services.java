package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.model.Finding;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;

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
     * Fact of the run: the transient units {@link #startInBackground(StepContext, String, Command)} started that no step
     * has waited for yet ({@link #awaitStarted}).
     */
    record Started(java.util.Set<String> units) {
        Started {
            units = java.util.Set.copyOf(units);
        }
    }

    /**
     * Starts {@code command} in the transient unit {@code unit} ({@link #startInBackground(String, Command)}) and
     * records it in the run's facts, so that the step that needs the work done waits for it ({@link #awaitStarted}).
     *
     * @return whether it started; false when systemd-run failed (a unit of that name still runs, from a run cut off and
     *         retried at once): nothing is recorded, and the step then finds the work undone and does it itself
     */
    static boolean startInBackground(StepContext ctx, String unit, Command command) {
        if (!ctx.run(startInBackground(unit, command)).ok()) {
            return false;
        }
        java.util.Set<String> units = new java.util.HashSet<>(ctx.facts().get(Started.class).map(Started::units).orElse(java.util.Set.of()));
        units.add(unit);
        ctx.facts().put(Started.class, new Started(units));
        return true;
    }

    /** Whether this run started {@code unit} ({@link #startInBackground(StepContext, String, Command)}) and no step waited for it yet. */
    static boolean started(StepContext ctx, String unit) {
        return ctx.facts().get(Started.class).map(s -> s.units().contains(unit)).orElse(false);
    }

    /**
     * When this run started {@code unit} and no step waited for it yet: waits for it to end ({@link #awaitEnd}), then
     * runs {@code then} in the same remote command (one round trip), and forgets the unit.
     *
     * @param then    a shell text run after the wait, such as reading what the unit left; may be empty
     * @param timeout how long the wait and {@code then} may take together
     * @return that command's result, or empty when this run did not start the unit (or a step waited for it already)
     */
    static Optional<CommandResult> awaitStarted(StepContext ctx, String unit, String then, Duration timeout) {
        if (!started(ctx, unit)) {
            return Optional.empty();
        }
        java.util.Set<String> units = new java.util.HashSet<>(ctx.facts().require(Started.class).units());
        units.remove(unit);
        ctx.facts().put(Started.class, new Started(units));
        return Optional.of(ctx.run(Command.script(awaitEnd(unit) + (then.isEmpty() ? "" : "\n" + then)), timeout));
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

    /**
     * One mail service's state as systemctl(1) tells it: whether {@code is-enabled} and {@code is-active} exit 0 (what
     * the plan goes by), and their words ({@code enabled}, {@code active}, ...), which the check shows.
     */
    record State(boolean enabled, boolean active, String enabledWord, String activeWord) {
        String words() {
            return enabledWord + "/" + activeWord;
        }
    }

    /** The command that prints, per line, SERVICE TAB is-enabled's exit TAB is-active's exit TAB its words. */
    static final Command STATES = Command.script("for s in " + String.join(" ", SERVICES) + "; do e=$(systemctl is-enabled \"$s\" 2>/dev/null); ee=$?;"
            + " a=$(systemctl is-active \"$s\" 2>/dev/null); ae=$?; printf '%s\\t%s\\t%s\\t%s\\t%s\\n' \"$s\" \"$ee\" \"$ae\" \"$e\" \"$a\"; done");

    /**
     * Every service of {@link #SERVICES} in one remote command ({@link #STATES}), in that order; a service the output
     * does not name is neither enabled nor active.
     */
    static java.util.Map<String, State> states(StepContext ctx) {
        return states(ctx.run(STATES).stdout());
    }

    /** {@link #STATES}' output read, as {@link #states(StepContext)} describes. */
    static java.util.Map<String, State> states(String stdout) {
        java.util.Map<String, State> out = new java.util.LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            String[] w = line.split("\t", -1);
            if (w.length == 5) {
                out.put(w[0], new State(w[1].equals("0"), w[2].equals("0"), w[3].strip(), w[4].strip()));
            }
        }
        SERVICES.forEach(s -> out.putIfAbsent(s, new State(false, false, "unknown", "unknown")));
        return out;
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = new ArrayList<>();
        states(ctx).forEach((s, state) -> {
            if (!state.enabled() || !state.active()) {
                changes.add(new ServiceChange(s, ServiceAction.ENABLE_START));
            }
        });
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
        states(ctx).forEach((s, state) -> out.add(state.words().equals("enabled/active") ? Finding.ok(s, "enabled and running")
                : Finding.error(s, state.words(), "See `journalctl -u " + s + " -n 50` on the server.")));
        return out;
    }
}
