package org.mailwright.engine.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteHost;

/**
 * OpenSMTPD's queue on a server: what {@code smtpctl show queue} lists, and asking smtpd to retry or drop one envelope.
 *
 * <p>The list format is smtpctl.c's {@code show_queue_envelope} (the same in Debian 12's 6.8.0p2 and Debian 13's
 * 7.6.0p1, checked on both): one line per envelope, fields separated by {@code |}:
 * {@code id|source|agent|flags|sender|recipient|dest|created|expires|last-try|retries|state|seconds|error}. The sender
 * of a bounce is {@code @}; last-try is 0 once the envelope went back to the queue; state is {@code pending} (seconds
 * until the next try), {@code inflight} (seconds since the try began), {@code offline} (smtpd is not running: smtpctl
 * read the spool itself), and the flags list has {@code suspend} or {@code hold} when the envelope is paused. The error
 * is last (passed through strnvis, so a {@code |} in it stays as it is): everything after the thirteenth separator.
 */
public final class MailQueue {

    /** {@code smtpctl show queue}: read-only, answered from smtpd or, when it is stopped, from the spool. */
    public static final Command LIST = Command.of("smtpctl", "show", "queue");

    /**
     * How long smtpd keeps retrying before it bounces: smtpd.conf(5) {@code queue ttl}, 4 days unless set, and
     * Mailwright does not set it.
     */
    public static final String GIVES_UP_AFTER = "4 days";

    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern COUNT = Pattern.compile("^(\\d+) envelopes? (scheduled|removed)", Pattern.MULTILINE);
    private static final Pattern SMTP_REPLY = Pattern.compile("^(?:[A-Za-z ]+ rejected: )?([245])(\\d\\d)[ -](.*)$", Pattern.DOTALL);
    private static final int FIELDS = 14;

    private MailQueue() {
    }

    /**
     * Checks an envelope id before anything is sent.
     *
     * @param id what was given; upper-case hex is accepted and lowered, as smtpctl prints ids in lower case
     * @return the id in lower case
     * @throws IllegalArgumentException naming the id and the format when it is not 16 hex digits
     */
    public static String envelopeId(String id) {
        String lowered = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        if (!ID.matcher(lowered).matches()) {
            String shown = id == null ? "Nothing" : id.matches("[ -~]{0,40}") ? "'" + id + "'" : "The id given";
            throw new IllegalArgumentException(shown
                    + " is not an envelope id: that is 16 hex digits (0-9, a-f), as mailwright queue lists it, e.g. 979ef3a68eec206b.");
        }
        return lowered;
    }

    /**
     * {@code smtpctl schedule ID} (smtpctl(8)): try this envelope now instead of at its next scheduled try.
     *
     * @throws IllegalArgumentException when {@code id} is not 16 hex digits, as {@link #envelopeId}
     */
    public static Command retryCommand(String id) {
        return Command.of("smtpctl", "schedule", envelopeId(id));
    }

    /**
     * {@code smtpctl remove ID} (smtpctl(8)): drop this envelope; no bounce is sent.
     *
     * @throws IllegalArgumentException when {@code id} is not 16 hex digits, as {@link #envelopeId}
     */
    public static Command removeCommand(String id) {
        return Command.of("smtpctl", "remove", envelopeId(id));
    }

    /**
     * Reads the queue on {@code host}. When an envelope has an error, a second read-only command reads smtpd.conf and
     * smtpd's last session errors ({@link RelayRoute}), so that mail held up by the relay (smarthost) is explained as that.
     *
     * @return every envelope, oldest first
     * @throws QueueException when smtpctl fails (not installed, spool unreadable) or prints a line that is not an envelope
     * @throws org.mailwright.remote.RemoteException when the server cannot be reached
     */
    public static List<QueuedEnvelope> read(RemoteHost host) {
        CommandResult r = host.exec(LIST);
        if (!r.ok()) {
            throw new QueueException("smtpctl show queue failed on " + host.describe() + ": " + r.firstLine());
        }
        List<QueuedEnvelope> envelopes = parse(r.stdout());
        if (envelopes.stream().noneMatch(e -> !e.lastError().isEmpty())) {
            return envelopes;
        }
        // mail that waits because of the relay (smarthost) is explained as that: see RelayRoute
        CommandResult probe = host.exec(Command.script(RelayRoute.PROBE));
        Optional<RelayRoute> relay = probe.ok() ? RelayRoute.parse(probe.stdout()) : Optional.empty();
        return relay.isEmpty() ? envelopes : withRelay(envelopes, relay.get());
    }

