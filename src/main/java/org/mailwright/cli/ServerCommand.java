package org.mailwright.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command that reads a spec, logs in to its server and does one piece of work there ({@code queue}, {@code trail},
 * {@code unban}, {@code dns ...}): the SPEC parameter, the login options and {@code --transcript}, and the order every
 * such command keeps. Bad input of any kind (the spec, the login, the command's own options) is refused with its
 * sentence and "Nothing was sent to the server." before connecting, exit status {@link MailwrightCommand#BAD_INPUT}.
 */
abstract class ServerCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The server spec (YAML) with the connection settings.")
    Path specFile;

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--transcript", paramLabel = "FILE", description = "Save every command sent to the server (secrets redacted).")
    Path transcriptFile;

    /** The command's own options, checked before the spec is read: a sentence naming the option, or null. */
    String inputProblem() {
        return null;
    }

    /** What only the spec can tell (a key the command needs), after the login is known to be possible; or null. */
    String specProblem(ServerSpec spec) {
        return null;
    }

    /** The work, logged in; returns the exit status. */
    abstract int run(ServerSpec spec, SshSession session, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
        PrintWriter out = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        String problem = inputProblem();
        if (problem != null) {
            return refuse(err, problem);
        }
        Optional<ServerSpec> read = SpecFiles.read(specFile, err);
        if (read.isEmpty()) {
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        ServerSpec spec = read.get();
        problem = server.loginProblem(spec);
        if (problem == null) {
            problem = specProblem(spec);
        }
        if (problem != null) {
            return refuse(err, problem);
        }
        return server.withSession(spec, out, err, transcriptFile, session -> run(spec, session, out, err));
    }

    static int refuse(PrintWriter err, String problem) {
        err.println(problem);
        err.println("Nothing was sent to the server.");
        return MailwrightCommand.BAD_INPUT;
    }
}
