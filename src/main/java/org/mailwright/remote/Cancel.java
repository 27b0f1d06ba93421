package org.mailwright.remote;

import java.util.concurrent.atomic.AtomicBoolean;

/** A cancellation token shared by whoever may cancel a run (a button, Ctrl-C) and the code that checks it. */
public final class Cancel {
    public static final Cancel NEVER = new Cancel();

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        if (this != NEVER) {
            cancelled.set(true);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws {@link CancelledException} when cancelled: called between remote commands. */
    public void check() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }
}
