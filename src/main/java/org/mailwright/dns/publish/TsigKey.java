package org.mailwright.dns.publish;

import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TSIG key (RFC 8945) for signing dynamic updates: its name, its HMAC algorithm and its secret. {@link #toString()}
 * never shows the secret.
 *
 * @param name      the key's name as the DNS server knows it, without the trailing dot ({@code mailwright})
 * @param algorithm the HMAC algorithm in BIND's spelling ({@code hmac-sha256})
 * @param secret    the shared secret, base64 as {@code tsig-keygen} writes it
 */
public record TsigKey(String name, String algorithm, String secret) {

    /** The algorithms BIND's {@code tsig-keygen -a} makes and dnsjava signs with; MD5 is left out (RFC 8945 section 6). */
    public static final Set<String> ALGORITHMS = Set.of("hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512");

    /** tsig-keygen's default (BIND 9.16 and later) and ours. */
    public static final String DEFAULT_ALGORITHM = "hmac-sha256";

    private static final Pattern BLOCK = Pattern.compile(
            "key\\s+\"?([A-Za-z0-9._-]+?)\\.?\"?\\s*\\{(.*?)\\}\\s*;", Pattern.DOTALL);
    private static final Pattern ALGORITHM = Pattern.compile("algorithm\\s+\"?([A-Za-z0-9-]+)\"?\\s*;");
    private static final Pattern SECRET = Pattern.compile("secret\\s+\"([A-Za-z0-9+/=]+)\"\\s*;");

    /**
     * @throws IllegalArgumentException for a name that is not a DNS name, an algorithm outside {@link #ALGORITHMS},
     *                                  or a secret that is not base64; the message never holds the secret
     */
    public TsigKey {
        Objects.requireNonNull(name);
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(secret);
        name = RecordSet.normalizeName(name);
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
            throw new IllegalArgumentException("a TSIG key name is a DNS name such as mailwright or mailwright.example.com");
        }
        if (!ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException("the TSIG algorithm must be one of " + String.join(", ", ALGORITHMS.stream().sorted().toList())
                    + ", not " + algorithm);
        }
        try {
            if (Base64.getDecoder().decode(secret.trim()).length == 0) {
                throw new IllegalArgumentException("the TSIG secret is empty");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the TSIG secret is not base64 (write it as tsig-keygen does)");
        }
        secret = secret.trim();
    }

    /**
     * Reads a key file: either BIND's {@code key "NAME" { algorithm ALG; secret "BASE64"; };} as {@code tsig-keygen}
     * writes it (name and algorithm from the file), or the base64 secret alone (then {@code name} must be given).
     *
     * @param text      the file's content
     * @param name      the key name from the spec, when the file holds only the secret; checked against the file's
     * @param algorithm the algorithm from the spec, or empty for the file's (or {@link #DEFAULT_ALGORITHM})
     * @throws IllegalArgumentException naming what is wrong with the file; never quoting the secret
     */
    public static TsigKey parse(String text, java.util.Optional<String> name, java.util.Optional<String> algorithm) {
        Matcher block = BLOCK.matcher(text);
        if (block.find()) {
            String fileName = block.group(1);
            Matcher a = ALGORITHM.matcher(block.group(2));
            Matcher s = SECRET.matcher(block.group(2));
            if (!s.find()) {
                throw new IllegalArgumentException("the key file's key block has no secret \"...\"; line");
            }
            if (name.isPresent() && !RecordSet.normalizeName(name.get()).equals(RecordSet.normalizeName(fileName))) {
                throw new IllegalArgumentException("the key file names the key " + fileName + ", the spec " + name.get()
                        + ": leave the name out of the spec or make them the same");
            }
            String alg = algorithm.orElse(a.find() ? a.group(1) : DEFAULT_ALGORITHM);
            return new TsigKey(fileName, alg, s.group(1));
        }
        String secret = text.trim();
        if (secret.contains("\n") || secret.contains(" ")) {
            throw new IllegalArgumentException("the key file holds neither a BIND key block (tsig-keygen NAME) nor a base64 secret alone");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the key file holds only a secret: give the key's name in the spec as dns.key-name,"
                    + " or use the file tsig-keygen writes");
        }
        return new TsigKey(name.get(), algorithm.orElse(DEFAULT_ALGORITHM), secret);
    }

    @Override
    public String toString() {
        return "TsigKey[" + name + ", " + algorithm + ", secret redacted]";
    }
}
