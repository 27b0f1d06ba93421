package org.mailwright.engine.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mailwright.model.Finding;
import org.mailwright.model.Words;

/**
 * What the server's backup script last recorded ({@link BackupLayout#STATUS_FILE}), read for the restore and the snapshot step; how it is judged is the status script's backup check
 * ({@link org.mailwright.engine.status.StatusScript}), one rule for check, the dashboard and the alert mail.
 *
 * @param lastSuccess    when the last good snapshot was made; empty when none yet
 * @param lastAttempt    when the last run started; empty when none ran
 * @param failed         whether the last run failed
 * @param error          what the last failed run said (restic's last words)
 * @param snapshot       the id of the last good snapshot (restic's full id)
 * @param repositoryBytes the repository's size on the server's disk, in bytes
 * @param verified       whether {@code restic check} passed after the last good snapshot
 * @param snapshots      how many snapshots the repository keeps
 * @param offsite        "none", "ok", or "failed: ..." for the copy to the offsite repository
 */
public record BackupStatus(Optional<Instant> lastSuccess, Optional<Instant> lastAttempt, boolean failed, String error,
                           String snapshot, long repositoryBytes, boolean verified, int snapshots, String offsite) {

    /** The check's name in findings, the same in the window and the CLI. */
    public static final String CHECK = "Backups";

    /** No backup has run on this server yet. */
    public static final BackupStatus NONE = new BackupStatus(Optional.empty(), Optional.empty(), false, "", "", 0, false, 0, "none");

    /** Parses the status file's {@code key=value} lines; unknown keys are ignored, missing ones take empty values. */
    public static BackupStatus parse(String text) {
        Map<String, String> v = new HashMap<>();
        text.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                v.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        });
        return new BackupStatus(epoch(v.get("last_ok")), epoch(v.get("attempt")), "failed".equals(v.get("result")),
                v.getOrDefault("error", ""), v.getOrDefault("snapshot", ""), number(v.get("bytes")),
                "yes".equals(v.get("verified")), (int) number(v.get("snapshots")), v.getOrDefault("offsite", "none"));
    }

    /** The snapshot id as restic shows it in lists (its first 8 hex digits). */
    public String shortSnapshot() {
        return snapshot.length() > 8 ? snapshot.substring(0, 8) : snapshot;
    }

    private static Optional<Instant> epoch(String s) {
        try {
            return s == null || s.isBlank() ? Optional.empty() : Optional.of(Instant.ofEpochSecond(Long.parseLong(s)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long number(String s) {
        try {
            return s == null || s.isBlank() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
