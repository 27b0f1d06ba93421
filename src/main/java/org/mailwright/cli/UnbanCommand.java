package org.mailwright.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mailwright.engine.bans.Bans;
import org.mailwright.model.ServerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mailwright unban SPEC ADDRESS}: lifts the brute-force protection's ban of one address in every jail (and in
 * fail2ban's database, so a reboot does not bring it back). The address is checked before connecting. Exit status: 0
 * lifted or not banned, 1 failed on the server, 2 bad input (nothing sent).
 */
@Command(name = "unban", mixinStandardHelpOptions = true, description = {
        "Lift the ban of an address the brute-force protection (fail2ban) banned after failed logins.",
        "mailwright status lists the addresses banned now. The address may be banned again if it keeps failing to log in.",
        "Exit status: 0 lifted (or it was not banned), 1 failed on the server, 2 bad input (nothing sent to the server)."})
final class UnbanCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The server spec (YAML) with the connection settings.")
    Path specFile;

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "The banned IPv4 or IPv6 address, as mailwright status lists it.")
    String address;

    @Mixin
    ServerOptions server = new ServerOptions();

    @picocli.CommandLine.Option(names = "--transcript", paramLabel = "FILE", description = "Save every command sent to the server (secrets redacted).")
    Path transcriptFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        Optional<ServerSpec> read = SpecFiles.read(specFile, err);
        if (read.isEmpty()) {
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        ServerSpec spec = read.get();
        String problem = server.loginProblem(spec);
        String checked = null;
        if (problem == null) {
            try {
                checked = Bans.address(address);
            } catch (IllegalArgumentException e) {
                problem = "ADDRESS: " + e.getMessage();
            }
        }
        if (problem != null) {
            err.println(problem);
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        String address = checked;
        return server.withSession(spec, out, err, transcriptFile, session -> {
            int jails = session.unban(address);
            out.println(jails == 0 ? address + " was not banned."
                    : "Lifted the ban on " + address + " (" + jails + (jails == 1 ? " jail" : " jails") + "): it can log in again on "
                    + org.mailwright.model.MailPorts.LOGIN.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ".");
            return MailwrightCommand.OK;
        });
    }
}
