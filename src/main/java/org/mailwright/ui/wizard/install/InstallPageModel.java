package org.mailwright.ui.wizard.install;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepOutcome;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.session.Cancellation;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;

/**
 * Runs the install (APPLY mode), or a restore (whatever {@link InstallRun} the wizard gives it), on the background
 * thread and mirrors its progress: steps done of all, each step's own
 * progress, a live log, elapsed time. Cancel stops between remote commands; a failed step shows its fix and Retry runs
 * again (steps already done plan nothing and are skipped).
 *
 * <p>A run that went through to its last step is done, even with errors: the engine goes on after an error only when
 * the step left a working stand-in (mail on a temporary certificate while certbot fails), and a problem Verify found
 * is for the Verify page. Those problems stay on screen ({@link #problems()}); only a run that stopped short is
 * {@link State#FAILED}. Entered with a new plan (the person went back to Review after a run), it starts a new run.
 */
public final class InstallPageModel extends PageModel {
    /** Enough to scroll back through a step's apt output without growing without bound. */
    public static final int MAX_LOG_LINES = 2000;

    public enum State { NOT_STARTED, RUNNING, CANCELLING, DONE, FAILED, CANCELLED }

    /** {@code LEFT}: the step failed but the run went on around a stand-in (certbot failed; a temporary certificate). */
    public enum StepState { WAITING, RUNNING, DONE, WARNING, FAILED, LEFT, CANCELLED }

    /** One step's row: its own progress bar and state. */
    public static final class StepRow {
        private final String id;
        private final String title;
        private final DoubleProperty progress = new SimpleDoubleProperty(0);
        private final ObjectProperty<StepState> state = new SimpleObjectProperty<>(StepState.WAITING);

        StepRow(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public String id() {
            return id;
        }

        public String title() {
            return title;
        }

        public DoubleProperty progressProperty() {
            return progress;
        }

        public ObjectProperty<StepState> stateProperty() {
            return state;
        }
    }

    private final SetupDraft draft;
    private final ServerSession service;
    private final UiExecutor ui;
    private final LongSupplier nanoClock;
    private final java.util.function.Supplier<InstallRun> runs;
    private final ObservableList<StepRow> steps = FXCollections.observableArrayList();
    private final ObservableList<String> log = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.NOT_STARTED);
    private final ReadOnlyDoubleWrapper overall = new ReadOnlyDoubleWrapper(this, "overall", 0);
    private final ReadOnlyStringWrapper elapsed = new ReadOnlyStringWrapper(this, "elapsed", "0:00");
    private final ReadOnlyStringWrapper current = new ReadOnlyStringWrapper(this, "current", "");
    private final ReadOnlyObjectWrapper<Finding> failure = new ReadOnlyObjectWrapper<>(this, "failure");
    private final ObservableList<Finding> problems = FXCollections.observableArrayList();
    /** The plan (Review's report) the last run was started for; a different one on entering means a new run. */
    private RunReport ranFor;
    /** The run last started; entered with another (a restore after an install, a restore of another backup), it starts anew. */
    private InstallRun ranRun;
    private int stepCount;
    private String lastLogLine;
    private Cancellation cancel = new Cancellation();
    private long startedAt;
    private long finishedAt = -1;

    /** The install page that always installs (APPLY). */
    public InstallPageModel(SetupDraft draft, ServerSession service, UiExecutor ui) {
        this(draft, service, ui, System::nanoTime);
    }

    /** As {@link #InstallPageModel(SetupDraft, ServerSession, UiExecutor)}, with the clock of the elapsed time. */
    public InstallPageModel(SetupDraft draft, ServerSession service, UiExecutor ui, LongSupplier nanoClock) {
        this(draft, service, ui, nanoClock, () -> InstallRun.install(draft));
    }

    /**
     * The page running whatever {@code runs} gives when a run starts: the install, or a restore.
     *
     * @param runs asked on the UI thread when the page is shown and when a run starts
     */
    public InstallPageModel(SetupDraft draft, ServerSession service, UiExecutor ui, LongSupplier nanoClock,
                            java.util.function.Supplier<InstallRun> runs) {
        this.draft = draft;
        this.service = service;
        this.ui = ui;
        this.nanoClock = nanoClock;
        this.runs = runs;
        revalidateOn(state);
    }

