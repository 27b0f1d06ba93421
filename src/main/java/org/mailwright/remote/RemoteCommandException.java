package org.mailwright.remote;

import org.mailwright.logging.Secrets;

/** A command that had to succeed exited with a non-zero status. */
public class RemoteCommandException extends RemoteException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    public RemoteCommandException(CommandResult result) {
        // the message is shown and logged; result() keeps the output as it came
        super(Secrets.redact("`" + result.command() + "` failed with exit status " + result.exitStatus()
                + (result.stderr().isBlank() ? "" : ": " + lastLines(result.stderr(), 8))));
        this.result = result;
    }

    public CommandResult result() {
        return result;
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - n), lines.length));
    }
}
