package org.mailwright.engine.trail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.engine.trail.MessageTrail.Hop;
import org.mailwright.engine.trail.MessageTrail.Kind;
import org.mailwright.model.EmailAddress;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.OutputListener;
import org.mailwright.remote.RemoteException;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.Shell;

/**
 * Reads the trail of the messages from or to one address: OpenSMTPD's journal ({@code journalctl -o json}) and
 * rspamd's own log file, grouped into {@link MessageTrail}s.
 *
 * <p>What the logs hold, as seen on Debian 12 (OpenSMTPD 7.4 from backports, rspamd 3.4) and Debian 13 (OpenSMTPD 7.6,
 * rspamd 3.12) (fixtures in src/test/resources/org/mailwright/engine/trail):
 * <ul>
 *   <li>smtpd logs per SMTP session id (16 hex digits): {@code smtp connected address=IP host=NAME},
 *       {@code smtp tls ciphers=…}, {@code smtp authentication user=… result=ok}, {@code smtp message msgid=…},
 *       {@code smtp envelope evpid=… from=<…> to=<…>}, {@code smtp failed-command command="…" result="…"}. The
 *       listener (port) is not logged, so a session with a login is taken as submission (587 or 465) and one without
 *       as a server delivering on port 25; {@code address=local} is the server's own sendmail.</li>
 *   <li>deliveries: {@code mda delivery evpid=… to=<…> rcpt=<…> result=Ok stat=…} to a mailbox (handed to Dovecot over
 *       LMTP, {@code to} as smtpd gave it in the LMTP RCPT: the address as written, tag included, or what an alias
 *       resolved to; an LMTP error of Dovecot's is a TempFail, docs/design/issue-17-delivery-notes.md), and
 *       {@code mta delivery evpid=… to=<…> rcpt=<-> relay="IP (NAME)" result="Ok|TempFail|PermFail" stat="REPLY"} to
 *       another server, its answer in stat. A bounce is a new message from {@code <>} that smtpd injects through
 *       {@code address=local}. A refused command ({@code smtp failed-command}) becomes a trail of its own, found by the
 *       address in MAIL FROM or RCPT TO only (so a failed AUTH, whose line holds the credentials, is never shown).
 *       An envelope id starts with the
 *       8 hex digits of its message id, which ties a delivery to its message even when the session is older than
 *       what was read.</li>
 *   <li>rspamd logs to /var/log/rspamd/rspamd.log (Debian's logging.inc), not to the journal: one
 *       {@code rspamd_task_write_log} line per scan with {@code qid: <MSGID>} (filter-rspamd passes smtpd's message id
 *       as Queue-Id), {@code id: <Message-ID>} and {@code (default: F (no action): [score/threshold] [symbols])}. Its
 *       times carry no zone, so the scan is shown at the time smtpd accepted the message, which is when it ended.</li>
 *   <li>dovecot's journal holds logins and its LMTP side of each delivery; smtpd's {@code mda delivery} line already
 *       says whether the mailbox took the message, so only smtpd's lines are read.</li>
 * </ul>
 */
public final class JournalTrail {
    /** At most this many journal lines are looked at (the newest in the period), about 10,000 messages; fewer leave the server. */
    public static final int MAX_JOURNAL_LINES = 100_000;
    /** At most this many messages are shown, the newest; their rspamd lines are looked up by id. */
    public static final int MAX_MESSAGES = 200;
    /** How long reading the logs may take on the server. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** The units whose journal is read. */
    static final List<String> UNITS = List.of("opensmtpd", "rspamd", "dovecot");
    static final String RSPAMD_LOGS = "/var/log/rspamd/rspamd.log*";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SMTPD = Pattern.compile("^([0-9a-f]{16}) (smtp|mda|mta) ([a-z-]+(?: [a-z-]+(?= |$))?) ?(.*)$");
    private static final Pattern FIELD = Pattern.compile("([a-z-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|<[^>]*>|\\S+)");
    private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern RSPAMD = Pattern.compile(
            "rspamd_task_write_log: id: <(.*?)>, qid: <([0-9a-f]{8})>.*?\\(default: ([TF]) \\(([a-z ]+)\\): \\[(-?[0-9.]+)/(-?[0-9.]+)\\] \\[(.*?)\\]\\)");
    private static final Pattern RELAY = Pattern.compile("(\\S+) \\((\\S+)\\)");
    private static final Pattern SYMBOL = Pattern.compile("([A-Z0-9_]+)\\((-?[0-9.]+)\\)");