    @Override
    public String id() {
        return "install";
    }

    @Override
    public String title() {
        return runs.get().title();
    }

    @Override
    public String subtitle() {
        return runs.get().subtitle();
    }

    @Override
    public void onEnter() {
        boolean newPlan = draft.reviewedPlan.get() != null && draft.reviewedPlan.get() != ranFor;
        boolean newRun = ranRun != null && runs.get() != ranRun;
        if (state.get() == State.NOT_STARTED || newPlan || newRun) {
            start();
        }
        super.onEnter();
    }

    @Override
    protected Optional<String> validate() {
        return switch (state.get()) {
            case NOT_STARTED -> Optional.of("The install has not started.");
            case RUNNING, CANCELLING -> Optional.of(runs.get().running());
            case FAILED -> Optional.of("A step failed: fix the cause shown, then press Retry.");
            case CANCELLED -> Optional.of("Cancelled: press Retry to continue where it stopped.");
            case DONE -> Optional.empty();
        };
    }

    // Commands

    /** Starts (or, after a failure or cancel, restarts) the install, or the restore (whatever the run supplier gives). */
    public void start() {
        if (state.get() == State.RUNNING || state.get() == State.CANCELLING) {
            return;
        }
        cancel = new Cancellation();
        Cancellation token = cancel;
        ranFor = draft.reviewedPlan.get();
        failure.set(null);
        problems.clear();
        current.set("");
        log.clear();
        lastLogLine = null;
        overall.set(0);
        startedAt = nanoClock.getAsLong();
        finishedAt = -1;
        tick();
        state.set(State.RUNNING);
        busy.set(true);
        InstallRun run = runs.get();
        ranRun = run;
        InstallRun.Job job = run.prepare();
        ui.submit(() -> job.run(service, new Listener(), token), this::finished, error -> {
            busy.set(false);
            finishedAt = nanoClock.getAsLong();
            failure.set(WindowWords.finding(Finding.error(run.title(), String.valueOf(error.getMessage()),
                    "Check the connection to the server, then press Retry.")));
            state.set(State.FAILED);
        });
    }

    public void retry() {
        start();
    }

    /** Asks the run to stop; it does after the current remote command, never halfway through writing a file. */
    public void cancel() {
        if (state.get() == State.RUNNING) {
            cancel.cancel();
            state.set(State.CANCELLING);
            appendLog("Cancelling after the current command...");
        }
    }

    /** Updates the elapsed time; the view calls it once a second. */
    public void tick() {
        long end = finishedAt >= 0 ? finishedAt : nanoClock.getAsLong();
        long s = Duration.ofNanos(end - startedAt).toSeconds();
        elapsed.set(String.format("%d:%02d", s / 60, s % 60));
    }

