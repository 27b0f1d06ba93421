package org.mailwright.logging;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * The secrets this process has been given (SSH passwords, key passphrases, sudo passwords, mailbox passwords), so
 * that every text leaving it — transcripts, log lines, crash reports, error dialogs — can be masked the same way.
 * Whoever reads a secret registers it; {@link Transcript#addSecret} does so too. Private-key blocks and bcrypt hashes
 * are masked by their shape whether registered or not.
 *
 * <p>Secrets stay registered for the life of the process: an exception message written long after the session
 * ended must still be masked. Values shorter than {@value #MIN_LENGTH} characters are not registered here (a
 * one-letter test password would blank that letter out of every log line); a transcript still masks them.
 */
public final class Secrets {
    public static final String REDACTED = "[redacted]";
    static final int MIN_LENGTH = 4;

    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----", Pattern.DOTALL);
    private static final Pattern BCRYPT = Pattern.compile("\\$2[abxy]\\$\\d\\d\\$[./A-Za-z0-9]{53}");
    private static final Set<String> KNOWN = new CopyOnWriteArraySet<>();

    private Secrets() {
    }

    /** From now on {@code secret} is masked in everything {@link #redact} sees. Null, blank and short values are ignored. */
    public static void register(String secret) {
        if (secret != null && !secret.isBlank() && secret.length() >= MIN_LENGTH) {
            KNOWN.add(secret);
        }
    }

    /** As {@link #register(String)}; the array is left as it is (the caller wipes it). */
    public static void register(char[] secret) {
        if (secret != null) {
            register(new String(secret));
        }
    }

    /** {@code text} with private keys, bcrypt hashes and every registered secret replaced by {@value #REDACTED}. */
    public static String redact(String text) {
        return redact(text, List.of());
    }

    /** As {@link #redact(String)}, also masking {@code more} (a transcript's own secrets). */
    /** {@link #redact(String)}, also masking {@code more} (secrets known only to the caller, such as a transcript's). */
    public static String redact(String text, java.util.Collection<String> more) {
        if (text == null) {
            return null;
        }
        String out = PRIVATE_KEY.matcher(text).replaceAll(REDACTED);
        out = BCRYPT.matcher(out).replaceAll(REDACTED);
        List<String> all = new java.util.ArrayList<>(KNOWN);
        all.addAll(more);
        // longest first: a secret that contains a shorter one must not be left half masked
        all.sort(Comparator.comparingInt(String::length).reversed());
        for (String s : all) {
            // as a quoted shell argument first (remote.Shell's quoting; logging sits below remote, so it is spelled
            // here); Mailwright never puts a secret on a command line, this is for the day one slips
            out = out.replace("'" + s.replace("'", "'\\''") + "'", REDACTED).replace(s, REDACTED);
        }
        return out;
    }
}