    /** {@code envelopes} with the explanations of those the relay holds up replaced by the relay's. */
    static List<QueuedEnvelope> withRelay(List<QueuedEnvelope> envelopes, RelayRoute relay) {
        return envelopes.stream().map(e -> relay.explain(e.lastError(), e.recipient())
                .map(x -> new QueuedEnvelope(e.id(), e.sender(), e.recipient(), e.queuedAt(), e.lastTry(), e.retries(), e.state(), e.lastError(), x))
                .orElse(e)).toList();
    }

    /**
     * Asks smtpd to try {@code id} now.
     *
     * @throws IllegalArgumentException when {@code id} is not 16 hex digits (nothing is sent)
     * @throws QueueException when the envelope is not in the queue (any more), or smtpd is not running
     */
    public static void retry(RemoteHost host, String id) {
        change(host, retryCommand(id), id, "retried");
    }

    /**
     * Removes {@code id} from the queue for good: the recipient does not get the message and the sender is not told.
     *
     * @throws IllegalArgumentException when {@code id} is not 16 hex digits (nothing is sent)
     * @throws QueueException when the envelope is not in the queue (any more), or smtpd is not running
     */
    public static void remove(RemoteHost host, String id) {
        change(host, removeCommand(id), id, "removed");
    }

    private static void change(RemoteHost host, Command command, String id, String what) {
        String envelope = envelopeId(id);
        CommandResult r = host.exec(command);
        String said = r.firstLine();
        if (!r.ok()) {
            throw new QueueException(said.contains("doesn't seem to be running")
                    ? "OpenSMTPD is not running on " + host.describe() + ", so nothing can be " + what + ": start it (systemctl start opensmtpd)."
                    : "smtpctl could not change envelope " + envelope + ": " + said);
        }
        Matcher m = COUNT.matcher(r.stdout());
        // smtpctl exits 0 for an id it does not hold and says "0 envelope scheduled/removed"
        if (m.find() && m.group(1).equals("0")) {
            // an envelope being delivered right now is not rescheduled or removed either: tell it from a gone one
            Optional<QueuedEnvelope> still = read(host).stream().filter(q -> q.id().equals(envelope)).findFirst();
            if (still.isPresent()) {
                throw new QueueException("Envelope " + envelope + " was not " + what + ": smtpd is " + ("inflight".equals(still.get().state())
                        ? "delivering it right now; try again once this try is over (mailwright queue shows it pending)." : "holding it as "
                        + still.get().state() + "."));
            }
            throw new QueueException(gone(envelope));
        }
    }

    /**
     * The sentence for an envelope id that is not in the queue: "Envelope ID is not in the queue any more: ...".
     *
     * @param id the envelope id as given (already checked)
     */
    public static String gone(String id) {
        return "Envelope " + id + " is not in the queue any more: it was delivered, bounced or removed meanwhile"
                + " (mailwright queue lists what is there now).";
    }

