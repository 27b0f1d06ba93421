package org.mailwright.engine.bans;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.model.IpAddress;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteHost;
import org.mailwright.render.Fail2ban;

/**
 * The addresses the brute-force protection bans now, and lifting a ban, through {@code fail2ban-client} on the server.
 *
 * <p>The list is {@code fail2ban-client get JAIL banip --with-time} for every running jail (fail2ban 1.0.2 and 1.1.0:
 * banmanager.py {@code getBanList(withTime=True)}): one line per ban, {@code ADDRESS \tBEGIN + SECONDS = END}, times
 * in the server's local time, ordered by end. The jails come from {@code fail2ban-client status}.
 */
public final class Bans {
    private Bans() {
    }

    /** How fail2ban writes {@link Ban#since()} and {@link Ban#until()} (mytime.py {@code time2str}, the server's local time). */
    public static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s+(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) \\+ (-?\\d+) = (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)$");

    /**
     * One shell run: a {@code @@jail NAME} line, then that jail's bans, for every running jail. Exit 3: fail2ban is not
     * installed; 4: it does not answer.
     */
    static final Command LIST = Command.script("command -v fail2ban-client >/dev/null 2>&1 || exit 3\n"
            + "s=$(fail2ban-client status 2>&1) || { printf '%s\\n' \"$s\" >&2; exit 4; }\n"
            + "for j in $(printf '%s\\n' \"$s\" | sed -n 's/.*Jail list:[[:space:]]*//p' | tr ',' ' '); do\n"
            + "  printf '@@jail %s\\n' \"$j\"; fail2ban-client get \"$j\" banip --with-time\n"
            + "done");

    /**
     * Every ban now, soonest to end first within each jail.
     *
     * @throws BansException when fail2ban is not installed, does not answer, or a line cannot be read
     */
    public static List<Ban> read(RemoteHost host) {
        CommandResult r = host.exec(LIST);
        if (r.exitStatus() == 3) {
            throw new BansException("fail2ban is not installed on " + host.describe() + ": run mailwright apply, which sets up the brute-force protection.");
        }
        if (!r.ok()) {
            throw new BansException("fail2ban does not answer on " + host.describe() + " (" + r.firstLine()
                    + "): start it with systemctl restart fail2ban; journalctl -u fail2ban -n 50 says why it stopped.");
        }
        return parse(r.stdout());
    }

    /**
     * The bans in {@link #LIST}'s output.
     *
     * @throws BansException naming the line when one is neither a jail marker nor a ban
     */
    public static List<Ban> parse(String out) {
        List<Ban> bans = new ArrayList<>();
        String jail = null;
        for (String raw : out.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("@@jail ")) {
                jail = line.substring("@@jail ".length()).strip();
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (jail == null || !m.matches()) {
                throw new BansException("fail2ban's list of bans has a line Mailwright cannot read: " + line);
            }
            bans.add(new Ban(m.group(1), jail, m.group(2), Long.parseLong(m.group(3)), m.group(4)));
        }
        return List.copyOf(bans);
    }

    /**
     * Checks an address before anything is sent.
     *
     * @return the address, stripped
     * @throws IllegalArgumentException saying what an address looks like, when {@code address} is not one IPv4 or IPv6
     *                                  address (a network, a host name or brackets are refused)
     */
    public static String address(String address) {
        String a = address == null ? "" : address.strip();
        if (!IpAddress.isAddress(a)) {
            String shown = address == null ? "Nothing" : address.matches("[ -~]{0,60}") ? "'" + address + "'" : "The address given";
            throw new IllegalArgumentException(shown + " is not an IP address: give one such as 203.0.113.7 or 2001:db8::7, as mailwright status lists the bans.");
        }
        return a;
    }

    /** {@code fail2ban-client unban ADDRESS}: lifts every jail's ban of it. */
    public static Command unbanCommand(String address) {
        return Command.of("fail2ban-client", "unban", address(address));
    }

    /**
     * Lifts every ban of {@code address}.
     *
     * @return how many jails had banned it (0: it was not banned)
     * @throws IllegalArgumentException when {@code address} is not an address (nothing is sent)
     * @throws BansException when fail2ban does not answer
     */
    public static int unban(RemoteHost host, String address) {
        Command c = unbanCommand(address);
        CommandResult r = host.exec(c);
        if (!r.ok()) {
            throw new BansException("fail2ban did not lift the ban on " + host.describe() + " (" + r.firstLine()
                    + "): is it running? systemctl status fail2ban on the server.");
        }
        String n = r.stdout().strip();
        return n.matches("\\d+") ? Integer.parseInt(n) : 0;
    }

    /** The jails whose bans {@link #read} lists, for a person reading {@link Fail2ban}'s names. */
    public static String describe(String jail) {
        return switch (jail) {
            case Fail2ban.DOVECOT_JAIL -> "IMAP and ManageSieve logins";
            case Fail2ban.OPENSMTPD_JAIL -> "SMTP logins (submission)";
            case Fail2ban.SSHD_JAIL -> "SSH logins";
            default -> jail;
        };
    }
}
