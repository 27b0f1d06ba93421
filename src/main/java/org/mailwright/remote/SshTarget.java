package org.mailwright.remote;

import java.util.Objects;

/**
 * Where and as whom to log in. {@code sudoPassword} is only needed when {@code user} is not root and sudo asks for a
 * password; when it is null and {@code auth} is a password, that password is tried for sudo too (the usual case on
 * a fresh server). {@code toString} never shows a secret.
 */
public record SshTarget(String host, int port, String user, Auth auth, char[] sudoPassword) {

    public SshTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(auth, "auth");
        if (host.isBlank() || user.isBlank()) {
            throw new IllegalArgumentException("host and user must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
        sudoPassword = sudoPassword == null || sudoPassword.length == 0 ? null : sudoPassword.clone();
    }

    public SshTarget(String host, int port, String user, Auth auth) {
        this(host, port, user, auth, null);
    }

    /** The password sudo gets: the explicit one, else the login password, else null. A copy: wipe it after use. */
    char[] effectiveSudoPassword() {
        if (sudoPassword != null) {
            return sudoPassword.clone();
        }
        return auth instanceof Auth.Password p ? p.password() : null;
    }

    @Override
    public char[] sudoPassword() {
        return sudoPassword == null ? null : sudoPassword.clone();
    }

    /** {@code user@host:port}, as in messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshTarget t && t.host.equals(host) && t.port == port && t.user.equals(user) && t.auth == auth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, user);
    }

    @Override
    public String toString() {
        return describe() + " with " + auth + (sudoPassword == null ? "" : " and a sudo password");
    }
}
