package org.mailwright.remote;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * POSIX sh quoting. A word is wrapped in single quotes, inside which sh gives no character a meaning; a single
 * quote itself becomes {@code '\''}. See POSIX.1-2017 XCU 2.2.2.
 */
public final class Shell {
    private Shell() {
    }

    /** Characters that never need quoting; a word made only of them is left bare so transcripts stay readable. */
    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == '/' || c == ':' || c == '@' || c == '%' || c == '+' || c == ',' || c == '=';
    }

    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot hold a NUL character");
        }
        if (!word.isEmpty() && word.chars().allMatch(c -> isSafe((char) c))) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    public static String join(Collection<String> argv) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
