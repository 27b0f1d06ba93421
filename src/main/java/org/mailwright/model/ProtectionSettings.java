package org.mailwright.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brute-force protection (spec key {@code protection}): fail2ban bans an address that fails to log in
 * {@code maxretry} times within {@code findtime} on the login ports ({@link MailPorts#LOGIN}) for {@code bantime},
 * doubling for every repeat ban up to {@link #MAX_BANTIME_SECONDS} (fail2ban's {@code bantime.increment}, jail.conf(5)).
 *
 * @param ssh             spec key {@code protection.ssh}: also ban on SSH login failures (fail2ban's sshd jail);
 *                        false by default, so SSH keeps its own settings unless the person opts in
 * @param maxretry        failed logins (one per connection for IMAP and ManageSieve: Dovecot logs one line per
 *                        connection; one per AUTH for SMTP) before a ban, 2 to 20; 5 by default
 * @param findtimeSeconds the window those failures must fall in, seconds, 1 minute to 1 day; 10 minutes by default
 * @param bantimeSeconds  the first ban, seconds, 1 minute to 4 weeks; 1 hour by default
 * @param ignore          addresses or networks never banned (IPv4/IPv6, optionally /prefix), besides the server's own
 *                        and the address Mailwright connects from, which are always exempt
 */
public record ProtectionSettings(boolean ssh, int maxretry, long findtimeSeconds, long bantimeSeconds, List<String> ignore) {
    public static final ProtectionSettings DEFAULT = new ProtectionSettings(false, 5, 600, 3600, List.of());

    /** The longest a repeat ban grows to ({@code bantime.maxtime}): 4 weeks, in seconds. */
    public static final long MAX_BANTIME_SECONDS = 4 * 7 * 86_400L;
    public static final int MIN_MAXRETRY = 2;
    public static final int MAX_MAXRETRY = 20;
    public static final long MIN_SECONDS = 60;
    public static final long MAX_FINDTIME_SECONDS = 86_400;

    public ProtectionSettings {
        ignore = List.copyOf(ignore);
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})([smhdw])");

    /**
     * Parses a duration as fail2ban writes them ({@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 1w}).
     *
     * @param key  the spec key, named in the message
     * @return the duration in seconds
     * @throws IllegalArgumentException "KEY: ..." saying the accepted form, for anything else (a bare number is
     *                                  refused: minutes or seconds would be a guess)
     */
    public static long seconds(String key, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration; write a number and a unit, such as 10m, 1h, 2d or 1w"
                    + " (s, m, h, d, w)");
        }
        long n = Long.parseLong(m.group(1));
        return n * switch (m.group(2)) {
            case "s" -> 1L;
            case "m" -> 60L;
            case "h" -> 3600L;
            case "d" -> 86_400L;
            default -> 7 * 86_400L;
        };
    }

    /** {@code seconds} in the largest unit that divides it ({@code 3600 -> 1h}), as the spec and {@link #seconds} write it. */
    public static String text(long seconds) {
        long[] sizes = {7 * 86_400L, 86_400L, 3600L, 60L};
        String[] units = {"w", "d", "h", "m"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds % sizes[i] == 0 && seconds >= sizes[i]) {
                return seconds / sizes[i] + units[i];
            }
        }
        return seconds + "s";
    }

    /** What is wrong with these settings, as spec problems at {@code protection.*}; empty when they are fine. */
    public List<SpecProblem> problems() {
        List<SpecProblem> out = new ArrayList<>();
        if (maxretry < MIN_MAXRETRY || maxretry > MAX_MAXRETRY) {
            out.add(new SpecProblem("protection.maxretry", maxretry + " is outside " + MIN_MAXRETRY + "-" + MAX_MAXRETRY
                    + " (failed logins before a ban; 5 is usual, 1 would ban a person for one typo)"));
        }
        range("protection.findtime", findtimeSeconds, MAX_FINDTIME_SECONDS, "1d").ifPresent(out::add);
        range("protection.bantime", bantimeSeconds, MAX_BANTIME_SECONDS, "4w").ifPresent(out::add);
        for (int i = 0; i < ignore.size(); i++) {
            if (!IpAddress.isNetwork(ignore.get(i))) {
                out.add(new SpecProblem("protection.ignore[" + i + "]", "'" + ignore.get(i)
                        + "' is not an IP address or network; write one such as 203.0.113.7, 198.51.100.0/24 or 2001:db8::/48"));
            }
        }
        return out;
    }

    private static Optional<SpecProblem> range(String key, long seconds, long max, String maxText) {
        if (seconds < MIN_SECONDS || seconds > max) {
            return Optional.of(new SpecProblem(key, text(seconds) + " is outside 1m-" + maxText));
        }
        return Optional.empty();
    }
}
