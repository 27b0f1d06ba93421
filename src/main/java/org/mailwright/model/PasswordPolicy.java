package org.mailwright.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a mailbox password must be. bcrypt reads at most 72 bytes (the rest would be silently ignored), and mail
 * clients do not agree on how to encode non-ASCII passwords for SMTP AUTH and IMAP LOGIN, so passwords are
 * printable ASCII, 10 to 72 characters, and not a well-known one.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 10;
    public static final int MAX_BYTES = 72;

    private static final Set<String> COMMON = Set.of("password123", "1234567890", "qwertyuiop", "password1234",
            "iloveyou123", "letmein123", "welcome123", "administrator", "0123456789", "abcdefghij", "changeme123",
            "passw0rd123", "123456789012", "qwerty12345", "mailserver1");

    /** bcrypt as libxcrypt on Debian reads it ({@code $2a$}, {@code $2b$}, {@code $2y$}); group 1 is the cost. */
    public static final java.util.regex.Pattern BCRYPT_HASH = java.util.regex.Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
    /** Below this bcrypt cost a stolen hash is too cheap to brute-force today; Mailwright makes hashes at this cost. */
    public static final int MIN_BCRYPT_COST = 12;

    private PasswordPolicy() {
    }

    /**
     * Why {@code hash} cannot be a mailbox's password hash, or empty: it must be bcrypt of cost {@value #MIN_BCRYPT_COST}
     * or more. The message never quotes the hash.
     */
    public static Optional<String> hashProblem(String hash) {
        java.util.regex.Matcher m = BCRYPT_HASH.matcher(hash == null ? "" : hash);
        if (!m.matches()) {
            return Optional.of("is not a bcrypt hash ($2b$12$...): make one with ./mailwright hash-password");
        }
        if (Integer.parseInt(m.group(1)) < MIN_BCRYPT_COST) {
            return Optional.of("uses bcrypt cost " + m.group(1) + "; at least " + MIN_BCRYPT_COST
                    + " is required: make a new one with ./mailwright hash-password");
        }
        return Optional.empty();
    }

    public static Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("the password is empty");
        }
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            // neither message quotes the character: it is part of the secret and the message may end up in a log
            if (c < 32 || c == 127) {
                return Optional.of("the password contains a control character (a newline or tab): use letters, digits, "
                        + "spaces and ASCII symbols");
            }
            if (c > 127) {
                return Optional.of("the password has non-ASCII characters (like umlauts or accents): passwords are printable "
                        + "ASCII only, because mail apps encode other characters differently when they log in and bcrypt "
                        + "counts bytes (at most " + MAX_BYTES + ")");
            }
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return Optional.of("the password is " + bytes + " characters long; bcrypt uses only the first " + MAX_BYTES
                    + ", so at most " + MAX_BYTES + " are allowed");
        }
        if (password.length() < MIN_LENGTH) {
            return Optional.of("the password is too short: use at least " + MIN_LENGTH + " characters");
        }
        if (COMMON.contains(password.toLowerCase(Locale.ROOT)) || password.chars().distinct().count() < 4) {
            return Optional.of("the password is too easy to guess");
        }
        return Optional.empty();
    }

    /** A rough strength from 0 (weak) to 4 (strong), for a meter: length and character variety. */
    public static int strength(String password) {
        if (password == null || problem(password).isPresent()) {
            return 0;
        }
        int classes = 0;
        classes += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        int score = 1 + (password.length() >= 14 ? 1 : 0) + (password.length() >= 20 ? 1 : 0) + (classes >= 3 ? 1 : 0);
        return Math.min(4, score);
    }
}
