package org.mailwright.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks host and domain names as mail needs them: ASCII letters, digits and hyphens (RFC 1035 / RFC 5321
 * 4.1.2), at least two labels, 63 octets a label, 253 in all.
 *
 * <p>Internationalized names are refused, with their ASCII (xn--) form suggested, rather than converted silently:
 * OpenSMTPD's tables, Dovecot, the DKIM selector records and the certificate all match the A-label byte for byte, and
 * a name shown in one form and configured in another is how a person ends up publishing DNS for the wrong one. A
 * trailing dot (the DNS root) is refused too: mail tables and certificates never carry it, so it would never match.
 */
public final class DomainName {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DomainName() {
    }

    /** The canonical (lower-case) form. */
    public static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** Why {@code name} is not a usable domain, or empty when it is fine. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isBlank()) {
            return Optional.of("is empty");
        }
        String n = normalize(name);
        if (!n.chars().allMatch(c -> c < 128)) {
            String ascii = Punycode.toAscii(n).filter(DomainName::isValid)
                    .map(a -> ": write it as " + a).orElse(": write it in its ASCII form (xn--..., punycode)");
            return Optional.of("'" + name + "' has non-ASCII characters, which the mail tables, DNS records and certificate "
                    + "cannot hold" + ascii);
        }
        if (n.endsWith(".")) {
            return Optional.of("'" + name + "' ends with a dot: leave the trailing dot out (" + n.replaceAll("\\.+$", "") + ")");
        }
        if (n.length() > 253) {
            return Optional.of("'" + abbreviate(n) + "' is " + n.length() + " characters long; at most 253 are allowed");
        }
        String[] labels = n.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("'" + name + "' is not a full domain name (like example.com)");
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return Optional.of("'" + name + "' has an empty part between dots");
            }
            if (label.length() > 63) {
                return Optional.of("'" + abbreviate(n) + "' has a part longer than 63 characters");
            }
            if (label.contains("_")) {
                return Optional.of("'" + name + "' contains an underscore, which host names cannot have");
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("'" + name + "' may only contain letters, digits, dots and inner hyphens");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("'" + name + "' looks like an IP address, not a domain name");
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
