package org.mailwright.dns;

import java.time.Duration;
import java.util.List;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/** The findings of one DNS check, and what it took (queries sent, time) for progress and benchmarks. */
public record DnsReport(List<Finding> findings, int queries, Duration elapsed) {

    public DnsReport {
        findings = List.copyOf(findings);
    }

    public Severity worst() {
        return Finding.worst(findings);
    }

    /** The findings whose check names start with {@code prefix}, e.g. "MX example.com". */
    public List<Finding> about(String prefix) {
        return findings.stream().filter(f -> f.check().startsWith(prefix)).toList();
    }
}
