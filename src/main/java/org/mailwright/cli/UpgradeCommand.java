package org.mailwright.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepOutcome;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Paths;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailwright upgrade SPEC}: Debian 12 to 13 in place, through {@code ServerSession.upgrade}. Prints what
 * {@code apply} prints, and during the long apt runs a line at every tenth of the way with what apt is doing, so a
 * person watching minutes go by sees that it moves.
 */
@Command(name = "upgrade", mixinStandardHelpOptions = true, description = {
        "Upgrade the mail server from Debian 12 to Debian 13 in place, keeping its mail, accounts and settings.",
        "In order: checks (free space, held packages, other apt sources), a snapshot of the mail, Debian's sources",
        "switched to trixie, every package upgraded (minutes), the Debian 13 configuration (Dovecot 2.4), all checks.",
        "Cut or failed? Run it again: it goes on where it stopped. On Debian 13 already it only configures and checks.",
        "Exit status: 0 all OK, 1 a step or check failed, 2 bad input (nothing sent to the server)."})
final class UpgradeCommand extends RunCommand {

    @Option(names = "--to", paramLabel = "DIR", description = "Also copy the backup made first to this folder on this computer.")
    Path to;

    @Override
    Runner.Mode mode() {
        return Runner.Mode.APPLY;
    }

    @Override
    String inputProblem(ServerSpec spec) {
        Path dir;
        try {
            dir = folderOption("--to", to);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        to = dir;
        return null;
    }

    @Override
    RunReport execute(SshSession session, ServerSpec spec, RunListener listener, Cancellation cancel) {
        return session.upgrade(spec, Optional.ofNullable(to), new Progress(listener, cmd.commandLine().getOut()), cancel);
    }

    /** The console listener, plus a line at each tenth of a step's progress naming apt's last action. */
    static final class Progress implements RunListener {
        private final RunListener console;
        private final PrintWriter out;
        private int shownTenth = -1;
        private String lastAction = "";

        Progress(RunListener console, PrintWriter out) {
            this.console = console;
            this.out = out;
        }

        @Override
        public void runStarted(List<Step> steps) {
            console.runStarted(steps);
        }

        @Override
        public void stepStarted(Step step, int index, int count) {
            shownTenth = -1;
            lastAction = "";
            console.stepStarted(step, index, count);
        }

        @Override
        public void planned(Step step, Plan plan) {
            console.planned(step, plan);
        }

        @Override
        public void stepProgress(String stepId, double fraction) {
            console.stepProgress(stepId, fraction);
            int tenth = (int) Math.floor(fraction * 10);
            if (tenth < shownTenth - 2) {
                // a new apt run in the same step starts its own count
                shownTenth = tenth - 1;
            }
            if (tenth > shownTenth && tenth < 10) {
                shownTenth = tenth;
                out.printf("      %3d%%%s%n", tenth * 10, lastAction.isEmpty() ? "" : "  " + lastAction);
                out.flush();
            }
        }

        @Override
        public void message(String stepId, String message) {
            console.message(stepId, message);
        }

        @Override
        public void log(String stepId, String line) {
            if (line.startsWith("dlstatus:")) {
                lastAction = "downloading";
            }
            Apt.readable(line).filter(l -> line.startsWith("pmstatus:")).ifPresent(l -> lastAction = l);
            console.log(stepId, line);
        }

        @Override
        public void stepFinished(Step step, StepOutcome outcome) {
            console.stepFinished(step, outcome);
        }

        @Override
        public void runFinished(RunReport report) {
            console.runFinished(report);
        }
    }
}
