package org.mailwright.ui.profiles;

import java.time.Instant;

/**
 * A server the person set up before, remembered so the Welcome page and the dashboard can offer it again. Never a
 * password or a passphrase: those are asked for each time.
 *
 * @param specPath the spec file of the server on this computer, as the dashboard was last pointed at it; empty when
 *                 not known (the wizard keeps its setup in the window, not in a file)
 */
public record ServerProfile(String host, int port, String user, String keyPath, String domain, String hostname, Instant lastUsed,
                            String specPath) {

    public ServerProfile {
        specPath = specPath == null ? "" : specPath;
    }

    /** A profile without a spec file (what the wizard saves). */
    public ServerProfile(String host, int port, String user, String keyPath, String domain, String hostname, Instant lastUsed) {
        this(host, port, user, keyPath, domain, hostname, lastUsed, "");
    }

    /** This profile pointing at {@code path} (empty: none). */
    public ServerProfile withSpecPath(String path) {
        return new ServerProfile(host, port, user, keyPath, domain, hostname, lastUsed, path);
    }

    /** How pickers list it: "example.com  (root@203.0.113.10)". */
    public String label() {
        String name = domain == null || domain.isBlank() ? host : domain;
        return name + "  (" + user + "@" + host + (port == 22 ? "" : ":" + port) + ")";
    }

    /** The file it is stored in: one per host and port. */
    public String fileName() {
        return (host + "_" + port).replaceAll("[^A-Za-z0-9._-]", "_") + ".properties";
    }
}