    private JournalTrail() {
    }

    /**
     * Reads the logs on {@code host} and returns the trails of the messages from or to {@code address}, newest first.
     *
     * @param host    the connected server (commands run as root: the journal and rspamd's log need it)
     * @param address an email address; {@code name@} also finds {@code name+tag@}
     * @param day     only that day in the server's time zone; else the last 7 days
     * @throws IllegalArgumentException when {@code address} is not an email address (nothing is sent)
     * @throws org.mailwright.remote.RemoteException when journalctl fails or the connection does
     */
    public static List<MessageTrail> read(RemoteHost host, String address, Optional<LocalDate> day) {
        checkAddress(address);
        CommandResult journal = host.exec(journalCommand(day), OutputListener.NONE, TIMEOUT, Cancel.NEVER).orThrow();
        if (journal.stdout().isBlank() && !journal.stderr().isBlank()) {
            // grep found nothing because journalctl failed (its exit status is lost in the pipe: dash has no pipefail)
            throw new RemoteException("Could not read the journal on " + host.describe() + ": " + journal.stderr().strip());
        }
        List<MessageTrail> smtpd = parse(journal.stdout(), "", address);
        List<String> qids = smtpd.stream().map(t -> t.messageId()).filter(id -> HEX8.matcher(id).matches()).toList();
        if (qids.isEmpty()) {
            return smtpd;
        }
        String rspamd = host.exec(rspamdCommand(qids), OutputListener.NONE, TIMEOUT, Cancel.NEVER).stdout();
        return parse(journal.stdout(), rspamd, address);
    }

    /**
     * Checks the address a trail is asked for, before anything is sent.
     *
     * @throws IllegalArgumentException saying what is wrong when {@code address} is not an email address
     */
    public static void checkAddress(String address) {
        EmailAddress.problem(address).ifPresent(p -> {
            throw new IllegalArgumentException("Trail of an address: " + p + ".");
        });
    }

    /**
     * {@code journalctl -o json} of {@link #UNITS} for the day (midnight to midnight, server time) or the last 7 days,
     * the newest {@link #MAX_JOURNAL_LINES} lines, of which only the lines the parser reads leave the server
     * ({@link #WANTED}). {@code --output-fields} keeps the lines short; the timestamp is always printed (journalctl(1)).
     * Exit 0 also when nothing matched.
     */
    static Command journalCommand(Optional<LocalDate> day) {
        List<String> argv = new ArrayList<>(List.of("journalctl", "-o", "json", "--output-fields=MESSAGE,SYSLOG_IDENTIFIER", "--no-pager",
                "-q", "-n", Integer.toString(MAX_JOURNAL_LINES)));
        UNITS.forEach(u -> argv.addAll(List.of("-u", u)));
        if (day.isPresent()) {
            argv.addAll(List.of("--since", day.get() + " 00:00:00", "--until", day.get().plusDays(1) + " 00:00:00"));
        } else {
            argv.addAll(List.of("--since", "-7d"));
        }
        return Command.script(Command.of(argv).line() + " | grep -E -i " + Shell.quote(WANTED) + "; test $? -le 1");
    }

