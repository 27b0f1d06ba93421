package org.mailwright.remote;

/** What a finished command left: its exit status and its whole output. */
public record CommandResult(String command, int exitStatus, String stdout, String stderr) {

    public boolean ok() {
        return exitStatus == 0;
    }

    /** Throws a {@link RemoteCommandException} with the command's stderr when the exit status is not 0. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new RemoteCommandException(this);
        }
        return this;
    }

    /**
     * What the command said first, for a one-line message: the first line of stderr, else of stdout (both stripped);
     * "no output" when both are empty.
     */
    public String firstLine() {
        for (String t : new String[] {stderr, stdout}) {
            String s = t == null ? "" : t.strip();
            if (!s.isEmpty()) {
                return s.lines().findFirst().orElse(s);
            }
        }
        return "no output";
    }
}
