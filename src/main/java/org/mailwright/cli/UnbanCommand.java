package org.mailwright.cli;

import java.io.PrintWriter;
import org.mailwright.engine.bans.Bans;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mailwright unban SPEC ADDRESS}: lifts the brute-force protection's ban of one address in every jail (and in
 * fail2ban's database, so a reboot does not bring it back). The address is checked before connecting. Exit status: 0
 * lifted or not banned, 1 failed on the server, 2 bad input (nothing sent).
 */
@Command(name = "unban", mixinStandardHelpOptions = true, description = {
        "Lift the ban of an address the brute-force protection (fail2ban) banned after failed logins.",
        "mailwright status lists the addresses banned now. The address may be banned again if it keeps failing to log in.",
        "Exit status: 0 lifted (or it was not banned), 1 failed on the server, 2 bad input (nothing sent to the server)."})
final class UnbanCommand extends ServerCommand {
    @Parameters(index = "1", paramLabel = "ADDRESS", description = "The banned IPv4 or IPv6 address, as mailwright status lists it.")
    String address;

    @Override
    String inputProblem() {
        try {
            Bans.address(address);
            return null;
        } catch (IllegalArgumentException e) {
            return "ADDRESS: " + e.getMessage();
        }
    }

    @Override
    int run(ServerSpec spec, SshSession session, PrintWriter out, PrintWriter err) {
        String checked = Bans.address(address);
        int jails = session.unban(checked);
        out.println(jails == 0 ? checked + " was not banned."
                : "Lifted the ban on " + checked + " (" + jails + (jails == 1 ? " jail" : " jails") + "): it can log in again on "
                + org.mailwright.model.MailPorts.LOGIN.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) + ".");
        return MailwrightCommand.OK;
    }
}
