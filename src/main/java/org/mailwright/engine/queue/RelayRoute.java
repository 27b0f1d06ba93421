package org.mailwright.engine.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay (smarthost) as the server's own smtpd.conf sets it up (the server is the truth: the queue is read without a
 * spec), and the last login problem smtpd logged for it, so that mail waiting because the relay refuses the login is
 * explained as that and not as "the recipient's servers rejected us".
 *
 * <p>Why the journal: when the relay answers AUTH with an error, smtpd logs {@code mta error reason=AUTH rejected:
 * REPLY} (mta_session.c, {@code mta_error}) but the session has no message yet, so the envelopes get only the route's
 * summary (mta.c {@code failstr}): "Network error on destination MXs" on OpenSMTPD 7.6 in the lab. The login error counts
 * only while it is the last session error smtpd logged; the log line does not name the relay, so with {@code domains}
 * a later error of a direct delivery hides it (the general explanation then stands).
 *
 * @param host      the relay's host name, from {@code action "relay" relay host URL}
 * @param domains   recipient domains routed to it ({@code match ... for domain { ... } action "relay"}); empty with
 *                  {@code all}
 * @param all       whether every outgoing message goes to it ({@code match ... for any action "relay"})
 * @param authError smtpd's last logged login problem with a relay ({@code AUTH rejected: 535 ...}), if any
 */
record RelayRoute(String host, List<String> domains, boolean all, Optional<String> authError) {
    private static final Pattern ACTION = Pattern.compile("(?m)^action \"relay\" relay host [a-z+]+://(?:[^@\\s]+@)?([^:\\s]+)");
    private static final Pattern MATCH = Pattern.compile("(?m)^match from (?:auth|local) for (any|domain \\{([^}]*)\\}) action \"relay\"");
    private static final Pattern REASON = Pattern.compile("mta error reason=([^\\n]*)");
    private static final Pattern AUTH_REASON = Pattern.compile("(?:AUTH rejected|AUTH not advertised|no supported AUTH method|Refuse to AUTH"
            + "|Could not retrieve credentials|Credentials too large).*");

    /**
     * Reads the shell output of {@link #PROBE}: smtpd.conf, a separator line, then the journal's relay login errors.
     *
     * @return the relay, or empty when smtpd.conf has no Mailwright relay action
     */
    static Optional<RelayRoute> parse(String probe) {
        int cut = probe.indexOf(SEPARATOR);
        String conf = cut < 0 ? probe : probe.substring(0, cut);
        String journal = cut < 0 ? "" : probe.substring(cut + SEPARATOR.length());
        Matcher a = ACTION.matcher(conf);
        if (!a.find()) {
            return Optional.empty();
        }
        List<String> domains = new ArrayList<>();
        boolean all = false;
        Matcher m = MATCH.matcher(conf);
        while (m.find()) {
            if (m.group(1).equals("any")) {
                all = true;
            } else {
                for (String d : m.group(2).split(",")) {
                    String name = d.strip().replace("\"", "").toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && !domains.contains(name)) {
                        domains.add(name);
                    }
                }
            }
        }
        // the last session error smtpd logged: a login problem only counts while no other error came after it
        Optional<String> error = Optional.empty();
        Matcher r = REASON.matcher(journal);
        while (r.find()) {
            error = Optional.of(r.group(1).strip());
        }
        error = error.filter(e -> AUTH_REASON.matcher(e).matches());
        return Optional.of(new RelayRoute(a.group(1), List.copyOf(domains), all, error));
    }

    static final String SEPARATOR = "@@mailwright:journal\n";

    /**
     * One command: smtpd.conf (world-readable), then the last session errors smtpd logged in the journal (root only; at
     * most the last 2000 lines of its unit, so this stays quick).
     */
    static final String PROBE = "cat /etc/smtpd.conf 2>/dev/null; printf '" + SEPARATOR.replace("\n", "\\n") + "'; "
            + "journalctl -u opensmtpd -n 2000 --no-pager -o cat 2>/dev/null | grep -F 'mta error reason=' | tail -n 3";

    /** Whether mail to {@code recipient} leaves through this relay. */
    boolean carries(String recipient) {
        int at = recipient.lastIndexOf('@');
        return all || (at >= 0 && domains.contains(recipient.substring(at + 1).toLowerCase(Locale.ROOT)));
    }

    /**
     * Plain words for an envelope to {@code recipient} that waits with {@code error}, when the relay is why; empty
     * otherwise (the general explanation stands).
     */
    Optional<String> explain(String error, String recipient) {
        String lower = error.toLowerCase(Locale.ROOT);
        if (!carries(recipient) || error.isEmpty()) {
            return Optional.empty();
        }
        String retrying = "; smtpd keeps trying for " + MailQueue.GIVES_UP_AFTER + " after the message arrived, then returns it to the sender.";
        // smtpd gives the envelopes the route's summary, not the session's error: on OpenSMTPD 7.6 a refused login left
        // "Network error on destination MXs" (RelayLabTest), and mta.c may also say "Destination seem to reject all mails"
        boolean network = lower.startsWith("network error on destination mxs") || lower.startsWith("connection failed")
                || lower.startsWith("connection timeout");
        boolean routeLevel = lower.startsWith("destination seem to reject all mails") || lower.startsWith("no valid route")
                || lower.startsWith("auth rejected") || lower.startsWith("could not retrieve credentials");
        if ((routeLevel || network) && authError.isPresent()) {
            return Optional.of("the relay " + host + " refused this server's login (smtpd: " + authError.get() + "): check relay.user and the"
                    + " password in relay.password-file, then run apply; the message leaves through the relay once the login works" + retrying);
        }
        if (network) {
            return Optional.of("the relay " + host + " did not answer (refused, timed out or cut off): check relay.host and relay.port"
                    + " and whether the relay is up" + retrying);
        }
        if (routeLevel) {
            return Optional.of("the relay " + host + " did not take the message (smtpd: " + error + ")" + retrying);
        }
        return Optional.empty();
    }
}
