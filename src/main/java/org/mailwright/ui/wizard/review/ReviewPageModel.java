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
import org.mailwright.model.Words;
import org.mailwright.session.Cancellation;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;

/**
 * Shows what the install would change (PLAN mode: the server is only read) before anything changes. The plan is of
 * the server as it is now: after an install ran, entering this page plans again, so it shows what is still left, not
 * the list from before.
 */
public final class ReviewPageModel extends PageModel {
    /** A file's diff as the engine made it: lines with their kind, ready to colour. */
    public record FileDiff(String path, List<DiffLine> lines) {
    }

    /**
     * One step's plan as the page shows it: account changes by address ({@code + mailbox bob@example.com}) apart from
     * the other changes, notes and problems in the window's words, and the diffs of files that are not secret.
     */
    public record StepPlan(String title, List<String> notes, List<String> accounts, List<String> changes, List<FileDiff> diffs,
                           List<Finding> problems) {
        public boolean isEmpty() {
            return changes.isEmpty() && accounts.isEmpty() && notes.isEmpty() && problems.isEmpty();
        }

        /** Everything this step would change: account lines and other changes. */
        public int changeCount() {
            return accounts.size() + changes.size();
        }
    }

    private final SetupDraft draft;
    private final ServerSession service;
    private final UiExecutor ui;
    private final ObservableList<StepPlan> plans = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private ServerSpec planned;
    /** The install run the plan was made after (null: before any install). */
    private RunReport plannedAfter;

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
        return draft.installReport.get() == null ? "Nothing has changed on the server yet. This is what Install will do."
                : "The install has run. This is what is still different on the server; Install does it.";
    }

    @Override
    public String nextLabel() {
        return "Install";
    }

    @Override
    public void onEnter() {
        ServerSpec spec = draft.toSpec();
        if (!spec.equals(planned) || draft.installReport.get() != plannedAfter) {
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
        draft.reviewedPlan.set(null);
        status.set("");
        List<SpecProblem> problems = SpecValidator.validate(spec);
        if (!problems.isEmpty()) {
            problem.set("Go back and fix: " + WindowWords.text(problems.get(0).toString()));
            return;
        }
        RunReport after = draft.installReport.get();
        problem.set("");
        busy.set(true);
        status.set("Reading the server...");
        ui.submit(() -> service.run(Runner.Mode.PLAN, spec, RunListener.NONE, new Cancellation()), report -> {
            busy.set(false);
            show(report);
            planned = spec;
            plannedAfter = after;
            draft.reviewedPlan.set(report);
            revalidate();
        }, error -> {
            busy.set(false);
            problem.set("Could not make the plan: " + WindowWords.text(error.getMessage()));
        });
    }

    void show(RunReport report) {
        List<StepPlan> out = new ArrayList<>();
        int changes = 0;
        for (StepOutcome o : report.outcomes()) {
            StepPlan p = toStepPlan(o);
            changes += p.changeCount();
            out.add(p);
        }
        plans.setAll(out);
        Optional<Finding> error = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).findFirst();
        problem.set(error.map(WindowWords::finding).map(f -> f.check() + ": " + f.message() + " " + f.fix()).orElse(""));
        long steps = out.stream().filter(p -> p.changeCount() > 0).count();
        status.set(changes == 0 ? "Nothing to change: the server already matches."
                : Words.count(changes, "change", "changes") + " in " + Words.count(steps, "step", "steps") + ".");
    }

    static StepPlan toStepPlan(StepOutcome o) {
        Plan plan = o.plan();
        List<String> accounts = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<FileDiff> diffs = new ArrayList<>();
        List<String> notes = plan == null ? List.of() : plan.notes().stream().map(WindowWords::text).toList();
        if (plan != null) {
            plan.changes().forEach(c -> (c instanceof Change.Account ? accounts : changes).add(WindowWords.text(c.summary())));
            // a secret file (the credentials table, a key) has no diff to show, as in the CLI's plan (Plan.render): its
            // account lines say what changes in it, by address
            for (Change.FileChange f : plan.changesOf(Change.FileChange.class)) {
                if (!f.contentUnchanged() && !f.secret()) {
                    diffs.add(new FileDiff(f.path(), f.diffLines()));
                }
            }
        }
        List<Finding> problems = o.findings().stream().filter(f -> f.severity() != Severity.OK).map(WindowWords::finding).toList();
        return new StepPlan(o.title(), notes, accounts, changes, diffs, problems);
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
