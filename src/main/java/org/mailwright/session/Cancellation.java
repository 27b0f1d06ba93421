package org.mailwright.session;

import org.mailwright.remote.Cancel;

/**
 * Stops a run or an apply between two remote commands: made before the work starts, cancelled from another thread (a
 * Cancel button, Ctrl-C). A command already running on the server is not interrupted.
 */
public final class Cancellation {
    private final Cancel token = new Cancel();

    /** Asks the work to stop at its next check; safe to call more than once and from any thread. */
    public void cancel() {
        token.cancel();
    }

    public boolean isCancelled() {
        return token.isCancelled();
    }

    /** The engine's token behind this one. */
    Cancel token() {
        return token;
    }
}
