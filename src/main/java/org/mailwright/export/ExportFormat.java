package org.mailwright.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The client-settings formats, by the name the command line uses. */
public enum ExportFormat {
    TEXT, HTML, THUNDERBIRD, APPLE, OUTLOOK;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportFormat> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.cliName().equals(name.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
