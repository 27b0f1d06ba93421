package org.mailwright.dns.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * An API token kept in the operating system's keyring instead of a file ({@code dns.token-keyring: NAME}): on Linux
 * the Secret Service (GNOME Keyring, KWallet) through libsecret's {@code secret-tool}, on macOS the login keychain
 * through {@code security}. Mailwright only reads it; the person stores it once with the command
 * {@link #storeCommand} names, so the token is never typed into Mailwright. The token is in no message here.
 */
public final class Keyring {
    /** The Secret Service attribute / keychain service every Mailwright entry carries. */
    public static final String SERVICE = "mailwright";

    private final String os;
    private final String secretTool;

    /** The keyring of this operating system. */
    public Keyring() {
        this(System.getProperty("os.name", ""), "secret-tool");
    }

    /**
     * @param os         the {@code os.name} to act for
     * @param secretTool the {@code secret-tool} command to run on Linux (a path, for tests)
     */
    public Keyring(String os, String secretTool) {
        this.os = os.toLowerCase(Locale.ROOT);
        this.secretTool = secretTool;
    }

    /** The command that reads entry {@code name}. */
    List<String> lookupCommand(String name) {
        if (os.contains("mac")) {
            return List.of("security", "find-generic-password", "-s", SERVICE, "-a", name, "-w");
        }
        return List.of(secretTool, "lookup", "service", SERVICE, "account", name);
    }

    /** What a person runs once to store the token of entry {@code name} (it asks for the token itself). */
    public String storeCommand(String name) {
        if (os.contains("mac")) {
            return "security add-generic-password -s " + SERVICE + " -a " + name + " -w";
        }
        return "secret-tool store --label='Mailwright " + name + "' service " + SERVICE + " account " + name;
    }

    /**
     * The token stored under {@code name}.
     *
     * @throws IllegalArgumentException naming the entry and how to store it when the keyring has none, cannot be
     *                                  reached, or this operating system has no supported keyring
     */
    public String read(String name) {
        if (os.contains("windows")) {
            throw new IllegalArgumentException("dns.token-keyring: Windows' Credential Manager is not supported yet: use dns.token-file");
        }
        Process p;
        try {
            p = new ProcessBuilder(lookupCommand(name)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalArgumentException("dns.token-keyring: " + lookupCommand(name).get(0) + " is not installed"
                    + (os.contains("mac") ? "" : " (apt-get install libsecret-tools)") + ", or use dns.token-file");
        }
        try {
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalArgumentException("dns.token-keyring: the keyring did not answer within 30 s (is it unlocked?)");
            }
            String token = new String(out, StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0 || token.isEmpty()) {
                throw new IllegalArgumentException("dns.token-keyring: the keyring has no entry " + name + " (service " + SERVICE
                        + "): store the token once with: " + storeCommand(name));
            }
            return token;
        } catch (IOException e) {
            throw new IllegalArgumentException("dns.token-keyring: reading the keyring failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("dns.token-keyring: stopped while reading the keyring", e);
        }
    }
}
