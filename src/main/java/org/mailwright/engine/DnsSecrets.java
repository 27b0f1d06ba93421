package org.mailwright.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mailwright.dns.publish.Keyring;
import org.mailwright.dns.publish.TsigKey;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.LocalPaths;

/**
 * The secrets of spec key {@code dns} read on this computer, for publishing ({@code dns publish}) and for the DNS-01
 * challenge on the server alike: the TSIG key from {@code dns.key-file}, an API token from {@code dns.token-file} or the
 * OS keyring ({@code dns.token-keyring}), the hosting provider's token. One rule for each; no message quotes a secret.
 */
public final class DnsSecrets {
    /** Where {@code dns.token-keyring} entries are read: this operating system's keyring. */
    public static volatile Keyring keyring = new Keyring();

    private DnsSecrets() {
    }

    /**
     * The TSIG key of an {@code rfc2136} provider.
     *
     * @throws IllegalArgumentException naming dns.key-file and what is wrong: missing, unreadable, not a key
     */
    public static TsigKey tsigKey(ServerSpec.DnsProviderSettings d) {
        String file = d.keyFile().orElseThrow(() -> new IllegalArgumentException("dns.key-file is missing"));
        try {
            return TsigKey.parse(read(file, "dns.key-file"), d.keyName(), Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("dns.key-file") ? e.getMessage()
                    : "dns.key-file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The API token of an HTTPS provider, from the keyring entry or the file the spec names.
     *
     * @throws IllegalArgumentException naming the key and the fix
     */
    public static String token(ServerSpec.DnsProviderSettings d) {
        if (d.tokenKeyring().isPresent()) {
            return keyring.read(d.tokenKeyring().get());
        }
        String file = d.tokenFile().orElseThrow(() -> new IllegalArgumentException("dns.token-file is missing"));
        return tokenIn(file, "dns.token-file", d.provider());
    }

    /** The hosting provider's token (dns.hosting), when the spec names a hosting provider. */
    public static Optional<String> hostingToken(ServerSpec.DnsProviderSettings d) {
        if (d.hosting().isEmpty()) {
            return Optional.empty();
        }
        String file = d.hostingToken().orElseThrow(() -> new IllegalArgumentException("dns.hosting-token-file is missing"));
        return Optional.of(tokenIn(file, "dns.hosting-token-file", d.hosting().get()));
    }

    /** The token alone in {@code file}: one trailing line break allowed, nothing else around it. */
    private static String tokenIn(String file, String key, String provider) {
        String token = read(file, key);
        if (token.endsWith("\n")) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.endsWith("\r")) {
            token = token.substring(0, token.length() - 1);
        }
        if (token.isBlank()) {
            throw new IllegalArgumentException(key + " " + file + " is empty: put the " + provider + " API token in it");
        }
        if (token.chars().anyMatch(c -> c <= 32 || c == 127)) {
            throw new IllegalArgumentException(key + " " + file + " holds more than the token (a space, tab or second line):"
                    + " put only the " + provider + " API token in it, on one line");
        }
        return token;
    }

    private static String read(String file, String key) {
        Path path = LocalPaths.SYSTEM.expandHomePath(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(key + " " + file + " is not a file on this computer");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + key + " " + file + ": " + e.getMessage(), e);
        }
    }
}
