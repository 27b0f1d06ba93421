package org.mailwright.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepOutcome;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Paths;
import org.mailwright.session.SessionException;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** apply, plan and check: read the spec, connect, run the mail steps in one mode, print progress and findings. */
abstract class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The server spec (YAML), see README.")
    Path specFile;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--transcript", paramLabel = "FILE", description = "Save every command, upload and backup of the run (secrets redacted).")
    Path transcriptFile;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
            description = "Check the DNS records by asking this server (default: this computer's resolver).")
    String dnsServer;

    @Option(names = "--authoritative", description = "Ask the domains' own name servers: see changes before caches expire.")
    boolean authoritative;

    @Option(names = "--no-internet-checks",
            description = "Skip the probes the server makes to the internet (outbound port 25, Spamhaus lists).")
    boolean noInternetChecks;

    @Option(names = "--verbose", description = "Show the output of remote commands as they run.")
    boolean verbose;

    abstract Runner.Mode mode();

    /**
     * A folder option on this computer ({@code --to DIR}): {@code ~} expanded; null when not given.
     *
     * @throws IllegalArgumentException naming the option when it names a file (a folder is made when missing)
     */
    static Path folderOption(String option, Path given) {
        Path dir = given == null ? null : Paths.expandHome(given.toString());
        if (dir != null && java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + dir + " is a file: give a folder (it is made when missing).");
        }
        return dir;
    }

    /** What a subcommand prints on standard output when the server could not be reached; nothing by default. */
    void couldNotRun(PrintWriter out, ServerSpec spec, String message) {
    }

    /** Whether a run without --transcript saves one anyway (in the state folder); read-only commands say no. */
    boolean keepsTranscript() {
        return true;
    }

    /** More to say after the summary's counts (", 2 not checked"); empty by default. */
    String summaryExtra() {
        return "";
    }

    /** Where the lines for people go: standard output, or standard error when standard output carries data (--json). */
    PrintWriter humanOut(PrintWriter out, PrintWriter err) {
        return out;
    }

    /** A subcommand's own input check, made before connecting; null when the input is fine. */
    String inputProblem(ServerSpec spec) {
        return null;
    }

    /** What runs once connected: the mail steps in {@link #mode()}. */
    RunReport execute(SshSession session, ServerSpec spec, RunListener listener, Cancellation cancel) {
        return session.run(mode(), spec, listener, cancel);
    }

    /** What a subcommand does after the summary (still connected); returns the exit status, {@code exit} by default. */
    int after(PrintWriter out, PrintWriter err, SshSession session, ServerSpec spec, RunReport report, int exit) {
        return exit;
    }

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        Optional<ServerSpec> read = SpecFiles.read(specFile, err);
        if (read.isEmpty()) {
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        ServerSpec spec = read.get();
        SshSession.Options options;
        try {
            options = server.sessionOptions().withDnsServer(dnsServer).withInternetChecks(!noInternetChecks);
            if (authoritative) {
                options = options.authoritative();
            }
        } catch (IllegalArgumentException e) {
            err.println("--dns-server " + e.getMessage());
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        String problem = server.loginProblem(spec);
        if (problem == null) {
            problem = acmeCaProblem(spec);
        }
        if (problem == null) {
            problem = inputProblem(spec);
        }
        if (problem != null) {
            err.println(problem);
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        SshSession session = new SshSession(options);
        Cancellation cancel = new Cancellation();
        Thread hook = new Thread(cancel::cancel, "mailwright-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            humanOut(out, err).println("Connected to " + server.open(session, spec));
            RunListener listener = new ConsoleListener(out, verbose);
            RunReport report = execute(session, spec, listener, cancel);
            summary(humanOut(out, err), report);
            int exit = report.severity() == Severity.ERROR || report.cancelled() ? MailwrightCommand.FAILED : MailwrightCommand.OK;
            return after(out, err, session, spec, report, exit);
        } catch (IllegalArgumentException e) {
            // input was checked before connecting: this is a bug met on the way, and something may have been sent
            err.println(e.getMessage());
            return MailwrightCommand.FAILED;
        } catch (SessionException e) {
            // unreachable, refused login, a changed host key: the message says which and what to do
            err.println(e.getMessage());
            couldNotRun(out, spec, e.getMessage());
            return MailwrightCommand.FAILED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
            session.close();
            saveTranscript(session, err);
        }
    }

    /** The CA file is read in the TLS step, well after connecting: a missing one is bad input found up front. */
    private static String acmeCaProblem(ServerSpec spec) {
        return spec.tls().acmeCa()
                .map(Paths::expandHome)
                .filter(file -> !java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file))
                .map(file -> "tls.acme-ca: there is no readable file at " + file + ".")
                .orElse(null);
    }

    /** Every run's transcript is kept, so what was done to a server can always be read later. */
    private void saveTranscript(SshSession session, PrintWriter err) {
        if (session.transcriptIsEmpty() || transcriptFile == null && !keepsTranscript()) {
            return;
        }
        Path file = transcriptFile != null ? transcriptFile : defaultTranscript();
        try {
            session.saveTranscript(file);
            err.println("Transcript saved to " + file);
        } catch (IOException e) {
            err.println("Could not save the transcript: " + e.getMessage());
        }
    }

    private void summary(PrintWriter out, RunReport report) {
        if (mode() == Runner.Mode.PLAN || mode() == Runner.Mode.APPLY) {
            // a run stopped by an error changed nothing too, but the server does not match the spec
            if (report.changedNothing() && report.severity() != Severity.ERROR && !report.cancelled()) {
                out.println(mode() == Runner.Mode.PLAN ? "no changes" : "Nothing to change: the server already matches the spec.");
            }
        }
        if (report.cancelled()) {
            out.println("Cancelled.");
        }
        if (mode() != Runner.Mode.PLAN) {
            long errors = report.findings().stream().filter(f -> f.severity() == Severity.ERROR).count();
            long warnings = report.findings().stream().filter(f -> f.severity() == Severity.WARN).count();
            out.printf("%s: %d ok, %s, %s%s (%s)%n", Words.count(report.findings().size(), "check", "checks"),
                    report.findings().size() - errors - warnings, Words.count(warnings, "warning", "warnings"),
                    Words.count(errors, "error", "errors"), summaryExtra(), seconds(report.elapsed()));
        }
        out.flush();
    }

    private Path defaultTranscript() {
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Paths.state("transcripts", cmd.name() + "-" + stamp + ".log");
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    /** Progress lines per step with elapsed time; plans in full in plan mode. */
    final class ConsoleListener implements RunListener {
        private final PrintWriter out;
        private final boolean verbose;

        ConsoleListener(PrintWriter out, boolean verbose) {
            this.out = out;
            this.verbose = verbose;
        }

        @Override
        public void stepStarted(Step step, int index, int count) {
            out.printf("[%d/%d] %s%n", index + 1, count, step.title());
            out.flush();
        }

        @Override
        public void planned(Step step, Plan plan) {
            if (mode() == Runner.Mode.PLAN) {
                if (!plan.isEmpty() || !plan.notes().isEmpty()) {
                    out.print(plan.render().indent(4));
                }
            } else if (mode() == Runner.Mode.APPLY) {
                plan.notes().forEach(n -> out.println("      note: " + n));
                plan.changes().forEach(c -> out.println("      - " + c.summary()));
            }
            out.flush();
        }

        @Override
        public void message(String stepId, String message) {
            out.println("      " + message);
            out.flush();
        }

        @Override
        public void log(String stepId, String line) {
            if (verbose) {
                out.println("      | " + line);
                out.flush();
            }
        }

        @Override
        public void stepFinished(Step step, StepOutcome outcome) {
            for (Finding f : outcome.findings()) {
                String badge = switch (f.severity()) {
                    case OK -> "  ok ";
                    case WARN -> "WARN ";
                    case ERROR -> "ERROR";
                };
                out.printf("    %s %s: %s%n", badge, f.check(), f.message());
                if (!f.fix().isEmpty() && f.severity() != Severity.OK) {
                    out.printf("          -> %s%n", f.fix());
                }
            }
            out.printf("    done in %s%n", seconds(outcome.elapsed()));
            out.flush();
        }
    }
}
