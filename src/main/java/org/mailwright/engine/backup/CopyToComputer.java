package org.mailwright.engine.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mailwright.engine.Change.Transfer;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Finding;
import org.mailwright.model.Words;
import org.mailwright.remote.RemoteException;

/**
 * Copies the server's restic repository to a folder on this computer ({@code mailwright backup --to DIR}): only the
 * files the folder lacks, so each run after the first is incremental. Local files are never deleted, so a snapshot
 * that the server's retention forgot is still here; the folder is a restic repository of its own (readable with
 * restic and the same password) and what {@code mailwright restore --from DIR} reads.
 *
 * <p>Each file is written as {@code NAME.part} and renamed when whole, so a cut copy never leaves a short file
 * under a restic name; the next run copies what is missing.
 */
public final class CopyToComputer implements Step {
    private final Path dir;

    /** @param dir the folder on this computer; made (readable by this user only) when missing */
    public CopyToComputer(Path dir) {
        this.dir = dir;
    }

    @Override
    public String id() {
        return "copy-backup";
    }

    @Override
    public String title() {
        return "Copy to this computer";
    }

    private Map<String, Long> missing(StepContext ctx) {
        try {
            Map<String, Long> server = RepositoryFiles.onServer(ctx.host(), BackupLayout.REPOSITORY);
            if (!server.containsKey("config")) {
                throw new StepFailedException(Finding.error(title(), "the server has no backup repository at " + BackupLayout.REPOSITORY,
                        "Run mailwright apply (or mailwright backup) first: it sets the backups up."));
            }
            Map<String, Long> local = RepositoryFiles.local(dir);
            if (local.containsKey("config") && !Arrays.equals(Files.readAllBytes(dir.resolve("config")),
                    ctx.host().read(BackupLayout.REPOSITORY + "/config").orElse(new byte[0]))) {
                throw new StepFailedException(Finding.error(title(), dir + " holds another restic repository (another server's, or one"
                        + " made before this server's repository)", "Choose an empty folder, or this server's earlier backup folder."));
            }
            return RepositoryFiles.missing(server, local);
        } catch (IOException e) {
            throw new StepFailedException(Finding.error(title(), "cannot read " + dir + ": " + e.getMessage(), "Choose a folder you can write."));
        }
    }

    @Override
    public Plan plan(StepContext ctx) {
        Map<String, Long> missing = missing(ctx);
        return new Plan(id(), title(), missing.isEmpty() ? List.of()
                : List.of(new Transfer("copy the repository's new files to " + dir, missing.size(), RepositoryFiles.bytes(missing))), List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        Map<String, Long> missing = missing(ctx);
        int already = RepositoryFiles.onServer(ctx.host(), BackupLayout.REPOSITORY).size() - missing.size();
        long total = Math.max(1, RepositoryFiles.bytes(missing));
        long done = 0;
        try {
            makeDir(dir);
            for (Map.Entry<String, Long> f : missing.entrySet()) {
                ctx.cancel().check();
                byte[] bytes = ctx.host().read(BackupLayout.REPOSITORY + "/" + f.getKey())
                        .orElseThrow(() -> new RemoteException(f.getKey() + " vanished from the repository while it was copied (a prune ran): copy again."));
                if (bytes.length != f.getValue()) {
                    throw new RemoteException(f.getKey() + " came " + bytes.length + " bytes long, not " + f.getValue() + ": copy again.");
                }
                Path target = dir.resolve(f.getKey());
                makeDir(target.getParent());
                Path part = target.resolveSibling(target.getFileName() + ".part");
                Files.write(part, bytes);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                done += f.getValue();
                ctx.progress(done / (double) total);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.say("copied " + Words.count(missing.size(), "new file", "new files") + " (" + Words.bytes(done) + ") to " + dir + "; " + already + " already there");
    }

    private static void makeDir(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            try {
                Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(d);
            }
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        Map<String, Long> missing = missing(ctx);
        try {
            Map<String, Long> local = RepositoryFiles.local(dir);
            return List.of(missing.isEmpty()
                    ? Finding.ok(title(), dir + " holds the whole repository: " + Words.count(local.size(), "file", "files") + ", "
                    + Words.bytes(RepositoryFiles.bytes(local)))
                    : Finding.error(title(), Words.count(missing.size(), "file is", "files are") + " still missing in " + dir, "Run the copy again."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
