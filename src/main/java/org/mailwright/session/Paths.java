package org.mailwright.session;

import java.nio.file.Path;
import org.mailwright.remote.LocalPaths;

/**
 * The drivers' view of where Mailwright keeps its files on this computer: the XDG rules of {@link LocalPaths} (the one
 * place they are written), so the window and the command line read and write the same files.
 */
public final class Paths {
    private Paths() {
    }

    /** {@code $XDG_CONFIG_HOME/mailwright/<parts>} (default {@code ~/.config/mailwright}): host keys, server profiles. */
    public static Path config(String... parts) {
        return resolve(LocalPaths.SYSTEM.configDir(), parts);
    }

    /** {@code $XDG_STATE_HOME/mailwright/<parts>} (default {@code ~/.local/state/mailwright}): transcripts, crash reports. */
    public static Path state(String... parts) {
        return resolve(LocalPaths.SYSTEM.stateDir(), parts);
    }

    /** A path as a person typed it, with a leading {@code ~} made the home directory; see {@link LocalPaths#expandHome}. */
    public static Path expandHome(String path) {
        return LocalPaths.SYSTEM.expandHomePath(path);
    }

    /** The person's home directory, where a file chooser starts looking for {@code .ssh}. */
    public static Path home() {
        return expandHome("~");
    }

    private static Path resolve(Path base, String... parts) {
        Path p = base;
        for (String part : parts) {
            p = p.resolve(part);
        }
        return p;
    }
}
