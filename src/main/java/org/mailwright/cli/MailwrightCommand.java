package org.mailwright.cli;

import org.mailwright.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the command line: {@code mailwright <command>}; without a command the GUI opens instead. */
@Command(name = "mailwright", mixinStandardHelpOptions = true, versionProvider = MailwrightCommand.VersionProvider.class,
        description = {"Turns a fresh Debian 12 or 13 server into a working mail server over SSH, and keeps it managed.",
                "Run without arguments to open the window."},
        subcommands = {ApplyCommand.class, PlanCommand.class, CheckCommand.class, ExportCommand.class, HashPasswordCommand.class,
                UsersCommand.class, AliasesCommand.class, DomainsCommand.class,
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
        CommandLine cl = new CommandLine(new MailwrightCommand());
        // bad options are bad input, like a bad spec
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println(ex.getMessage());
            ex.getCommandLine().usage(ex.getCommandLine().getErr());
            return BAD_INPUT;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Mailwright " + Version.get()};
        }
    }
}
