package org.mailwright.remote;

import org.mailwright.logging.Secrets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * How to log in over SSH: a password, or a private key file (ed25519, RSA or ECDSA, OpenSSH or PEM format), maybe
 * protected by a passphrase. Secrets are {@code char[]} so the caller can wipe them with {@link #wipe()} when done;
 * {@code toString} never shows them.
 */
public sealed interface Auth permits Auth.Password, Auth.KeyFile {

    static Auth password(char[] password) {
        return new Password(password);
    }

    /** A key file without a passphrase. */
    static Auth keyFile(Path file) {
        return new KeyFile(file, null);
    }

    /** A key file; {@code passphrase} may be null when the key is not protected. */
    static Auth keyFile(Path file, char[] passphrase) {
        return new KeyFile(file, passphrase);
    }

    /** Overwrites the secret held here; the Auth cannot be used afterwards. */
    void wipe();

    /** Log in with this password. */
    final class Password implements Auth {
        private final char[] password;

        private Password(char[] password) {
            this.password = Objects.requireNonNull(password, "password").clone();
        }

        /** A copy of the password: wipe it after use. */
        public char[] password() {
            return password.clone();
        }

        @Override
        public void wipe() {
            Arrays.fill(password, '\0');
        }

        @Override
        public String toString() {
            return "password";
        }
    }

    /** Log in with this private key file. */
    final class KeyFile implements Auth {
        private final Path file;
        private final char[] passphrase;

        private KeyFile(Path file, char[] passphrase) {
            this.file = Objects.requireNonNull(file, "file");
            this.passphrase = passphrase == null || passphrase.length == 0 ? null : passphrase.clone();
        }

        public Path file() {
            return file;
        }

        /** A copy of the passphrase, or null when none was given. */
        public char[] passphrase() {
            return passphrase == null ? null : passphrase.clone();
        }

        @Override
        public void wipe() {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }

        @Override
        public String toString() {
            return "key file " + file + (passphrase == null ? "" : " (with passphrase)");
        }
    }
}
