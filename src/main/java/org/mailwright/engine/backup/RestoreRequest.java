package org.mailwright.engine.backup;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code mailwright restore} (and the window's "Restore from a backup") asks for.
 *
 * @param from       a folder on this computer holding a restic repository made by {@code mailwright backup --to};
 *                   null when {@code url} is given
 * @param url        instead of a folder: the offsite restic repository ({@code sftp:}, {@code s3:}, {@code rest:},
 *                   {@code b2:}...; see {@link org.mailwright.model.ServerSpec.BackupSettings#isRepositoryUrl}), which
 *                   the new server copies from itself with {@code restic copy}
 * @param snapshot   a snapshot id (restic's short or full id); empty for the latest
 * @param merge      true to add the backup's mail and accounts to a server that already has mail (nothing there is
 *                   replaced); false refuses such a server
 * @param password   the repository password from the recovery sheet; wiped by {@link #wipe()}
 * @param offsiteEnv the credentials {@code url} needs (S3, B2, REST keys), put on the server root-only; empty for none
 */
public record RestoreRequest(Path from, Optional<String> url, Optional<String> snapshot, boolean merge, char[] password,
                             Map<String, String> offsiteEnv) {

    public RestoreRequest {
        url = url == null ? Optional.empty() : url;
        snapshot = snapshot == null ? Optional.empty() : snapshot.filter(s -> !s.isBlank());
        offsiteEnv = offsiteEnv == null ? Map.of() : Map.copyOf(offsiteEnv);
        if ((from == null) == url.isEmpty()) {
            throw new IllegalArgumentException("a restore reads either a folder or a URL");
        }
    }

    /** A restore from a folder on this computer. */
    public RestoreRequest(Path from, Optional<String> snapshot, boolean merge, char[] password) {
        this(from, Optional.empty(), snapshot, merge, password, Map.of());
    }

    /** Overwrites the password in memory once the restore is done. */
    public void wipe() {
        java.util.Arrays.fill(password, '\0');
    }

    /** Where the backup is, for messages: the folder or the URL. */
    public String source() {
        return url.orElseGet(() -> from.toString());
    }

    /** The snapshot as restic names it: the id, or {@code latest} of Mailwright's tag. */
    String resticSnapshot() {
        return snapshot.orElse("latest");
    }
}
