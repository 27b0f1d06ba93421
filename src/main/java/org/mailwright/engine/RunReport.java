package org.mailwright.engine;

import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import java.time.Duration;
import java.util.List;

/** The whole run: each step's outcome, whether it was cancelled, and the worst severity seen. */
public record RunReport(Runner.Mode mode, List<StepOutcome> outcomes, boolean cancelled, Duration elapsed) {

    public RunReport {
        outcomes = List.copyOf(outcomes);
    }

    public Severity severity() {
        return outcomes.stream().map(StepOutcome::severity).max(Enum::compareTo).orElse(Severity.OK);
    }

    public boolean changedNothing() {
        return outcomes.stream().allMatch(o -> o.plan() == null || o.plan().isEmpty());
    }

    public List<Finding> findings() {
        return outcomes.stream().flatMap(o -> o.findings().stream()).toList();
    }
}
