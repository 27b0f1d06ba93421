package org.mailwright.ui.wizard.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.Change;
import org.mailwright.engine.DiffLine;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.StepOutcome;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;
import org.mailwright.model.SpecProblem;
import org.mailwright.model.SpecValidator;
import org.mailwright.session.Cancellation;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** Shows what the install would change (PLAN mode: the server is only read) before anything changes. */
public final class ReviewPageModel extends PageModel {
    /** A file's diff as the engine made it: lines with their kind, ready to colour. */
    public record FileDiff(String path, List<DiffLine> lines) {
    }

    /** One step's plan as the page shows it. */
    public record StepPlan(String title, List<String> notes, List<String> changes, List<FileDiff> diffs, List<Finding> problems) {
        public boolean isEmpty() {
            return changes.isEmpty() && notes.isEmpty() && problems.isEmpty();
        }
    }

    private final SetupDraft draft;
    private final ServerSession service;
    private final UiExecutor ui;
    private final ObservableList<StepPlan> plans = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private ServerSpec planned;

    public ReviewPageModel(SetupDraft draft, ServerSession service, UiExecutor ui) {
        this.draft = draft;
        this.service = service;
        this.ui = ui;
        revalidateOn(problem, busy, status);
    }

    @Override
    public String id() {
        return "review";
    }

    @Override
    public String title() {
        return "Review";
    }

    @Override
    public String subtitle() {
        return "Nothing has changed on the server yet. This is what Install will do.";
    }

    @Override
    public String nextLabel() {
        return "Install";
    }

    @Override
    public void onEnter() {
        ServerSpec spec = draft.toSpec();
        if (!spec.equals(planned)) {
            plan(spec);
        }
        super.onEnter();
    }

    @Override
    protected Optional<String> validate() {
        if (busy.get()) {
            return Optional.of("Reading the server to make the plan...");
        }
        if (!problem.get().isEmpty()) {
            return Optional.of(problem.get());
        }
        if (planned == null) {
            return Optional.of("The plan is not ready.");
        }
        return Optional.empty();
    }

    // Commands

    /** Makes the plan again (after the person changed something on the server by hand). */
    public void replan() {
        plan(draft.toSpec());
    }

    private void plan(ServerSpec spec) {
        plans.clear();
        planned = null;
        List<SpecProblem> problems = SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            problem.set("Go back and fix: " + problems.get(0));
            return;
        }
        problem.set("");
        busy.set(true);
        status.set("Reading the server...");
        ui.submit(() -> service.run(Runner.Mode.PLAN, spec, RunListener.NONE, new Cancellation()), report -> {
            busy.set(false);
            show(report);
            planned = spec;
            revalidate();
        }, error -> {
            busy.set(false);
            problem.set("Could not make the plan: " + error.getMessage());
        });
    }

    void show(RunReport report) {
        List<StepPlan> out = new ArrayList<>();
        int changes = 0;
        for (StepOutcome o : report.outcomes()) {
            StepPlan p = toStepPlan(o);
            changes += p.changes().size();
            out.add(p);
        }
        plans.setAll(out);
        Optional<Finding> error = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst();
        problem.set(error.map(f -> f.check() + ": " + f.message() + " " + f.fix()).orElse(""));
        status.set(changes == 0 ? "Nothing to change: the server already matches." : changes + " changes in " + out.stream()
                .filter(p -> !p.changes().isEmpty()).count() + " steps.");
    }

    static StepPlan toStepPlan(StepOutcome o) {
        Plan plan = o.plan();
        List<String> changes = new ArrayList<>();
        List<FileDiff> diffs = new ArrayList<>();
        List<String> notes = plan == null ? List.of() : plan.notes();
        if (plan != null) {
            plan.changes().forEach(c -> changes.add(c.summary()));
            for (Change.FileChange f : plan.changesOf(Change.FileChange.class)) {
                if (!f.contentUnchanged()) {
                    diffs.add(new FileDiff(f.path(), f.diffLines()));
                }
            }
        }
        List<Finding> problems = o.findings().stream().filter(f -> f.severity() != Severity.OK).toList();
        return new StepPlan(o.title(), notes, changes, diffs, problems);
    }

    // Properties

    public ObservableList<StepPlan> plans() {
        return plans;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the plan cannot be installed (a spec problem, or a step that refused); empty when it can. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
