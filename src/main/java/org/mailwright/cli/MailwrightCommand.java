package org.mailwright.cli;

import org.mailwright.Version;
import org.mailwright.logging.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command line: {@code mailwright <command>}; without a command the GUI opens instead. */
@Command(name = "mailwright", mixinStandardHelpOptions = true, versionProvider = MailwrightCommand.VersionProvider.class,
        description = {"Turns a fresh Debian 12 or 13 server into a working mail server over SSH, and keeps it managed.",
                "Run without arguments to open the window."},
        subcommands = {ApplyCommand.class, PlanCommand.class, CheckCommand.class, StatusCommand.class, SpecCommand.class, ExportCommand.class, HashPasswordCommand.class,
                UsersCommand.class, AliasesCommand.class, DomainsCommand.class, BackupCommand.class, RestoreCommand.class, UpgradeCommand.class,
                QueueCommand.class, UnbanCommand.class, DnsCommand.class,
                TrailCommand.class,
                CommandLine.HelpCommand.class})
public final class MailwrightCommand implements Runnable {

    /** Exit codes shared by every command. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line as {@link #execute} runs it; tests set its out and err. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MailwrightCommand());
        // bad options are bad input, like a bad spec
        cl.setParameterExceptionHandler((ex, a) -> {
            java.util.Optional<String> unknown = ex instanceof CommandLine.UnmatchedArgumentException u ? unknownCommand(u)
                    : java.util.Optional.empty();
            if (unknown.isPresent()) {
                // a mistyped command: the sentence says what to type; the whole usage would bury it
                ex.getCommandLine().getErr().println(unknown.get());
                return BAD_INPUT;
            }
            ex.getCommandLine().getErr().println(parameterMessage(ex));
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return BAD_INPUT;
        });
        // a bug's stack trace is worth printing, but exception messages quote whatever was at hand
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new java.io.PrintWriter(trace));
            c.getErr().println("Mailwright failed unexpectedly; please report this:");
            c.getErr().print(Secrets.redact(trace.toString()));
            c.getErr().flush();
            return FAILED;
        });
        return cl;
    }

    /**
     * picocli repeats unmatched arguments verbatim, and the one most often put where it does not belong is a password
     * (`users add ADDRESS PASSWORD`, `--password X`): name the unknown options, never echo the values.
     */
    static String parameterMessage(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return ex.getMessage();
        }

        java.util.List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-"))
                .map(a -> a.replaceFirst("=.*", "=...")).toList();
        int values = u.getUnmatched().size() - options.size();
        String said = (options.isEmpty() ? "" : "Unknown option" + (options.size() == 1 ? "" : "s") + ": " + String.join(", ", options)
                + (values > 0 ? "; and " : ". ")) + (values > 0 ? values + " unexpected argument" + (values == 1 ? "" : "s")
                + " (not repeated here, in case it is a password). " : "");
        return said + "Passwords are never given as arguments: they come from stdin or the environment (see --help).";
    }

    /**
     * "'aply' is not a mailwright command; did you mean apply?" where a command group got a word that is none of its
     * commands. The word is repeated only when it looks like a command (letters and hyphens), never a would-be secret.
     */
    static java.util.Optional<String> unknownCommand(CommandLine.UnmatchedArgumentException u) {
        CommandLine c = u.getCommandLine();
        if (c.getSubcommands().isEmpty() || u.getUnmatched().isEmpty() || u.getUnmatched().get(0).startsWith("-")
                || c.getParseResult() != null && c.getParseResult().hasSubcommand()) {
            return java.util.Optional.empty();
        }
        String word = u.getUnmatched().get(0);
        String shown = word.matches("[A-Za-z][A-Za-z-]{0,30}") ? "'" + word + "'" : "That";
        String path = c.getCommandSpec().qualifiedName();
        java.util.Optional<String> like = org.mailwright.model.Words.closest(word, c.getSubcommands().keySet());
        return java.util.Optional.of(shown + " is not a " + path + " command" + like.map(l -> "; did you mean " + l + "?").orElse("")
                + " (" + path + " --help lists them)");
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Mailwright " + Version.get()};
        }
    }
}
