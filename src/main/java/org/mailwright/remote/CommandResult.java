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
}
