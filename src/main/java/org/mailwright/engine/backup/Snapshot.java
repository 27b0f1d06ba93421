package org.mailwright.engine.backup;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.engine.steps.Backups;
import org.mailwright.model.Finding;
import org.mailwright.model.Words;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;

/**
 * Makes a snapshot now, the way the nightly timer does: {@code systemctl start} of the backup service, which waits
 * for the script and never runs it twice at once (a timer run in progress is waited for, not doubled).
 */
public final class Snapshot implements Step {
    /** A backup of a large maildir over a slow disk takes long; the connection's keep-alive holds it open. */
    static final Duration LIMIT = Duration.ofHours(6);

    @Override
    public String id() {
        return "snapshot";
    }

    @Override
    public String title() {
        return "Snapshot";
    }

    @Override
    public Plan plan(StepContext ctx) {
        return new Plan(id(), title(), List.of(new CommandChange("make a snapshot of the mail state now (restic)",
                Command.of("systemctl", "start", BackupLayout.SERVICE))), List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        if (Backups.running(ctx)) {
            // systemctl start on a running oneshot only waits for it: that run began before this request (perhaps
            // with an older script), so it is waited for and then a snapshot of now is made
            ctx.say("waiting for the snapshot in progress (the timer's, or the first one) to end");
            ctx.run(Command.of("systemctl", "start", BackupLayout.SERVICE), LIMIT);
        }
        ctx.say("making a snapshot of the mail state (restic; the first one reads every message)");
        CommandResult r = ctx.run(Command.of("systemctl", "start", BackupLayout.SERVICE), LIMIT);
        if (!r.ok()) {
            BackupStatus status = ctx.host().readText(BackupLayout.STATUS_FILE)
                    .map(BackupStatus::parse).orElse(BackupStatus.NONE);
            if (!status.failed() && status.offsite().startsWith("failed")) {
                // the snapshot is safe on the server; only the offsite copy is missing
                throw new StepFailedException(Finding.error(BackupStatus.CHECK, "snapshot " + status.shortSnapshot()
                        + " was made, but the offsite copy " + status.offsite(), "Check backup.offsite and its credentials (is the host"
                        + " reachable from the server?), then run " + Backups.RUN_NOW + " again."));
            }
            String why = status.failed() && !status.error().isBlank() ? status.error() : (r.stderr() + r.stdout()).strip();
            throw new StepFailedException(Finding.error(BackupStatus.CHECK, "the snapshot failed: " + why,
                    "Fix the cause shown (journalctl -u " + BackupLayout.SERVICE + " on the server has more), then run "
                            + Backups.RUN_NOW + " again."));
        }
        // the line the CLI contract promises: which snapshot, when, how big the repository is, whether it was checked
        BackupStatus status = ctx.host().readText(BackupLayout.STATUS_FILE)
                .map(BackupStatus::parse).orElse(BackupStatus.NONE);
        status.lastSuccess().ifPresent(t -> ctx.say("backup: snapshot " + status.shortSnapshot() + " at "
                + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC).format(t) + " UTC, repository "
                + Words.bytes(status.repositoryBytes()) + (status.verified() ? ", verified" : ", not verified")));
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        return List.of(Backups.status(ctx));
    }
}
