package org.mailwright.accounts;

import java.security.SecureRandom;
import java.util.Optional;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.mailwright.model.PasswordPolicy;

/**
 * bcrypt hashes made on this machine, so a mailbox password never crosses the wire or reaches the server in clear.
 * Written as {@code $2b$} (OpenBSD's current variant, what the README and the messages show), which the server's
 * libxcrypt (OpenSMTPD's crypt()) and Dovecot's CRYPT scheme read; {@code $2a$} and {@code $2y$} hashes are read too.
 * BouncyCastle's OpenBSDBCrypt does both (it is here for sshj already; jbcrypt only writes and reads {@code $2a$}).
 */
public final class PasswordHasher {
    public static final int COST = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHasher() {
    }

    /** Hashes a password that {@link PasswordPolicy} accepts; anything else is refused with the policy's reason. */
    public static String hash(String password) {
        Optional<String> problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
    }

    /** What {@link #generate} draws from: letters and digits without look-alikes (0/O, 1/l/I), 57 characters. */
    static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    /** bcrypt's lowest cost, for {@link #hashGenerated}. */
    static final int GENERATED_COST = 4;

    /**
     * Hashes a password {@link #generate} made, of at least 20 characters, at bcrypt's lowest cost (4): such a
     * password has over 116 bits of entropy (20 of 57 characters), so the cost that slows the guessing of a person's password buys nothing,
     * and each login with it (apply's check logs in three times as a mail app would) costs the server no quarter
     * second of CPU. Never for a person's password.
     *
     * @throws IllegalArgumentException the password is shorter than 20 characters or has a character {@link #generate}
     *                                  does not use
     */
    public static String hashGenerated(String password) {
        if (password.length() < 20 || !password.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("not a generated password: at least 20 characters of " + ALPHABET);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, GENERATED_COST);
    }

    /** True when {@code password} is the one {@code hash} ({@code $2a$}, {@code $2b$} or {@code $2y$}) was made from; false for a malformed hash. */
    public static boolean matches(String password, String hash) {
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /** A random password of {@code length} characters from letters and digits without look-alikes (0/O, 1/l/I). */
    public static String generate(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
