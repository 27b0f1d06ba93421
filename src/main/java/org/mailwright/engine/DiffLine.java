package org.mailwright.engine;

import java.util.List;

/**
 * One line of a diff a person reviews, with what it is, so a view can colour it without reading the text back.
 *
 * @param kind what the line says: a file or hunk header, a line added or removed, or context (unchanged lines and
 *             sentences about a change, such as "create /etc/mail/dkim/example.com.key ...")
 * @param text the line as {@code diff -u} would print it, prefix included, without the line break
 */
public record DiffLine(Kind kind, String text) {

    public enum Kind { HEADER, ADDED, REMOVED, CONTEXT }

    /** A header line ({@code --- a}, {@code +++ b}, {@code @@ ... @@}). */
    public static DiffLine header(String text) {
        return new DiffLine(Kind.HEADER, text);
    }

    /** A sentence about a change that is not a line of the file (secret content, a new key, a note). */
    public static DiffLine context(String text) {
        return new DiffLine(Kind.CONTEXT, text);
    }

    /** The lines as text, each ended by a line break: what {@code diff -u} prints. */
    public static String text(List<DiffLine> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()).append('\n'));
        return sb.toString();
    }
}
