package org.mailwright.engine.status;

import java.util.Objects;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/**
 * One line of a server's status: a {@link Finding} with where it belongs and a stable id, or a check skipped because
 * the check it depends on failed (a port that is not listening is not also TLS-probed).
 *
 * @param id        stable machine name, such as {@code service.dovecot}, {@code port.993}, {@code tls.993},
 *                  {@code dns.mx.example.com}; the key of {@code status --json} and of the alerts' state file
 * @param group     {@link #SYSTEM}, {@link #NETWORK}, or a domain name (one group per domain the server serves)
 * @param finding   severity, the check's name, one sentence, and the fix (empty when OK or skipped)
 * @param skippedBecause empty when the check ran; else the id of the failed check that made running it pointless
 */
public record StatusCheck(String id, String group, Finding finding, String skippedBecause) {
    /** The group of checks about the machine: services, disk, memory, updates, certificate, backups, SSH. */
    public static final String SYSTEM = "System";
    /** The group of checks about reaching the server: ports, TLS, outbound port 25, blocklists of its addresses. */
    public static final String NETWORK = "Network";

    public StatusCheck {
        Objects.requireNonNull(id);
        Objects.requireNonNull(group);
        Objects.requireNonNull(finding);
        skippedBecause = skippedBecause == null ? "" : skippedBecause;
    }

    /** A check that ran. */
    public static StatusCheck of(String id, String group, Finding finding) {
        return new StatusCheck(id, group, finding, "");
    }

    /** A check not run because {@code failed} (a check id) did not pass; its finding says so, as an OK-less WARN-less line. */
    public static StatusCheck skipped(String id, String group, String check, String failed, String failedCheckName) {
        return new StatusCheck(id, group, new Finding(Severity.OK, check, "not checked: " + failedCheckName + " failed", ""), failed);
    }

    public boolean isSkipped() {
        return !skippedBecause.isEmpty();
    }

    public Severity severity() {
        return finding.severity();
    }
}
