package org.mailwright.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.trail.MessageTrail;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailwright trail SPEC ADDRESS [--day YYYY-MM-DD]}: where the mail from or to one address went, read from the
 * server's journal (issue 16). Changes nothing on the server. Exit status: 0 read (even when no message was found),
 * 1 the server could not be read, 2 bad input (nothing sent).
 */
@Command(name = "trail", mixinStandardHelpOptions = true, description = {
        "Show where the mail from or to an address went: received, spam score, delivered or relayed, from the server's journal.",
        "Reads the last 7 days, or one day (server time) with --day. Changes nothing on the server.",
        "Exit status: 0 read, 1 the server could not be read, 2 bad input (nothing sent to the server)."})
final class TrailCommand extends ServerCommand {
    /** The kinds of hop that end a recipient's path, for better or worse. */
    private static final java.util.Set<MessageTrail.Kind> FINAL = java.util.EnumSet.of(MessageTrail.Kind.REJECTED, MessageTrail.Kind.DELIVERED,
            MessageTrail.Kind.RELAYED, MessageTrail.Kind.DEFERRED, MessageTrail.Kind.BOUNCED);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Parameters(index = "1", paramLabel = "ADDRESS", description = "The sender or recipient to follow (name+tag@ counts as name@).")
    String address;

    @Option(names = "--day", paramLabel = "YYYY-MM-DD", description = "Only this day, in the server's time (default: the last 7 days).")
    String day;

    @Override
    String inputProblem() {
        try {
            parseDay(day);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return EmailAddress.problem(address).map(p -> "ADDRESS: " + p + ".").orElse(null);
    }

    @Override
    int run(ServerSpec spec, SshSession session, PrintWriter out, PrintWriter err) {
        Optional<LocalDate> date = parseDay(day);
        List<MessageTrail> trails = session.trail(address, date);
        print(out, trails, address, date);
        return MailwrightCommand.OK;
    }

    /**
     * The {@code --day} value as a date, or empty when not given.
     *
     * @throws IllegalArgumentException naming {@code --day} and its format when it is not a calendar date YYYY-MM-DD
     */
    static Optional<LocalDate> parseDay(String day) {
        if (day == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(day.strip()));
        } catch (DateTimeParseException e) {
            String shown = day.matches("[0-9A-Za-z./-]{1,20}") ? "'" + day + "'" : "the value";
            throw new IllegalArgumentException("--day: " + shown + " is not a date; write it as YYYY-MM-DD, such as 2024-03-09.");
        }
    }

    /**
     * Per message a header (time on this computer, envelope sender -> recipients, Message-ID) and its hops indented;
     * a failed hop starts with "!", and a message with no delivery yet says so.
     */
    static void print(PrintWriter out, List<MessageTrail> trails, String address, Optional<LocalDate> day) {
        String when = day.map(d -> "on " + d).orElse("in the last 7 days");
        if (trails.isEmpty()) {
            out.println("No message from or to " + address + " " + when + " in the server's journal.");
            return;
        }
        ZoneId zone = ZoneId.systemDefault();
        for (MessageTrail t : trails) {
            boolean refused = t.hops().stream().anyMatch(h -> h.kind() == MessageTrail.Kind.REJECTED);
            // an empty sender is a bounce's (<>), except on a refused attempt, whose MAIL FROM smtpd does not log
            String from = !t.from().isEmpty() ? t.from() : refused ? "?" : "<>";
            out.println(TIME.format(t.firstSeen().atZone(zone)) + "  " + from + " -> " + (t.to().isEmpty() ? "?" : String.join(", ", t.to()))
                    + "  " + t.messageId());
            for (MessageTrail.Hop h : t.hops()) {
                out.println((h.failed() ? "  ! " : "    ") + TIME.format(h.at().atZone(zone)).substring(11) + "  " + h.text());
            }
            if (t.hops().stream().noneMatch(h -> FINAL.contains(h.kind()))) {
                out.println("    (no delivery logged yet: still in the queue (smtpctl show queue on the server), "
                        + "or delivered after the period read)");
            }
        }
        out.println(trails.size() + (trails.size() == 1 ? " message" : " messages") + " from or to " + address + " " + when + ".");
    }
}
