package org.mailwright.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A mailbox's vacation reply (Sieve vacation, RFC 5230): the subject and text sent back, at most once a day per
 * sender, optionally only between two dates (inclusive, the server's date; Sieve {@code currentdate}, RFC 5260). The
 * rules for what is accepted live here once; the CLI and the users window ask {@link #problems} before anything is
 * sent.
 *
 * <p>Non-ASCII text is fine: Pigeonhole sends the body as UTF-8 and encodes a non-ASCII subject as an RFC 2047
 * encoded word itself (seen on Dovecot 2.3 and 2.4, docs/design/issue-17-delivery-notes.md section 4). A subject may
 * not hold a line break (it is one header line), and neither text may hold other control characters.
 *
 * @param subject the reply's subject, one line, not blank
 * @param text    the reply's body, not blank; line breaks kept
 * @param from    first day the reply is sent, if limited
 * @param until   last day the reply is sent, if limited; not before {@code from}
 */
public record Vacation(String subject, String text, Optional<LocalDate> from, Optional<LocalDate> until) {
    /** The longest subject accepted (RFC 5322 2.1.1 recommends header lines of at most 78 characters). */
    public static final int MAX_SUBJECT = 200;
    /** The longest text accepted: a reply, not a newsletter. */
    public static final int MAX_TEXT = 10_000;
    /** Days between two replies to the same sender (RFC 5230 4.1 {@code :days}; Pigeonhole's minimum is 1). */
    public static final int DAYS = 1;

    /**
     * Builds a vacation reply after checking it.
     *
     * @throws IllegalArgumentException with the {@link #problems} joined, when there are any
     */
    public Vacation {
        List<String> p = problems(subject, text, from, until);
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        text = text.replace("\r\n", "\n");
    }

    /**
     * What is wrong with these values, as sentences naming the field; empty when they make a vacation reply.
     */
    public static List<String> problems(String subject, String text, Optional<LocalDate> from, Optional<LocalDate> until) {
        List<String> out = new ArrayList<>();
        if (subject == null || subject.isBlank()) {
            out.add("subject: is empty");
        } else if (subject.contains("\n") || subject.contains("\r")) {
            out.add("subject: must be one line");
        } else if (subject.codePoints().anyMatch(c -> Character.isISOControl(c))) {
            out.add("subject: has a control character");
        } else if (subject.length() > MAX_SUBJECT) {
            out.add("subject: is longer than " + MAX_SUBJECT + " characters");
        }
        if (text == null || text.isBlank()) {
            out.add("text: is empty");
        } else if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            out.add("text: has a control character");
        } else if (text.length() > MAX_TEXT) {
            out.add("text: is longer than " + MAX_TEXT + " characters");
        }
        if (from.isPresent() && until.isPresent() && until.get().isBefore(from.get())) {
            out.add("until: " + until.get() + " is before from: " + from.get());
        }
        return out;
    }

    /**
     * Whether a reply being turned on would never be sent because its last day has passed. One day of slack: the server's
     * date (which the script compares) may be a day behind this computer's.
     *
     * @param until the reply's last day, if limited
     * @param today this computer's date
     * @return the sentence naming the field, or empty
     */
    public static Optional<String> endedProblem(Optional<LocalDate> until, LocalDate today) {
        return until.filter(u -> u.isBefore(today.minusDays(1)))
                .map(u -> "until: " + u + " is in the past, so the reply would never be sent");
    }

    /**
     * Reads a date as YYYY-MM-DD (ISO 8601, what Sieve's {@code date} part compares).
     *
     * @param what the field's name for the message
     * @return the date, or empty for null/blank
     * @throws IllegalArgumentException naming the field when the value is not such a date
     */
    public static Optional<LocalDate> date(String what, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            if (!value.strip().matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("shape", value, 0);
            }
            return Optional.of(LocalDate.parse(value.strip()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + ": '" + value + "' is not a date like 2026-12-24 (YYYY-MM-DD)");
        }
    }
}
