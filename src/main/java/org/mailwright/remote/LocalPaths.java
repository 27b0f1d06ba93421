package org.mailwright.remote;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Where Mailwright keeps its files on this computer, and how a path a person typed is read. The one place for the
 * XDG Base Directory rules (https://specifications.freedesktop.org/basedir-spec/): configuration (pinned host keys,
 * server profiles) under {@code $XDG_CONFIG_HOME/mailwright}, by default {@code ~/.config/mailwright}; state
 * (transcripts, crash reports) under {@code $XDG_STATE_HOME/mailwright}, by default {@code ~/.local/state/mailwright}.
 *
 * <p>It lives in {@code remote} because the host key store and the engine need it and may not reach the session;
 * the drivers use it through {@code org.mailwright.session.Paths}.
 */
public final class LocalPaths {
    private final Function<String, String> env;
    private final String home;

    /** The paths of this process: its environment and {@code user.home}. */
    public static final LocalPaths SYSTEM = new LocalPaths(System::getenv, System.getProperty("user.home"));

    /**
     * @param env  looks up an environment variable (null when unset); tests pass a map's {@code get}
     * @param home the home directory {@code ~} stands for
     */
    public LocalPaths(Function<String, String> env, String home) {
        this.env = env;
        this.home = home;
    }

    /** {@code $XDG_CONFIG_HOME/mailwright}, or {@code ~/.config/mailwright} when the variable is unset or empty. */
    public Path configDir() {
        return base("XDG_CONFIG_HOME", ".config").resolve("mailwright");
    }

    /** {@code $XDG_STATE_HOME/mailwright}, or {@code ~/.local/state/mailwright} when the variable is unset or empty. */
    public Path stateDir() {
        return base("XDG_STATE_HOME", ".local/state").resolve("mailwright");
    }

    private Path base(String variable, String fallback) {
        String xdg = env.apply(variable);
        // the spec says a relative value is invalid and must be ignored
        return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : Path.of(home).resolve(fallback);
    }

    /**
     * {@code path} with a leading {@code ~} (alone or before a {@code /}) replaced by the home directory, as a shell
     * would; any other path is returned unchanged ({@code ~user} is not expanded). The home directory is inserted
     * literally, so a Windows home with backslashes or a {@code $} survives.
     *
     * @throws NullPointerException when {@code path} is null
     */
    public String expandHome(String path) {
        return path.replaceFirst("^~(?=/|$)", Matcher.quoteReplacement(home));
    }

    /** {@link #expandHome(String)} as a path. */
    public Path expandHomePath(String path) {
        return Path.of(expandHome(path));
    }
}
