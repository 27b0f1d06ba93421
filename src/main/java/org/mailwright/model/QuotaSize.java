package org.mailwright.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mailbox's storage limit, as a person writes it ({@code 500M}, {@code 2G}) and as Dovecot reads it. Units are
 * binary, as Dovecot's are (K = 1024 bytes, M = 1024 K, G, T; doc.dovecot.org "Size values"); a bare number is not
 * accepted, since "500" would be 500 bytes to Dovecot and almost certainly not what was meant. The rules for what is
 * accepted live here once; the spec reader, the CLI and the users window ask {@link #parse}.
 *
 * @param bytes the limit in bytes; at least {@link #MIN_BYTES}
 */
public record QuotaSize(long bytes) {
    /** The smallest limit accepted: 1 MiB (a smaller one could not hold one ordinary message). */
    public static final long MIN_BYTES = 1L << 20;
    /** The largest accepted: 1024 TiB, far above any disk a mail server has. */
    public static final long MAX_BYTES = 1L << 50;
    /** The used share at which the person is sent one warning mail (percent of the limit). */
    public static final int WARNING_PERCENT = 90;
    /** What {@link #parse} accepts to mean "no limit" ({@code users quota ADDRESS none}). */
    public static final String NONE = "none";

    private static final Pattern SIZE = Pattern.compile("(\\d{1,7})\\s*([KMGT])(?:I?B)?", Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGT";

    public QuotaSize {
        if (bytes < MIN_BYTES || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("a quota must be between 1M and 1024T, not " + bytes + " bytes");
        }
    }

    /**
     * Reads a size such as {@code 500M} or {@code 2G}, whole numbers only ({@code 1536M}, not {@code 1.5G});
     * case and a trailing {@code B}/{@code iB} do not matter.
     *
     * @param key  what the value is called where it was written ({@code users[0].quota}, {@code --quota}), for the message
     * @param text the value as written
     * @return the size
     * @throws IllegalArgumentException naming {@code key}, the value and the fix, when it is not a size in range
     */
    public static QuotaSize parse(String key, String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException(key + ": '" + t + "' is not a size; write a whole number with a unit, such as 500M or 2G"
                    + " (K, M, G, T; 1G = 1024M)");
        }
        long n = Long.parseLong(m.group(1));
        int shift = shift(m.group(2));
        if (n == 0 || n > (MAX_BYTES >> shift) || (n << shift) < MIN_BYTES) {
            throw new IllegalArgumentException(key + ": '" + t + "' is out of range; a quota is between 1M and 1024T");
        }
        return new QuotaSize(n << shift);
    }

    /**
     * Like {@link #parse}, but {@code none} (any case) means no limit.
     *
     * @return empty for {@code none}
     * @throws IllegalArgumentException as {@link #parse}
     */
    public static Optional<QuotaSize> parseOrNone(String key, String text) {
        if (text != null && text.strip().equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        return Optional.of(parse(key, text));
    }

    /**
     * Reads the form Dovecot shows and Mailwright writes ({@link #dovecot()}): a number with an optional K/M/G/T suffix,
     * a bare number being bytes.
     *
     * @return empty when the text is not such a size or is out of range (a hand-edited value Mailwright cannot use)
     */
    public static Optional<QuotaSize> fromDovecot(String text) {
        Matcher m = Pattern.compile("(\\d{1,19})([KMGT]?)(?:B)?", Pattern.CASE_INSENSITIVE).matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(m.group(1));
            int shift = shift(m.group(2));
            if (n > (MAX_BYTES >> shift) || (n << shift) < MIN_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new QuotaSize(n << shift));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How far a unit letter shifts a number of bytes: K 10, M 20, G 30, T 40; none (bytes) 0. */
    private static int shift(String unit) {
        return unit.isEmpty() ? 0 : 10 * (UNITS.indexOf(Character.toUpperCase(unit.charAt(0))) + 1);
    }

    /** The largest unit that divides the size evenly: {@code 2G}, {@code 1536M}. Dovecot reads it; people do too. */
    public String dovecot() {
        long n = bytes;
        int unit = -1;
        while (unit < UNITS.length() - 1 && n % 1024 == 0) {
            n /= 1024;
            unit++;
        }
        return n + (unit < 0 ? "" : Character.toString(UNITS.charAt(unit)));
    }

    /** The size in KiB, the unit of Dovecot's quota figures ({@code doveadm quota get}, IMAP GETQUOTA). */
    public long kib() {
        return bytes / 1024;
    }

    /** As a person reads it ({@link Words#bytes}): {@code 2.0 GiB}, {@code 500.0 MiB}. */
    public String human() {
        return Words.bytes(bytes);
    }

    @Override
    public String toString() {
        return dovecot();
    }
}
