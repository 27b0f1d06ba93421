package org.mailwright.model;

import java.util.Collection;
import java.util.Objects;

/**
 * The result of one check: what was checked, how it came out, what was seen, and (unless it is OK) one sentence
 * saying what to do about it.
 */
public record Finding(Severity severity, String check, String message, String fix) {

    public Finding {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(check);
        Objects.requireNonNull(message);
        fix = fix == null ? "" : fix;
    }

    public static Finding ok(String check, String message) {
        return new Finding(Severity.OK, check, message, "");
    }

    public static Finding warn(String check, String message, String fix) {
        return new Finding(Severity.WARN, check, message, fix);
    }

    public static Finding error(String check, String message, String fix) {
        return new Finding(Severity.ERROR, check, message, fix);
    }

    public static Severity worst(Collection<Finding> findings) {
        return findings.stream().map(Finding::severity).max(Enum::compareTo).orElse(Severity.OK);
    }
}
