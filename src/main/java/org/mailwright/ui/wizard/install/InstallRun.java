package org.mailwright.ui.wizard.install;

import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.Cancellation;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.SetupDraft;

/**
 * What the Install page runs and how it names it: the install ({@link #install}), or a restore (the Restore page
 * makes one). The page's progress, log, cancel, failure and Retry are the same for both; only the run differs.
 */
public interface InstallRun {

    /** The page's title and the sidebar's step: "Install", "Restore". */
    String title();

    /** The sentence under the title. */
    String subtitle();

    /** What the page says while it runs: "Installing...". */
    String running();

    /** The word before what is left after a run that went through: "Installed", "Restored". */
    String finished();

    /**
     * Takes what the run needs from the pages as they are now; called on the UI thread when a run starts (again on
     * Retry). The job it returns then runs off the UI thread.
     */
    Job prepare();

    /** One run, prepared on the UI thread. */
    @FunctionalInterface
    interface Job {
        /**
         * Runs on the background thread and blocks until the run ends.
         *
         * @return the run's report; a failed step is an ERROR finding in it
         * @throws org.mailwright.session.SessionException when the session is not connected
         */
        RunReport run(ServerSession session, RunListener listener, Cancellation cancel);
    }

    /** The install: every mail step in APPLY mode for the draft's spec. */
    static InstallRun install(SetupDraft draft) {
        return new InstallRun() {
            @Override
            public String title() {
                return "Install";
            }

            @Override
            public String subtitle() {
                return "Mailwright is setting up the server. This takes a few minutes.";
            }

            @Override
            public String running() {
                return "Installing...";
            }

            @Override
            public String finished() {
                return "Installed";
            }

            @Override
            public Job prepare() {
                ServerSpec spec = draft.toSpec();
                return (session, listener, cancel) -> session.run(Runner.Mode.APPLY, spec, listener, cancel);
            }
        };
    }
}
