package org.mailwright.engine;

import org.mailwright.model.Finding;

/** A step could not go on, for a reason it can explain with a finding (e.g. the server is not Debian 12 or 13). */
public class StepFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Finding finding;

    public StepFailedException(Finding finding) {
        super(finding.message());
        this.finding = finding;
    }

    public Finding finding() {
        return finding;
    }
}
