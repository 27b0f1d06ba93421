package org.mailwright.engine;

import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mailwright.remote.CancelledException;
import org.mailwright.remote.ConnectionLostException;
import org.mailwright.remote.RemoteException;
import org.mailwright.logging.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs steps in order. Every mode plans (planning only reads), so later steps see the facts earlier ones gathered.
 * The run stops at the first step that ends in ERROR (unless the step left a working stand-in, see
 * {@link Step#continuesAfterError}), or when cancelled; cancellation takes effect between remote
 * commands, never in the middle of writing a file.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    public enum Mode {
        /** Read and plan only: nothing on the server changes. */
        PLAN,
        /** Plan, apply what differs, verify. */
        APPLY,
        /** Plan (to read facts) and verify, changing nothing. */
        CHECK
    }

    private final List<Step> steps;

    public Runner(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<Step> steps() {
        return steps;
    }

    public RunReport run(Mode mode, StepContext ctx, RunListener listener) {
        Instant start = Instant.now();
        List<StepOutcome> outcomes = new ArrayList<>();
        boolean cancelled = false;
        listener.runStarted(steps);
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            ctx.enter(step.id());
            listener.stepStarted(step, i, steps.size());
            StepOutcome outcome;
            try {
                ctx.cancel().check();
                outcome = runStep(mode, step, ctx, listener);
            } catch (CancelledException e) {
                cancelled = true;
                outcome = new StepOutcome(step.id(), step.title(), null, false,
                        List.of(Finding.warn(step.title(), e.getMessage(), "Run again to continue where it stopped.")), Duration.ZERO);
            }
            outcomes.add(outcome);
            listener.stepFinished(step, outcome);
            // a plan that could not even be made (not Debian, no root) leaves later steps without the facts they need
            boolean unplannable = outcome.plan() == null && outcome.severity() == Severity.ERROR;
            if (cancelled || unplannable
                    || (mode != Mode.PLAN && outcome.severity() == Severity.ERROR && !step.continuesAfterError(ctx))) {
                break;
            }
        }
        RunReport report = new RunReport(mode, outcomes, cancelled, Duration.between(start, Instant.now()));
        listener.runFinished(report);
        return report;
    }

    private StepOutcome runStep(Mode mode, Step step, StepContext ctx, RunListener listener) {
        Instant start = Instant.now();
        Plan plan = null;
        boolean applied = false;
        List<Finding> findings = new ArrayList<>();
        try {
            plan = step.plan(ctx);
            listener.planned(step, plan);
            if (mode == Mode.APPLY && !plan.isEmpty()) {
                step.apply(ctx, plan);
                applied = true;
            }
            if (mode != Mode.PLAN) {
                findings.addAll(step.verify(ctx));
            }
        } catch (CancelledException e) {
            throw e;
        } catch (StepFailedException e) {
            findings.add(e.finding());
        } catch (ConnectionLostException e) {
            findings.add(Finding.error(step.title(), e.getMessage(),
                    "Check that the server is up and reachable, then run again: finished steps are skipped."));
        } catch (RemoteException e) {
            findings.add(Finding.error(step.title(), e.getMessage(), "Fix the cause shown, then run again."));
        } catch (RuntimeException e) {
            // a bug of ours, not the server's: keep the trace in the log, show the person one sentence
            LOG.error("step {} failed", step.id(), e);
            findings.add(Finding.error(step.title(), "Internal error: " + e,
                    "Please report this with the saved transcript; running again is safe."));
        }
        // findings quote what the server said (stderr, validator output): mask secrets before anyone shows them
        return new StepOutcome(step.id(), step.title(), plan, applied, findings.stream().map(Runner::redacted).toList(),
                Duration.between(start, Instant.now()));
    }

    private static Finding redacted(Finding f) {
        return new Finding(f.severity(), Secrets.redact(f.check()), Secrets.redact(f.message()), Secrets.redact(f.fix()));
    }
}