    /**
     * Parses the output of {@code smtpctl show queue}.
     *
     * @return every envelope, oldest first (by creation, then id); blank lines are skipped
     * @throws QueueException naming the line when one does not have the 14 fields or its numbers are not numbers
     */
    public static List<QueuedEnvelope> parse(String stdout) {
        List<QueuedEnvelope> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                out.add(parseLine(line.stripTrailing()));
            }
        }
        out.sort(Comparator.comparing(QueuedEnvelope::queuedAt).thenComparing(QueuedEnvelope::id));
        return List.copyOf(out);
    }

    /**
     * One line of {@code smtpctl show queue}.
     *
     * @throws QueueException naming the line when it is not an envelope line
     */
    public static QueuedEnvelope parseLine(String line) {
        String[] f = line.split("\\|", FIELDS);
        if (f.length != FIELDS || !ID.matcher(f[0]).matches()) {
            throw new QueueException("smtpctl show queue printed a line Mailwright cannot read: " + line);
        }
        try {
            String sender = f[4].equals("@") ? "" : f[4];
            Instant created = Instant.ofEpochSecond(Long.parseLong(f[7]));
            long last = Long.parseLong(f[9]);
            int retries = Integer.parseInt(f[10]);
            String state = state(f[3], f[11]);
            String error = f[13].strip();
            return new QueuedEnvelope(f[0], sender, f[5], created, last == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(last)),
                    retries, state, error, explain(error, f[5]));
        } catch (NumberFormatException e) {
            throw new QueueException("smtpctl show queue printed a line Mailwright cannot read (" + e.getMessage() + "): " + line);
        }
    }

    /** pending, inflight or offline as smtpctl says; "frozen" when paused ({@code smtpctl pause envelope}: flags suspend or hold). */
    private static String state(String flags, String runstate) {
        List<String> list = List.of(flags.split(","));
        if (list.contains("suspend") || list.contains("hold")) {
            return "frozen";
        }
        return runstate.isEmpty() ? "unknown" : runstate;
    }

    /**
     * The last error of an envelope in plain words, for the person who sent the mail or runs the server.
     *
     * <p>The error texts are OpenSMTPD's own (mta.c {@code failstr}, mta_session.c {@code mta_error}), or the
     * receiving server's SMTP reply as it sent it (RFC 5321 section 4.2: 4xx temporary, 5xx permanent).
     *
     * @param error     the error as smtpd recorded it; empty when none yet
     * @param recipient the envelope's recipient, whose domain the sentence names
     * @return a sentence; empty when {@code error} is empty
     */
    public static String explain(String error, String recipient) {
        String e = error == null ? "" : error.strip();
        if (e.isEmpty()) {
            return "";
        }
        int at = recipient == null ? -1 : recipient.lastIndexOf('@');
        String domain = at >= 0 ? recipient.substring(at + 1) : "the recipient's domain";
        String retrying = "; smtpd keeps trying for " + GIVES_UP_AFTER + " after the message arrived, then returns it to the sender.";
        if (e.toLowerCase(Locale.ROOT).startsWith("auth rejected")) {
            // only a relay (smarthost) is logged in to: the mail waits until the login works
            return "the relay refused this server's login (" + e + "): check relay.user and the password in relay.password-file, then run"
                    + " apply; the message leaves once the login works" + retrying;
        }
        Matcher reply = SMTP_REPLY.matcher(e);
        if (reply.matches()) {
            String text = reply.group(1) + reply.group(2) + " " + reply.group(3).strip();
            return switch (reply.group(1)) {
                case "4" -> "temporary: the receiving server said: " + text + retrying;
                case "5" -> "the receiving server refused it: " + text + (listed(text) ? " (this server's IP address is on a blocklist it uses)" : "")
                        + ".";
                default -> "the receiving server said: " + text + ".";
            };
        }
        String lower = e.toLowerCase(Locale.ROOT);
        if (lower.contains("mail.lmtp")) {
            // delivery to this server's own mailboxes through Dovecot: smtpd keeps every LMTP error as temporary
            String who = recipient == null || recipient.isBlank() ? "the mailbox" : recipient;
            if (lower.contains("quota exceeded") || lower.contains("5.2.2")) {
                return "the mailbox " + who + " is full (its quota): it is delivered once there is room; the person deletes mail, or give "
                        + "more room with mailwright users quota " + who + " SIZE" + retrying;
            }
            if (lower.contains("permission denied") || lower.contains("connection refused") || lower.contains("no such file")) {
                return "Dovecot is not taking mail for the mailboxes right now (its LMTP socket does not answer): it is delivered as soon"
                        + " as Dovecot runs again (systemctl status dovecot on the server)" + retrying;
            }
            return "Dovecot did not take it for " + who + ": " + e + retrying;
        }
        if (lower.startsWith("network error on destination mxs") || lower.startsWith("connection failed") || lower.startsWith("io error")
                || lower.startsWith("connection timeout") || lower.startsWith("connection closed unexpectedly")) {
            return "no mail server of " + domain + " answered on port 25 (refused, timed out or cut off)" + retrying;
        }
        if (lower.startsWith("domain does not exist") || lower.startsWith("invalid domain name")) {
            return "the domain " + domain + " does not exist: check the address for a typo.";
        }
        if (lower.startsWith("no mx found") || lower.startsWith("host not found")) {
            return domain + " has no mail server (no MX or address record)" + retrying;
        }
        if (lower.startsWith("domain does not accept mail")) {
            return domain + " says it accepts no mail at all (null MX).";
        }
        if (lower.startsWith("temporary failure in mx lookup")) {
            return "the DNS lookup of " + domain + "'s mail server failed for now (this server's resolver or that domain's name servers)" + retrying;
        }
        if (lower.startsWith("destination seem to reject all mails")) {
            return "every mail server of " + domain + " rejected this server's connections" + retrying;
        }
        if (lower.startsWith("no valid route") || lower.startsWith("all routes to destination blocked")
                || lower.startsWith("address family mismatch")) {
            return "this server found no way to reach a mail server of " + domain + " (IPv4/IPv6 or routing)" + retrying;
        }
        if (lower.startsWith("tls required but not supported")) {
            return "a mail server of " + domain + " does not offer TLS, and this server requires it for that domain.";
        }
        if (lower.startsWith("loop detected")) {
            return "the message went round in a loop between mail servers (too many Received headers).";
        }
        return "smtpd says: " + e;
    }

    private static boolean listed(String reply) {
        String l = reply.toLowerCase(Locale.ROOT);
        return l.contains("listed") || l.contains("blocklist") || l.contains("blacklist") || l.contains("spamhaus") || l.contains("dnsbl");
    }
}
