package org.mailwright.engine;

import java.time.Duration;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.OutputListener;
import org.mailwright.logging.Secrets;
import org.mailwright.remote.RemoteHost;

/** What a step works with: the host, the run's cancellation, the facts gathered so far, and a way to report. */
public final class StepContext {
    private final RemoteHost host;
    private final Cancel cancel;
    private final Facts facts;
    private final RunListener listener;
    private volatile String stepId = "";

    public StepContext(RemoteHost host, Cancel cancel, Facts facts, RunListener listener) {
        this.host = host;
        this.cancel = cancel;
        this.facts = facts;
        this.listener = listener;
    }

    public RemoteHost host() {
        return host;
    }

    public Cancel cancel() {
        return cancel;
    }

    public Facts facts() {
        return facts;
    }

    void enter(String id) {
        this.stepId = id;
    }

    /** A line of progress for the person ("waiting for the dpkg lock held by unattended-upgrades"). */
    public void say(String message) {
        listener.message(stepId, message);
    }

    /** How far the current step is, from 0 to 1, when it can tell (apt's percentage). */
    public void progress(double fraction) {
        listener.stepProgress(stepId, Math.max(0, Math.min(1, fraction)));
    }

    /**
     * Runs a command, checking for cancellation first, and streams its output to the run's listener as log lines.
     */
    public CommandResult run(Command command, Duration timeout) {
        return run(command, timeout, OutputListener.NONE);
    }

    public CommandResult run(Command command, Duration timeout, OutputListener also) {
        cancel.check();
        return host.exec(command, (stream, line) -> {
            // the listener shows lines to people (the CLI's --verbose, the install page); the step gets them as they are
            listener.log(stepId, Secrets.redact(line));
            also.line(stream, line);
        }, timeout, cancel);
    }

    /** Runs a command with a two-minute limit; most configuration commands finish in seconds. */
    public CommandResult run(Command command) {
        return run(command, Duration.ofMinutes(2));
    }
}
