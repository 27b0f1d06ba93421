package org.mailwright.accounts;

import java.security.SecureRandom;
import java.util.Optional;
import org.mailwright.model.PasswordPolicy;
import org.mindrot.jbcrypt.BCrypt;

/**
 * bcrypt hashes made on this machine, so a mailbox password never crosses the wire or reaches the server in clear.
 * jbcrypt writes {@code $2a$}, which the server's libxcrypt (OpenSMTPD's crypt()) and Dovecot's CRYPT scheme accept.
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
        return BCrypt.hashpw(password, BCrypt.gensalt(COST, RANDOM));
    }

    public static boolean matches(String password, String hash) {
        try {
            // jbcrypt only reads $2a$; $2b$ and $2y$ differ from it only in how old buggy implementations were flagged
            return BCrypt.checkpw(password, "$2a$" + hash.substring(4));
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
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
