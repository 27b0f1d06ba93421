package org.mailwright.ui.profiles;

import java.time.Instant;

/**
 * A server the person set up before, remembered so the Welcome page can offer it again. Never a password or a
 * passphrase: those are asked for each time.
 */
public record ServerProfile(String host, int port, String user, String keyPath, String domain, String hostname, Instant lastUsed) {

    public String label() {
        String name = domain == null || domain.isBlank() ? host : domain;
        return name + "  (" + user + "@" + host + (port == 22 ? "" : ":" + port) + ")";
    }

    public String fileName() {
        return (host + "_" + port).replaceAll("[^A-Za-z0-9._-]", "_") + ".properties";
    }
}