    /**
     * The journal lines the parser reads (an extended regex on the JSON line): smtpd's session, message and delivery
     * events, its refused MAIL FROM and RCPT TO, and rspamd's scan lines when rspamd logs to the journal. Everything
     * else stays on the server; above all a refused AUTH, whose line holds the client's base64 credentials and would
     * otherwise land in the session's transcript.
     */
    static final String WANTED = "\"MESSAGE\":\"[0-9a-f]{16} (smtp (connected|tls|authentication|message|envelope) "
            + "|smtp failed-command command=\\\\\"(MAIL FROM|RCPT TO)|mda delivery |mta delivery )|rspamd_task_write_log";

    /**
     * The scan lines of rspamd for these smtpd message ids, from its log and the rotated ones (zgrep reads both plain
     * and gzipped files); never fails, since a missing log only means no score is shown.
     */
    static Command rspamdCommand(Collection<String> qids) {
        StringBuilder line = new StringBuilder("zgrep -h -F");
        for (String q : qids) {
            line.append(" -e ").append(Shell.quote("qid: <" + q + ">"));
        }
        return Command.script(line.append(" -- ").append(RSPAMD_LOGS).append(" 2>/dev/null; true").toString());
    }

    /**
     * The trails in {@code journalJson} (journalctl -o json, one object a line) that touch {@code address}, with
     * the scans in {@code rspamdLog} (rspamd.log lines, any order) or in the journal, newest message first, at most
     * {@link #MAX_MESSAGES}. Lines that are not JSON or not understood are skipped.
     *
     * @param address an email address (lower or upper case; without a tag it also matches its tagged forms)
     */
    public static List<MessageTrail> parse(String journalJson, String rspamdLog, String address) {
        Map<String, Session> sessions = new HashMap<>();
        Map<String, Message> messages = new LinkedHashMap<>();
        List<Message> refused = new ArrayList<>();
        StringBuilder journalScans = new StringBuilder();
        for (String raw : journalJson.split("\n")) {
            Optional<Entry> e = entry(raw);
            if (e.isPresent() && e.get().message().contains("rspamd_task_write_log")) {
                journalScans.append(e.get().message()).append('\n');
                continue;
            }
            if (e.isEmpty() || !"smtpd".equals(e.get().identifier())) {
                continue;
            }
            Matcher m = SMTPD.matcher(e.get().message());
            if (!m.matches()) {
                continue;
            }
            Instant at = e.get().at();
            String id = m.group(1);
            String event = m.group(2) + " " + m.group(3);
            Map<String, String> f = fields(m.group(4));
            Session s = sessions.computeIfAbsent(id, k -> new Session());
            switch (event) {
                case "smtp connected" -> {
                    s.connected = at;
                    s.address = f.getOrDefault("address", "");
                    s.host = f.getOrDefault("host", "");
                }
                case "smtp tls" -> s.tls = f.getOrDefault("ciphers", "").split(":")[0];
                case "smtp authentication" -> {
                    if ("ok".equals(f.get("result"))) {
                        s.user = f.get("user");
                    }
                }
                case "smtp message" -> {
                    String msgid = f.getOrDefault("msgid", "");
                    Message msg = messages.computeIfAbsent(msgid, Message::new);
                    msg.session = s;
                    msg.accepted = at;
                }
                case "smtp envelope" -> {
                    String evpid = f.getOrDefault("evpid", "");
                    if (evpid.length() == 16) {
                        Message msg = messages.computeIfAbsent(evpid.substring(0, 8), Message::new);
                        msg.session = msg.session == null ? s : msg.session;
                        msg.from = address(f.get("from"));
                        msg.to.add(address(f.get("to")));
                    }
                }
                case "smtp failed-command" -> {
                    Message attempt = new Message(id);
                    attempt.session = s;
                    attempt.failedCommand = unquote(f.getOrDefault("command", ""));
                    attempt.failedResult = unquote(f.getOrDefault("result", ""));
                    attempt.accepted = at;
                    Matcher a = Pattern.compile("(?i)^(MAIL FROM|RCPT TO):\\s*<([^>]*)>").matcher(attempt.failedCommand);
                    if (a.find()) {
                        if (a.group(1).equalsIgnoreCase("MAIL FROM")) {
                            attempt.from = a.group(2);
                        } else {
                            attempt.to.add(a.group(2));
                        }
                    }
                    refused.add(attempt);
                }
                case "mda delivery", "mta delivery" -> {
                    String evpid = f.getOrDefault("evpid", "");
                    if (evpid.length() == 16) {
                        Message msg = messages.computeIfAbsent(evpid.substring(0, 8), Message::new);
                        if (msg.from == null) {
                            msg.from = address(f.get("from"));
                        }
                        if (msg.to.isEmpty()) {
                            msg.rcptsFromDeliveries.add(address(f.get("rcpt")));
                        }
                        msg.deliveries.add(new Delivery(at, m.group(2), f));
                    }
                }
                default -> {
                }
            }
        }
        Map<String, Scan> scans = scans(journalScans + "\n" + rspamdLog);
        List<MessageTrail> trails = new ArrayList<>();
        for (Message msg : messages.values()) {
            if (msg.touches(address)) {
                trails.add(msg.trail(scans.get(msg.id)));
            }
        }
        for (Message attempt : refused) {
            if (attempt.touches(address)) {
                trails.add(attempt.trail(null));
            }
        }
        trails.sort(Comparator.comparing(MessageTrail::firstSeen).reversed());
        return trails.size() > MAX_MESSAGES ? List.copyOf(trails.subList(0, MAX_MESSAGES)) : trails;
    }

