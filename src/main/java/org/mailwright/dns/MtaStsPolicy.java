package org.mailwright.dns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.mailwright.model.ServerSpec.MtaStsMode;

/**
 * An MTA-STS policy (RFC 8461 section 3.2): the file a sending server fetches from
 * {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} to learn which MX hosts of DOMAIN must be reached over TLS
 * with a valid certificate, and what to do when that fails ({@code mode}). Written by {@link #of}, read back by
 * {@link #parse} (the check and the lab test read what the server serves), one class for both directions.
 *
 * @param mode          {@code enforce}, {@code testing} or {@code none} (RFC 8461 section 5)
 * @param mx            the MX host patterns; a pattern may start with {@code *.} for one label (section 4.1)
 * @param maxAgeSeconds how long senders cache the policy, in seconds, 0 to {@value #MAX_AGE_LIMIT}
 */
public record MtaStsPolicy(String mode, List<String> mx, long maxAgeSeconds) {

    /** Where senders fetch the policy, below {@code https://mta-sts.DOMAIN} (RFC 8461 section 3.3). */
    public static final String PATH = "/.well-known/mta-sts.txt";
    /** The largest {@code max_age} RFC 8461 section 3.2 allows: 31557600 seconds (about one year). */
    public static final long MAX_AGE_LIMIT = 31_557_600L;
    /**
     * {@code max_age} in {@code testing}: one day, so a sender picks up the switch to {@code enforce} (or a changed MX)
     * soon; nothing is refused in testing, so a short cache costs nothing.
     */
    public static final long TESTING_MAX_AGE = 86_400L;
    /** {@code max_age} in {@code enforce}: one week, which RFC 8461 section 3.2 calls a sensible order ("weeks or greater"). */
    public static final long ENFORCE_MAX_AGE = 604_800L;

    private static final Set<String> MODES = Set.of("enforce", "testing", "none");
    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");

    public MtaStsPolicy {
        mx = List.copyOf(mx);
    }

    /**
     * The policy the mail host {@code mailHost} serves for a spec's {@code mode}.
     *
     * @throws IllegalArgumentException for {@link MtaStsMode#OFF}: there is no policy to serve then
     */
    public static MtaStsPolicy of(MtaStsMode mode, String mailHost) {
        return switch (mode) {
            case TESTING -> new MtaStsPolicy("testing", List.of(mailHost), TESTING_MAX_AGE);
            case ENFORCE -> new MtaStsPolicy("enforce", List.of(mailHost), ENFORCE_MAX_AGE);
            case OFF -> throw new IllegalArgumentException("MTA-STS is off: no policy");
        };
    }

    /** The file's text: {@code version: STSv1}, then mode, each mx and max_age, one per line (LF, section 3.2). */
    public String text() {
        StringBuilder sb = new StringBuilder("version: STSv1\nmode: ").append(mode).append('\n');
        mx.forEach(m -> sb.append("mx: ").append(m).append('\n'));
        return sb.append("max_age: ").append(maxAgeSeconds).append('\n').toString();
    }

    /**
     * The policy id published in {@code _mta-sts.DOMAIN} ({@code v=STSv1; id=...}, RFC 8461 section 3.1): 16 hex
     * digits of the SHA-256 of {@link #text()}. It must change whenever the policy does; taken from the text, it changes
     * exactly then, and a re-run does not announce a change that did not happen.
     */
    public String id() {
        return id(text());
    }

    /** {@link #id()} of any policy text. */
    public static String id(String policyText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(policyText.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Whether {@code host} is one of the policy's MX patterns (RFC 8461 section 4.1): equal ignoring case and a final dot,
     * or {@code *.example.com} matching exactly one more label ({@code mail.example.com}, not {@code a.b.example.com}).
     */
    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        for (String p : mx) {
            String q = p.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
            if (q.startsWith("*.")) {
                int dot = h.indexOf('.');
                if (dot > 0 && h.substring(dot + 1).equals(q.substring(2))) {
                    return true;
                }
            } else if (q.equals(h)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a policy as a sender does (RFC 8461 section 3.2): {@code key: value} lines separated by CRLF or LF;
     * {@code version} must be {@code STSv1}; {@code mode} one of enforce, testing, none; {@code max_age} a whole number of
     * seconds up to {@value #MAX_AGE_LIMIT}; at least one {@code mx} unless the mode is none. Unknown keys are ignored, as
     * the RFC asks; the first of a repeated key other than {@code mx} counts.
     *
     * @throws MalformedRecordException naming the first rule the text breaks
     */
    public static MtaStsPolicy parse(String text) throws MalformedRecordException {
        String version = null;
        String mode = null;
        String maxAge = null;
        List<String> mx = new ArrayList<>();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedRecordException("the line \"" + line.strip() + "\" is not \"key: value\"");
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = version == null ? value : version;
                case "mode" -> mode = mode == null ? value : mode;
                case "max_age" -> maxAge = maxAge == null ? value : maxAge;
                case "mx" -> mx.add(value);
                default -> {
                    // RFC 8461 3.2: "Unknown fields MUST be ignored"
                }
            }
        }
        if (!"STSv1".equals(version)) {
            throw new MalformedRecordException(version == null ? "it has no version field (version: STSv1)"
                    : "its version is \"" + version + "\", not STSv1");
        }
        if (mode == null || !MODES.contains(mode)) {
            throw new MalformedRecordException(mode == null ? "it has no mode field" : "its mode \"" + mode + "\" is not enforce, testing or none");
        }
        if (maxAge == null || !MAX_AGE.matcher(maxAge).matches() || Long.parseLong(maxAge) > MAX_AGE_LIMIT) {
            throw new MalformedRecordException(maxAge == null ? "it has no max_age field"
                    : "its max_age \"" + maxAge + "\" is not a whole number of seconds up to " + MAX_AGE_LIMIT);
        }
        if (mx.isEmpty() && !mode.equals("none")) {
            throw new MalformedRecordException("it names no mx host");
        }
        return new MtaStsPolicy(mode, mx, Long.parseLong(maxAge));
    }
}
