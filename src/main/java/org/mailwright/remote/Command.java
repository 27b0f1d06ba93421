package org.mailwright.remote;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One shell command line for the server, built from quoted words so that nothing a person typed can change its
 * meaning. {@code stdin} is fed to the process; when {@code secretStdin} is set it is a secret and never appears in
 * transcripts or logs.
 */
public final class Command {
    private final String line;
    private final byte[] stdin;
    private final boolean secretStdin;

    private Command(String line, byte[] stdin, boolean secretStdin) {
        this.line = Objects.requireNonNull(line);
        this.stdin = stdin == null ? new byte[0] : stdin.clone();
        this.secretStdin = secretStdin;
    }

    /** A command from argv words; each word is quoted with {@link Shell#quote}. */
    public static Command of(String... argv) {
        return new Command(Shell.join(List.of(argv)), null, false);
    }

    /** A command from argv words; each word is quoted with {@link Shell#quote}. */
    public static Command of(List<String> argv) {
        return new Command(Shell.join(argv), null, false);
    }

    /**
     * A command line written by Mailwright itself (pipes, redirections, {@code &&}). Every value inside it that
     * did not come from Mailwright's own code must already be quoted with {@link Shell#quote}.
     */
    public static Command script(String line) {
        return new Command(line, null, false);
    }

    public Command withStdin(byte[] input) {
        return new Command(line, input, false);
    }

    /** Feeds a secret (a password) on stdin: it never reaches a command line, a transcript or a log. */
    public Command withSecretStdin(byte[] secret) {
        return new Command(line, secret, true);
    }

    public String line() {
        return line;
    }

    public byte[] stdin() {
        return stdin.clone();
    }

    public boolean hasStdin() {
        return stdin.length > 0;
    }

    public boolean secretStdin() {
        return secretStdin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && c.line.equals(line) && c.secretStdin == secretStdin && Arrays.equals(c.stdin, stdin);
    }

    @Override
    public int hashCode() {
        return line.hashCode();
    }

    /** The line only; stdin is never shown. */
    @Override
    public String toString() {
        return line;
    }
}
