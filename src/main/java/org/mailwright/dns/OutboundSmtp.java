package org.mailwright.dns;

import java.time.Duration;
import org.mailwright.model.DomainName;
import org.mailwright.model.Finding;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.OutputListener;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.Shell;

/**
 * Can the server open SMTP connections to other mail servers? Tested from the server itself (the desktop's network
 * says nothing about the server's), with bash's {@code /dev/tcp} so nothing needs installing, bounded by
 * {@code timeout} because a blocked port usually drops packets silently rather than refusing.
 */
public final class OutboundSmtp {
    static final int CONNECT_SECONDS = 7;

    private OutboundSmtp() {
    }

    /** The command run on the server; {@code target} must already be validated. */
    static Command command(String target) {
        return command(target, 25);
    }

    static Command command(String target, int port) {
        // a failed exec redirection does not end a non-interactive bash: exit explicitly, or a refused connection
        // would look like a silent success
        String inner = "exec 3<>/dev/tcp/" + target + "/" + port + " || exit 1; IFS= read -r -t 5 line <&3; printf '%s\\n' \"$line\"";
        return Command.script("timeout " + CONNECT_SECONDS + " bash -c " + Shell.quote(inner));
    }

    /**
     * What the blocked-port findings offer besides asking the provider: the relay (smarthost), which needs no outbound
     * port 25, with the spec key and where the README explains it.
     */
    public static final String RELAY_FIX = "or send outgoing mail through a relay (smarthost): add relay: to the spec with its host,"
            + " port 465 or 587, user and password-file (README, \"Relay (smarthost)\")";

    /** @param target a mail server that accepts connections on port 25 (a host name or IPv4 address) */
    public static Finding check(RemoteHost server, String target) {
        return check(server, target, false);
    }

    /**
     * @param target       a mail server that accepts connections on port 25 (a host name or IPv4 address)
     * @param relayForAll  the spec sends all outgoing mail through a relay ({@code relay:} without {@code domains}): a
     *                     blocked port 25 then stops no mail, and the finding says so instead of failing
     */
    public static Finding check(RemoteHost server, String target, boolean relayForAll) {
        Finding f = probe(server, target);
        if (relayForAll && f.severity() != org.mailwright.model.Severity.OK) {
            return Finding.ok(f.check(), f.message() + "; all outgoing mail goes through the relay (relay: in the spec), which does"
                    + " not need it");
        }
        return f;
    }

    private static Finding probe(RemoteHost server, String target) {
        if (!DomainName.isValid(target) && !target.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + target + "' is not a host name or IPv4 address");
        }
        String check = "Outbound port 25";
        String unblock = "Ask your hosting provider to allow outbound port 25 for this server (many block it for new accounts:"
                + " DigitalOcean, Hetzner, Vultr, AWS, Google Cloud and Azure have a support form or ticket for it),"
                + " " + RELAY_FIX + ".";
        CommandResult r = server.exec(command(target), OutputListener.NONE, Duration.ofSeconds(CONNECT_SECONDS + 8), Cancel.NEVER);
        String out = (r.stdout() + "\n" + r.stderr()).strip();
        if (r.exitStatus() == 0 && r.stdout().strip().startsWith("220")) {
            return Finding.ok(check, "the server reached " + target + ":25 (" + firstLine(r.stdout()) + ")");
        }
        if (r.exitStatus() == 0) {
            return Finding.warn(check, "the server connected to " + target + ":25 but got no SMTP greeting",
                    "Check again with another mail server as the target; if it repeats, a filter between the server and the internet"
                            + " intercepts port 25: ask your hosting provider.");
        }
        if (r.exitStatus() == 124) {
            return Finding.error(check, "connecting from the server to " + target + ":25 timed out after " + CONNECT_SECONDS
                    + " s: outbound port 25 is most likely blocked", unblock);
        }
        if (out.contains("Name or service not known") || out.contains("Temporary failure in name resolution")) {
            return Finding.warn(check, "the server could not resolve " + target + ": " + firstLine(out),
                    "Check the server's DNS resolver (/etc/resolv.conf), then check again.");
        }
        if (out.contains("Connection refused")) {
            return Finding.error(check, "the connection from the server to " + target + ":25 was refused", unblock);
        }
        return Finding.error(check, "the server could not connect to " + target + ":25 (exit " + r.exitStatus() + ": " + firstLine(out) + ")",
                unblock);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
