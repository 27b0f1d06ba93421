package org.mailwright.remote;

import org.mailwright.logging.Secrets;

/** A command that had to succeed exited with a non-zero status. */
public class RemoteCommandException extends RemoteException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public RemoteCommandException(CommandResult result) {
        // the message is shown and logged; result() keeps the output as it came
        super(Secrets.redact("`" + result.command() + "` failed with exit status " + result.exitStatus()
                + (result.stderr().isBlank() ? "" : ": " + readable(lastLines(result.stderr(), 8)))));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }

    private static final java.util.regex.Pattern SHELL_PREFIX = java.util.regex.Pattern.compile("(?m)^(?:/bin/)?(?:ba|da)?sh: (?:line )?\\d+: ");
    private static final java.util.regex.Pattern NOT_FOUND = java.util.regex.Pattern.compile("(?m)^(\\S+): (?:command )?not found$");

    /**
     * The shell's words as a person reads them: {@code bash: line 1: ufw: command not found} is the shell's prefix
     * around what matters, "ufw is not installed on the server".
     */
    static String readable(String stderr) {
        String s = SHELL_PREFIX.matcher(stderr).replaceAll("");
        return NOT_FOUND.matcher(s).replaceAll("$1 is not installed on the server (command not found)");
    }
}
