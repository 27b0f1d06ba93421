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
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