    /** Whether {@code candidate} is {@code wanted}: equal ignoring case, and without its tag when wanted has none. */
    static boolean sameMailbox(String wanted, String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.indexOf('@') < 0) {
            return false;
        }
        String w = EmailAddress.normalize(wanted);
        String c = EmailAddress.normalize(candidate);
        if (w.equals(c)) {
            return true;
        }
        return EmailAddress.localPartOf(w).indexOf(EmailAddress.SUBADDRESS_SEPARATOR) < 0 && w.equals(EmailAddress.withoutTag(c));
    }

    // ------------------------------------------------------------------ journal lines

    private record Entry(Instant at, String identifier, String message) {
    }

    private static Optional<Entry> entry(String raw) {
        if (raw.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(raw);
            JsonNode ts = n.get("__REALTIME_TIMESTAMP");
            JsonNode msg = n.get("MESSAGE");
            if (ts == null || msg == null) {
                return Optional.empty();
            }
            long micros = Long.parseLong(ts.asText());
            Instant at = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
            String ident = n.path("SYSLOG_IDENTIFIER").asText("");
            return Optional.of(new Entry(at, ident, text(msg)));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** MESSAGE is a string, or an array of bytes when it is not valid UTF-8 (journalctl(1), "json"). */
    private static String text(JsonNode msg) {
        if (!msg.isArray()) {
            return msg.asText();
        }
        byte[] b = new byte[msg.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) msg.get(i).asInt();
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Map<String, String> fields(String rest) {
        Map<String, String> f = new HashMap<>();
        Matcher m = FIELD.matcher(rest);
        while (m.find()) {
            f.putIfAbsent(m.group(1), m.group(2));
        }
        // "mta error reason=IO Error: Connection refused": the last field may have spaces
        return f;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1).replace("\\\"", "\"") : v;
    }

    private static String address(String v) {
        if (v == null) {
            return "";
        }
        return v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1) : v;
    }

    // ------------------------------------------------------------------ rspamd

    private record Scan(String messageId, boolean spam, String action, String score, String threshold, String symbols) {
        Hop hop(Instant at) {
            boolean refused = action.equals("reject") || action.equals("soft reject");
            String what = switch (action) {
                case "no action" -> "no action";
                case "add header" -> "marked as spam (header added)";
                case "rewrite subject" -> "marked as spam (subject rewritten)";
                case "greylist" -> "greylisted: the sender must try again later";
                case "soft reject" -> "refused for now (soft reject)";
                case "reject" -> "refused as spam";
                default -> action;
            };
            return new Hop(at, refused ? Kind.REJECTED : Kind.SCANNED, "rspamd: score " + score + " of " + threshold + ", " + what
                    + (symbols.isEmpty() ? "" : " (" + symbols + ")"), refused);
        }
    }

    private static Map<String, Scan> scans(String log) {
        Map<String, Scan> scans = new HashMap<>();
        for (String line : log.split("\n")) {
            Matcher m = RSPAMD.matcher(line);
            if (m.find()) {
                scans.put(m.group(2), new Scan(m.group(1), m.group(3).equals("T"), m.group(4), trim(m.group(5)), trim(m.group(6)),
                        topSymbols(m.group(7))));
            }
        }
        return scans;
    }

    /** The three symbols that added most to the score, as "MISSING_TO 2.00, MISSING_DATE 1.00"; none when all are 0 or less. */
    private static String topSymbols(String symbols) {
        record Sym(String name, double score, String shown) {
        }
        List<Sym> all = new ArrayList<>();
        Matcher m = SYMBOL.matcher(symbols);
        while (m.find()) {
            all.add(new Sym(m.group(1), Double.parseDouble(m.group(2)), m.group(2)));
        }
        return all.stream().filter(s -> s.score() > 0).sorted(Comparator.comparingDouble(Sym::score).reversed()).limit(3)
                .map(s -> s.name() + " " + s.shown()).reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String trim(String number) {
        return number.contains(".") ? number.replaceFirst("0+$", "").replaceFirst("\\.$", "") : number;
    }

    // ------------------------------------------------------------------ grouping

    private static final class Session {
        Instant connected;
        String address = "";
        String host = "";
        String tls;
        String user;
    }

    private record Delivery(Instant at, String agent, Map<String, String> fields) {
        /** A field without its quotes or angle brackets; empty when absent. */
        String get(String key) {
            return address(unquote(fields.getOrDefault(key, "")));
        }
    }

    private static final class Message {
        final String id;
        Session session;
        Instant accepted;
        String from;
        final Set<String> to = new LinkedHashSet<>();
        final Set<String> rcptsFromDeliveries = new LinkedHashSet<>();
        final List<Delivery> deliveries = new ArrayList<>();
        String failedCommand;
        String failedResult;

        Message(String id) {
            this.id = id;
        }

        boolean touches(String address) {
            if (sameMailbox(address, from) || to.stream().anyMatch(t -> sameMailbox(address, t))
                    || rcptsFromDeliveries.stream().anyMatch(t -> sameMailbox(address, t))) {
                return true;
            }
            return deliveries.stream().anyMatch(d -> sameMailbox(address, d.get("to")) || sameMailbox(address, d.get("rcpt")));
        }

        MessageTrail trail(Scan scan) {
            List<Hop> hops = new ArrayList<>();
            if (session != null && session.connected != null) {
                hops.add(arrival(session, from != null && from.isEmpty() && failedCommand == null));
            }
            if (scan != null) {
                hops.add(scan.hop(accepted != null ? accepted : session != null && session.connected != null ? session.connected
                        : deliveries.isEmpty() ? Instant.EPOCH : deliveries.get(0).at()));
            }
            if (failedCommand != null) {
                hops.add(new Hop(accepted, Kind.REJECTED, "refused at " + failedCommand + ": " + failedResult, true));
            }
            deliveries.forEach(d -> hops.add(delivery(d)));
            hops.sort(Comparator.comparing(Hop::at).thenComparing(Hop::kind));
            List<String> recipients = new ArrayList<>(to.isEmpty() ? rcptsFromDeliveries : to);
            String messageId = scan != null && !scan.messageId().equals("undef") ? scan.messageId() : id;
            return new MessageTrail(messageId, from == null ? "" : from, recipients, "", hops);
        }

        /** How the message came in; {@code bounce}: its envelope sender is empty (RFC 5321 4.5.5). */
        private static Hop arrival(Session s, boolean bounce) {
            String over = s.tls == null ? "" : ", " + s.tls;
            if (s.address.equals("local")) {
                // smtpd injects its own bounces through the local socket, as sendmail does
                return new Hop(s.connected, Kind.RECEIVED, bounce ? "made on the server: a bounce, the report of a failed delivery"
                        : "received from a program on the server (sendmail)", false);
            }
            String from = s.host.isEmpty() || s.host.equals(s.address) ? s.address : s.host + " [" + s.address + "]";
            if (s.user != null) {
                return new Hop(s.connected, Kind.SUBMITTED, "submitted on port 587/465 from " + from + " (" + s.user + " logged in" + over + ")",
                        false);
            }
            return new Hop(s.connected, Kind.RECEIVED, "received on port 25 from " + from + (over.isEmpty() ? " (no TLS)" : " (" + over.substring(2) + ")"),
                    false);
        }

        private static final java.util.regex.Pattern SMTP_REPLY = java.util.regex.Pattern.compile("[245]\\d\\d[ -]");

        /** smtpd's own error in the queue's plain words (one wording for both), an SMTP reply as the server said it. */
        private static String words(String stat, String recipient) {
            if (SMTP_REPLY.matcher(stat).lookingAt()) {
                return stat;
            }
            String said = org.mailwright.engine.queue.MailQueue.explain(stat, recipient);
            return said.isBlank() ? stat : said;
        }

        private static Hop delivery(Delivery d) {
            String result = d.get("result");
            String stat = d.get("stat");
            String to = d.get("to");
            String rcpt = d.get("rcpt");
            if (d.agent().equals("mda")) {
                String mailbox = EmailAddress.isValid(to) ? EmailAddress.withoutTag(to) : to;
                String sentTo = rcpt.isEmpty() || rcpt.equalsIgnoreCase(mailbox) ? "" : " (sent to " + rcpt + ")";
                return switch (result) {
                    case "Ok" -> new Hop(d.at(), Kind.DELIVERED, "delivered to the mailbox of " + mailbox + sentTo, false);
                    case "TempFail" -> new Hop(d.at(), Kind.DEFERRED, "not yet delivered to the mailbox of " + mailbox + sentTo + ": " + stat
                            + " (smtpd tries again)", true);
                    default -> new Hop(d.at(), Kind.BOUNCED, "could not be delivered to the mailbox of " + mailbox + sentTo + ": " + stat
                            + " (a bounce goes to the sender)", true);
                };
            }
            // relay="198.51.100.7 (mx.example.net)"; rcpt=<-> when the recipient was not rewritten (smtpd 7.4, 7.6)
            Matcher r = RELAY.matcher(d.get("relay"));
            String where = r.matches() ? r.group(2) + " [" + r.group(1) + "]" : d.get("relay").isEmpty() ? "the next server" : d.get("relay");
            String forWhom = to.isEmpty() ? rcpt : to;
            return switch (result) {
                case "Ok" -> new Hop(d.at(), Kind.RELAYED, "relayed to " + where + " for " + forWhom + ": " + stat, false);
                case "TempFail" -> new Hop(d.at(), Kind.DEFERRED, "not yet relayed to " + where + " for " + forWhom + ": " + words(stat, forWhom)
                        + " (smtpd tries again)", true);
                // only an SMTP reply is another server refusing; smtpd's own errors (no such domain, no MX) are not
                default -> new Hop(d.at(), Kind.BOUNCED, (SMTP_REPLY.matcher(stat).lookingAt() ? "refused by " + where + " for " + forWhom + ": " + stat
                        : "could not be relayed for " + forWhom + ": " + words(stat, forWhom)) + " (a bounce goes to the sender)", true);
            };
        }
    }
}
