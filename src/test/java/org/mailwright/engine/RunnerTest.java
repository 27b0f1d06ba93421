package org.mailwright.engine;

import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.ConnectionLostException;
import org.mailwright.remote.FakeRemoteHost;
import org.junit.jupiter.api.Test;

class RunnerTest {
    private final FakeRemoteHost host = new FakeRemoteHost();
    private final Cancel cancel = new Cancel();
    private final List<String> events = new ArrayList<>();
    private final RunListener listener = new RunListener() {
        @Override
        public void stepStarted(Step step, int index, int count) {
            events.add("start " + step.id());
        }

        @Override
        public void stepFinished(Step step, StepOutcome outcome) {
            events.add("end " + step.id() + " " + outcome.severity());
        }
    };

    /** A step that wants one file with fixed content and verifies it is there. */
    private static Step fileStep(String id, String path, String content) {
        return new Step() {
            @Override public String id() { return id; }
            @Override public String title() { return "Write " + path; }
            @Override public Plan plan(StepContext ctx) {
                return new Plan(id, title(), ConfigFiles.plan(ctx, path, content, 0644, "root", "root", false).stream()
                        .map(Change.class::cast).toList(), List.of());
            }
            @Override public void apply(StepContext ctx, Plan plan) {
                ConfigFiles.write(ctx, plan.changesOf(Change.FileChange.class), Optional.empty(), "");
            }
            @Override public List<Finding> verify(StepContext ctx) {
                return List.of(ctx.host().read(path).isPresent() ? Finding.ok(id, "present") : Finding.error(id, "missing", "write it"));
            }
        };
    }

    private static Step failing(String id, RuntimeException e) {
        return new Step() {
            @Override public String id() { return id; }
            @Override public String title() { return id; }
            @Override public Plan plan(StepContext ctx) { throw e; }
            @Override public void apply(StepContext ctx, Plan plan) { }
            @Override public List<Finding> verify(StepContext ctx) { return List.of(); }
        };
    }

    private RunReport run(Runner.Mode mode, Step... steps) {
        return new Runner(List.of(steps)).run(mode, new StepContext(host, cancel, new Facts(), listener), listener);
    }

    @Test
    void applyThenSecondApplyChangesNothing() {
        RunReport first = run(Runner.Mode.APPLY, fileStep("a", "/etc/a", "1\n"), fileStep("b", "/etc/b", "2\n"));
        assertThat(first.severity()).isEqualTo(Severity.OK);
        assertThat(first.changedNothing()).isFalse();
        assertThat(host.uploads()).containsExactly("/etc/a", "/etc/b");

        RunReport second = run(Runner.Mode.APPLY, fileStep("a", "/etc/a", "1\n"), fileStep("b", "/etc/b", "2\n"));
        assertThat(second.changedNothing()).isTrue();
        assertThat(host.uploads()).hasSize(2);
    }

    @Test
    void planModeWritesNothing() {
        RunReport report = run(Runner.Mode.PLAN, fileStep("a", "/etc/a", "1\n"));
        assertThat(report.outcomes().get(0).plan().changes()).hasSize(1);
        assertThat(host.uploads()).isEmpty();
    }

    @Test
    void stopsAtFirstErrorWithTheRemoteMessage() {
        RunReport report = run(Runner.Mode.APPLY,
                failing("pre", new ConnectionLostException("The connection to root@fake:22 dropped.", null)),
                fileStep("a", "/etc/a", "1\n"));
        assertThat(events).containsExactly("start pre", "end pre ERROR");
        assertThat(report.findings().get(0).message()).contains("dropped");
        assertThat(report.findings().get(0).fix()).contains("run again");
        assertThat(host.uploads()).isEmpty();
    }

    @Test
    void cancellationStopsBeforeTheNextRemoteCommand() {
        Step cancelling = new Step() {
            @Override public String id() { return "c"; }
            @Override public String title() { return "c"; }
            @Override public Plan plan(StepContext ctx) { cancel.cancel(); ctx.run(Command.of("never-runs")); return Plan.empty(this); }
            @Override public void apply(StepContext ctx, Plan plan) { }
            @Override public List<Finding> verify(StepContext ctx) { return List.of(); }
        };
        RunReport report = run(Runner.Mode.APPLY, cancelling, fileStep("a", "/etc/a", "1\n"));
        assertThat(report.cancelled()).isTrue();
        assertThat(host.executed()).isEmpty();
        assertThat(report.outcomes()).hasSize(1);
    }

    @Test
    void unexpectedBugBecomesAnErrorFindingNotACrash() {
        RunReport report = run(Runner.Mode.CHECK, failing("x", new IllegalStateException("boom")));
        assertThat(report.severity()).isEqualTo(Severity.ERROR);
        assertThat(report.findings().get(0).message()).startsWith("Internal error");
    }

    private static Step erring(String id, boolean standInInPlace) {
        return new Step() {
            @Override public String id() { return id; }
            @Override public String title() { return id; }
            @Override public Plan plan(StepContext ctx) { return Plan.empty(this); }
            @Override public void apply(StepContext ctx, Plan plan) { }
            @Override public List<Finding> verify(StepContext ctx) { return List.of(Finding.error(id, "failed", "retry")); }
            @Override public boolean continuesAfterError(StepContext ctx) { return standInInPlace; }
        };
    }

    @Test
    void anErrorStopsTheRunUnlessTheStepLeftAWorkingStandIn() {
        RunReport stops = run(Runner.Mode.APPLY, erring("tls", false), fileStep("b", "/etc/b", "2\n"));
        assertThat(stops.outcomes()).hasSize(1);
        assertThat(host.uploads()).isEmpty();

        RunReport goesOn = run(Runner.Mode.APPLY, erring("tls", true), fileStep("b", "/etc/b", "2\n"));
        assertThat(goesOn.outcomes()).hasSize(2);
        assertThat(goesOn.severity()).as("the error is still the run's result").isEqualTo(Severity.ERROR);
        assertThat(host.uploads()).containsExactly("/etc/b");
    }

    @Test
    void planStopsAtAStepWhosePlanCouldNotBeMadeInsteadOfCrashingTheNext() {
        RunReport report = run(Runner.Mode.PLAN, failing("preflight", new StepFailedException(Finding.error("preflight", "not Debian", "reinstall"))),
                fileStep("b", "/etc/b", "2\n"));
        assertThat(report.outcomes()).hasSize(1);
        assertThat(report.findings()).extracting(Finding::message).containsExactly("not Debian");
    }

    @Test
    void planGoesOnPastAStepThatPlannedButWouldFailLater() {
        RunReport report = run(Runner.Mode.PLAN, erring("tls", false), fileStep("b", "/etc/b", "2\n"));
        assertThat(report.outcomes()).hasSize(2);
    }
}
