package org.mailwright.engine.status;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/**
 * A server's status at one moment: every check of the dashboard and of {@code mailwright status}, in display order
 * (system, network, then each domain).
 *
 * @param host     the server as the spec names it
 * @param at       when the checks finished
 * @param checks   every check, skipped ones included, in display order
 */
public record ServerStatus(String host, Instant at, List<StatusCheck> checks) {
    public ServerStatus {
        checks = List.copyOf(checks);
    }

    /** The checks by group, groups in display order. */
    public Map<String, List<StatusCheck>> groups() {
        Map<String, List<StatusCheck>> out = new LinkedHashMap<>();
        for (StatusCheck c : checks) {
            out.computeIfAbsent(c.group(), g -> new java.util.ArrayList<>()).add(c);
        }
        return out;
    }

    /** The worst severity of the checks that ran (OK when none). */
    public Severity worst() {
        return Finding.worst(checks.stream().filter(c -> !c.isSkipped()).map(StatusCheck::finding).toList());
    }
}
