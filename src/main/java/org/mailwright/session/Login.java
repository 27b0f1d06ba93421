package org.mailwright.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecValidator;

/**
 * How to log in to a server over SSH: with a password, or with a private key (with or without its passphrase). A key
 * login may carry the password too: it is then the sudo password of a non-root user. Secrets are char arrays the
 * session wipes when it closes; they are registered for redaction before anything can fail.
 *
 * @param host       the server's address or name
 * @param port       the SSH port
 * @param user       the user to log in as (root, or a user with sudo)
 * @param keyFile    the private key file as the person typed it; a leading {@code ~} is the home directory
 * @param password   the login password, or the sudo password with a key; null or empty when there is none
 * @param passphrase the key's passphrase; null or empty when the key is not encrypted
 */
public record Login(String host, int port, String user, Optional<String> keyFile, char[] password, char[] passphrase) {
    /** The environment variable the command line reads the SSH (or sudo) password from: never from argv. */
    public static final String PASSWORD_ENV = "MAILWRIGHT_SSH_PASSWORD";
    /** The environment variable the command line reads the key's passphrase from. */
    public static final String PASSPHRASE_ENV = "MAILWRIGHT_SSH_PASSPHRASE";

    public Login {
        keyFile = keyFile == null ? Optional.empty() : keyFile.filter(k -> !k.isBlank()).map(String::strip);
        // an empty field is no secret: a key without passphrase, a key login without sudo password
        password = password != null && password.length == 0 ? null : password;
        passphrase = passphrase != null && passphrase.length == 0 ? null : passphrase;
    }

    /**
     * Why a login form cannot be sent yet, in the form's words, or empty: the window's Connect page and the users
     * window's own login form ask the same question.
     *
     * @param port        the port as typed
     * @param useKey      log in with a key file rather than a password
     * @param hasPassword the password field is filled (or a session already has it)
     */
    public static Optional<String> formProblem(String host, String port, String user, boolean useKey, String keyFile, boolean hasPassword) {
        String h = host == null ? "" : host.strip();
        if (h.isEmpty()) {
            return Optional.of("Enter the server's IP address or host name.");
        }
        if (!SpecValidator.isHost(h)) {
            return Optional.of("'" + h + "' is neither an IP address nor a host name.");
        }
        String p = port == null ? "" : port.strip();
        if (!p.matches("\\d{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
            return Optional.of("The SSH port must be a number from 1 to 65535 (usually 22).");
        }
        if (!SpecValidator.isLinuxUser(user == null ? null : user.strip())) {
            return Optional.of("Enter the user to log in as (usually root).");
        }
        if (useKey && (keyFile == null || keyFile.isBlank())) {
            return Optional.of("Choose the private key file to log in with.");
        }
        if (!useKey && !hasPassword) {
            return Optional.of("Enter the server's password.");
        }
        return Optional.empty();
    }

    /**
     * A login for the spec's {@code server:} section, with secrets from the environment ({@link #PASSWORD_ENV},
     * {@link #PASSPHRASE_ENV}): the command line's way, since argv is readable by every user of the machine.
     *
     * @param env looks up an environment variable (null when unset)
     */
    public static Login fromSpec(ServerSpec.ServerAccess server, Function<String, String> env) {
        return new Login(server.host(), server.port(), server.user(), server.identity(), chars(env.apply(PASSWORD_ENV)),
                chars(env.apply(PASSPHRASE_ENV)));
    }

    private static char[] chars(String s) {
        return s == null || s.isEmpty() ? null : s.toCharArray();
    }

    /** {@code user@host:port}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    /** The key file with {@code ~} expanded, when this is a key login. */
    public Optional<Path> keyPath() {
        return keyFile.map(Paths::expandHome);
    }

    boolean hasPassword() {
        return password != null && password.length > 0;
    }

    /**
     * Why logging in cannot even be tried, or empty: no way to log in, or a key file that is not there or not
     * readable. Only this computer is looked at, so the caller can still say that nothing was sent.
     */
    public Optional<String> localProblem() {
        if (keyPath().isPresent()) {
            Path key = keyPath().get();
            if (!Files.exists(key)) {
                return Optional.of("There is no key file at " + key + ".");
            }
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                return Optional.of(key + " is not a readable file.");
            }
            return Optional.empty();
        }
        if (!hasPassword()) {
            return Optional.of("No way to log in: give a private key file, or the password.");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Login[" + describe() + keyFile.map(k -> ", key " + k).orElse("") + "]"; // never the secrets
    }
}
