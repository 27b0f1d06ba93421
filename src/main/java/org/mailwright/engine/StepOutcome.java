package org.mailwright.engine;

import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import java.time.Duration;
import java.util.List;

/** What happened to one step in a run. */
public record StepOutcome(String stepId, String title, Plan plan, boolean applied, List<Finding> findings, Duration elapsed) {

    public StepOutcome {
        findings = List.copyOf(findings);
    }

    public Severity severity() {
        return Finding.worst(findings);
    }
}