    private void finished(RunReport report) {
        busy.set(false);
        finishedAt = nanoClock.getAsLong();
        tick();
        draft.installReport.set(report);
        if (report.cancelled()) {
            state.set(State.CANCELLED);
            steps.stream().filter(r -> r.state.get() == StepState.WAITING || r.state.get() == StepState.RUNNING)
                    .forEach(r -> r.state.set(StepState.CANCELLED));
            return;
        }
        Optional<Finding> error = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst();
        if (error.isPresent() && stoppedShort(report)) {
            failure.set(WindowWords.finding(error.get()));
            state.set(State.FAILED);
            return;
        }
        List<Finding> left = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).map(WindowWords::finding).toList();
        problems.setAll(left);
        steps.stream().filter(r -> r.state.get() == StepState.FAILED).forEach(r -> r.state.set(StepState.LEFT));
        overall.set(1);
        state.set(State.DONE);
        current.set("Done in " + elapsed.get() + (left.isEmpty() ? "." : ", with " + Words.count(left.size(), "problem", "problems")
                + " left: mail works, and Verify and Done say what to do."));
    }

    /** Whether the run ended before its last step (a step failed and nothing could stand in for it). */
    private boolean stoppedShort(RunReport report) {
        return report.outcomes().size() < stepCount;
    }

    private void appendLog(String line) {
        if (line.equals(lastLogLine)) {
            return; // apt repeats its status words for every percent
        }
        lastLogLine = line;
        log.add(line);
        if (log.size() > MAX_LOG_LINES) {
            log.remove(0, log.size() - MAX_LOG_LINES);
        }
    }

    private StepRow row(String id) {
        return steps.stream().filter(r -> r.id.equals(id)).findFirst().orElse(null);
    }

    /** Hops every engine callback (made on the background thread) to the UI thread. */
    private final class Listener implements RunListener {
        @Override
        public void runStarted(List<Step> all) {
            List<StepRow> rows = all.stream().map(s -> new StepRow(s.id(), s.title())).toList();
            ui.onUi(() -> {
                stepCount = rows.size();
                steps.setAll(rows);
            });
        }

        @Override
        public void stepStarted(Step step, int index, int count) {
            ui.onUi(() -> {
                current.set("Step " + (index + 1) + " of " + count + ": " + step.title());
                overall.set((double) index / count);
                StepRow r = row(step.id());
                if (r != null) {
                    r.state.set(StepState.RUNNING);
                }
                appendLog("== " + step.title());
            });
        }

        @Override
        public void planned(Step step, Plan plan) {
            List<String> lines = plan.changes().stream().map(c -> "   - " + c.summary()).toList();
            ui.onUi(() -> lines.forEach(InstallPageModel.this::appendLog));
        }

        @Override
        public void stepProgress(String stepId, double fraction) {
            ui.onUi(() -> {
                StepRow r = row(stepId);
                if (r != null) {
                    r.progress.set(Math.max(r.progress.get(), fraction)); // a bar that goes back says work was undone
                }
            });
        }

        @Override
        public void message(String stepId, String message) {
            ui.onUi(() -> appendLog("   " + WindowWords.text(message)));
        }

        @Override
        public void log(String stepId, String line) {
            // apt's status lines (dlstatus:..., pmstatus:...) drive the bar; the log gets their words, or nothing
            Apt.readable(line).ifPresent(l -> ui.onUi(() -> appendLog("   | " + l)));
        }

        @Override
        public void stepFinished(Step step, StepOutcome outcome) {
            ui.onUi(() -> {
                StepRow r = row(step.id());
                if (r != null) {
                    r.progress.set(1);
                    r.state.set(switch (outcome.severity()) {
                        case OK -> StepState.DONE;
                        case WARN -> StepState.WARNING;
                        case ERROR -> StepState.FAILED;
                    });
                }
                int done = (int) steps.stream().filter(s -> s.state.get() == StepState.DONE || s.state.get() == StepState.WARNING).count();
                overall.set(steps.isEmpty() ? 0 : (double) done / steps.size());
                outcome.findings().stream().filter(f -> f.severity() != Severity.OK)
                        .map(WindowWords::finding).forEach(f -> appendLog("   " + f.severity() + " " + f.check() + ": " + f.message()));
            });
        }
    }

    // Properties

    /** What is run now: its words for the page ("Restore", "Restored, with this left to do"). */
    public InstallRun run() {
        return runs.get();
    }

    public ObservableList<StepRow> steps() {
        return steps;
    }

    /** The last {@link #MAX_LOG_LINES} lines of the run. */
    public ObservableList<String> log() {
        return log;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Steps done of all steps, 0 to 1. */
    public ReadOnlyDoubleProperty overallProperty() {
        return overall.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty elapsedProperty() {
        return elapsed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    /** Errors of a run that went through (mail works, something is left to do), in the window's words. */
    public ObservableList<Finding> problems() {
        return problems;
    }

    /** The whole log as text, for the clipboard. */
    public String logText() {
        return String.join("\n", log) + "\n";
    }

    /** The finding that stopped the run, with its fix; null unless failed. */
    public ReadOnlyObjectProperty<Finding> failureProperty() {
        return failure.getReadOnlyProperty();
    }
}
