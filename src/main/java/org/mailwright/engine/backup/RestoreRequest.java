package org.mailwright.engine.backup;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code mailwright restore} (and the window's "Restore from a backup") asks for.
 *
 * @param from     a folder on this computer holding a restic repository made by {@code mailwright backup --to}
 * @param snapshot a snapshot id (restic's short or full id); empty for the latest
 * @param merge    true to add the backup's mail and accounts to a server that already has mail (nothing there is
 *                 replaced); false refuses such a server
 * @param password the repository password from the recovery sheet; wiped by {@link #wipe()}
 */
public record RestoreRequest(Path from, Optional<String> snapshot, boolean merge, char[] password) {

    public RestoreRequest {
        snapshot = snapshot == null ? Optional.empty() : snapshot.filter(s -> !s.isBlank());
    }

    /** Overwrites the password in memory once the restore is done. */
    public void wipe() {
        java.util.Arrays.fill(password, '\0');
    }

    /** The snapshot as restic names it: the id, or {@code latest} of Mailwright's tag. */
    String resticSnapshot() {
        return snapshot.orElse("latest");
    }
}
