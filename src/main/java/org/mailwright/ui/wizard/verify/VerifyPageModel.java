package org.mailwright.ui.wizard.verify;

import java.util.Optional;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.session.Cancellation;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;

/** Every check of the run, as a badge with what was seen and what to do; Check again re-runs them (CHECK mode). */
public final class VerifyPageModel extends PageModel {
    private final SetupDraft draft;
    private final ServerSession service;
    private final UiExecutor ui;
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");

    public VerifyPageModel(SetupDraft draft, ServerSession service, UiExecutor ui) {
        this.draft = draft;
        this.service = service;
        this.ui = ui;
    }

    @Override
    public String id() {
        return "verify";
    }

    @Override
    public String title() {
        return "Verify";
    }

    @Override
    public String subtitle() {
        return "What Mailwright checked on the server and in DNS.";
    }

    @Override
    public void onEnter() {
        RunReport r = draft.checkReport.get() != null ? draft.checkReport.get() : draft.installReport.get();
        if (r != null) {
            show(r);
        }
        super.onEnter();
    }

    @Override
    protected Optional<String> validate() {
        return busy.get() ? Optional.of("Checking...") : Optional.empty();
    }

    // Commands

    /** Runs every check again without changing anything. */
    public void recheck() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        revalidate();
        summary.set("Checking again...");
        ui.submit(() -> service.run(Runner.Mode.CHECK, draft.toSpec(), RunListener.NONE, new Cancellation()), report -> {
            busy.set(false);
            draft.checkReport.set(report);
            show(report);
            revalidate();
        }, error -> {
            busy.set(false);
            summary.set("The check could not run: " + error.getMessage());
            revalidate();
        });
    }

    void show(RunReport report) {
        // what needs the person first: problems, then warnings, then what is fine (in the engine's order within each)
        findings.setAll(report.findings().stream().sorted(java.util.Comparator.comparing(Finding::severity).reversed()).toList());
        long errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = report.findings().stream().filter(f -> f.severity() == Severity.WARN).count();
        summary.set(Words.count(report.findings().size(), "check", "checks") + ": " + (report.findings().size() - errors - warnings)
                + " ok, " + Words.count(warnings, "warning", "warnings") + ", " + Words.count(errors, "problem", "problems") + ".");
    }

    /** Every check as plain text in the window's words, for the clipboard. */
    public String findingsText() {
        StringBuilder sb = new StringBuilder(summary.get()).append('\n');
        findings.forEach(f -> sb.append(WindowWords.plainText(f)));
        return sb.toString();
    }

    // Properties

    public ObservableList<Finding> findings() {
        return findings;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }
}
