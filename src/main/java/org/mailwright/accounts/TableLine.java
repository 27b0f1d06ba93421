package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.List;

/**
 * One physical line of a table file as it was read: its text without the line ending, and the ending itself
 * ({@code "\n"}, {@code "\r\n"}, or {@code ""} for a last line without one). Writing the lines back joins text and
 * ending, so a file nobody edited comes back byte for byte.
 */
record TableLine(String text, String eol) {

    static List<TableLine> split(String content) {
        List<TableLine> out = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int nl = content.indexOf('\n', start);
            if (nl < 0) {
                out.add(new TableLine(content.substring(start), ""));
                break;
            }
            boolean crlf = nl > start && content.charAt(nl - 1) == '\r';
            out.add(new TableLine(content.substring(start, crlf ? nl - 1 : nl), crlf ? "\r\n" : "\n"));
            start = nl + 1;
        }
        return out;
    }

    static String join(List<TableLine> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text).append(l.eol));
        return sb.toString();
    }

    /** The ending new lines get: CRLF when the file already uses it, else LF. */
    static String newline(List<TableLine> lines) {
        return lines.stream().anyMatch(l -> l.eol.equals("\r\n")) ? "\r\n" : "\n";
    }

    /** The lines with {@code added} at the end; a last line without an ending gets one first. */
    static List<TableLine> append(List<TableLine> lines, String text) {
        List<TableLine> out = new ArrayList<>(lines);
        String nl = newline(lines);
        if (!out.isEmpty() && out.get(out.size() - 1).eol.isEmpty()) {
            out.set(out.size() - 1, new TableLine(out.get(out.size() - 1).text, nl));
        }
        out.add(new TableLine(text, nl));
        return out;
    }

    /** Blank, or a comment: {@code #} first after optional blanks (table(5)). */
    boolean isCommentOrBlank() {
        String s = text.strip();
        return s.isEmpty() || s.startsWith("#");
    }
}
