package org.mailwright.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host keys Mailwright trusts, in OpenSSH known_hosts format (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), so a
 * person can read, edit and compare it with {@code ~/.ssh/known_hosts}. Hosts on port 22 are written bare, others as
 * {@code [host]:port}. Reading understands comma lists, hashed names ({@code |1|salt|hash}), {@code *}/{@code ?}
 * wildcards and {@code !} negation; {@code @cert-authority} lines are ignored and a key under {@code @revoked} is
 * never trusted. The file is created 0600 inside a 0700 directory, and re-read on every lookup so edits take effect.
 */
public final class HostKeyStore {

    /** One key pinned for a host: its SSH type name and its public key blob (RFC 4253 6.6). */
    public record PinnedKey(String keyType, byte[] blob, boolean revoked) {
        public String fingerprint() {
            return HostKeyStore.fingerprint(blob);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PinnedKey k && k.keyType.equals(keyType) && Arrays.equals(k.blob, blob) && k.revoked == revoked;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(blob);
        }

        @Override
        public String toString() {
            return keyType + " " + fingerprint() + (revoked ? " (revoked)" : "");
        }
    }

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private final Path file;

    public HostKeyStore(Path file) {
        this.file = Objects.requireNonNull(file);
    }

    /** {@code $XDG_CONFIG_HOME/mailwright/known_hosts}, by default {@code ~/.config/mailwright/known_hosts}. */
    public static HostKeyStore atDefaultLocation() {
        return new HostKeyStore(LocalPaths.SYSTEM.configDir().resolve("known_hosts"));
    }

    public Path file() {
        return file;
    }

    /** How known_hosts names a host: bare on port 22, {@code [host]:port} otherwise; lower case. */
    public static String hostPattern(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }

    /** The fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:} and unpadded base64 of the key blob's SHA-256. */
    public static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Every key pinned for this host and port, revoked ones included (marked), in file order. */
    public synchronized List<PinnedKey> keysFor(String host, int port) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RemoteException("Cannot read the pinned host keys in " + file + ": " + e.getMessage(), e);
        }
        String name = hostPattern(host, port);
        List<PinnedKey> keys = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = WHITESPACE.split(line);
            boolean revoked = false;
            int i = 0;
            if (f[0].startsWith("@")) {
                if (f[0].equals("@revoked")) {
                    revoked = true;
                } else {
                    continue; // @cert-authority: Mailwright does not use host certificates
                }
                i = 1;
            }
            if (f.length < i + 3 || !matches(f[i], name)) {
                continue;
            }
            try {
                keys.add(new PinnedKey(f[i + 1], Base64.getDecoder().decode(f[i + 2]), revoked));
            } catch (IllegalArgumentException badBase64) {
                // a damaged line cannot vouch for anything; OpenSSH skips it too
            }
        }
        return keys;
    }

    /** Adds a line for this host and key; creates the file (0600) and its directory (0700) when missing. */
    public synchronized void pin(String host, int port, String keyType, byte[] blob) {
        String line = hostPattern(host, port) + " " + keyType + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                setMode(dir, "rwx------");
            }
            if (!Files.exists(file)) {
                Files.createFile(file);
                setMode(file, "rw-------");
            }
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            String prefix = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            Files.writeString(file, prefix + line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the host key of " + hostPattern(host, port) + " in " + file, e);
        }
    }

    private static void setMode(Path p, String mode) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the profile directory's ACL protects it
        }
    }

    /** One host field of known_hosts against our {@link #hostPattern}: any positive match and no negated match. */
    static boolean matches(String field, String name) {
        if (field.startsWith("|1|")) {
            return hashedMatches(field, name);
        }
        boolean matched = false;
        for (String p : field.split(",")) {
            boolean negated = p.startsWith("!");
            String pat = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
            if (glob(pat, name)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private static boolean glob(String pattern, String name) {
        if (pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0) {
            return pattern.equals(name);
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return name.matches(re.toString());
    }

    /** {@code |1|base64(salt)|base64(HMAC-SHA1(salt, name))}, as ssh-keygen -H writes (HashKnownHosts). */
    private static boolean hashedMatches(String field, String name) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(hash, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
