package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /etc/mail/virtuals}, an OpenSMTPD mapping table (table(5)): a key, then blanks and/or a colon, then a
 * comma-separated list of targets. A mailbox maps to the {@code vmail} user ({@code john@example.com: vmail}), an
 * alias to addresses ({@code info@example.com: john@example.com, jane@elsewhere.org}). Keys Mailwright does not
 * manage (a catch-all {@code @example.com}, a bare user name) are kept untouched, as are comments and blank lines.
 */
public final class VirtualsFile {
    public static final String NAME = "virtuals";
    /** The system user that owns every maildir; a key mapping to it is a mailbox. */
    public static final String VMAIL = "vmail";

    public record Entry(String key, List<String> targets) {
        public Entry {
            targets = List.copyOf(targets);
        }

        public boolean isMailbox() {
            return targets.equals(List.of(VMAIL));
        }

        String line() {
            return key + ": " + String.join(", ", targets);
        }
    }

    private final List<TableLine> lines;
    private final List<Entry> entries;

    private VirtualsFile(List<TableLine> lines, List<Entry> entries) {
        this.lines = List.copyOf(lines);
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
    }

    public static VirtualsFile empty() {
        return new VirtualsFile(List.of(), List.of());
    }

    public static VirtualsFile parse(String content) {
        return parse(content, NAME);
    }

    /**
     * Another table of the same format (the local aliases table), with {@code name} in the problems it reports.
     *
     * @throws TableParseException naming every line that cannot be read
     */
    public static VirtualsFile parse(String content, String name) {
        List<TableLine> lines = TableLine.split(content);
        List<Entry> entries = new ArrayList<>();
        List<TableProblem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            TableLine l = lines.get(i);
            int n = i + 1;
            if (l.isCommentOrBlank()) {
                entries.add(null);
                continue;
            }
            // as smtpd's table_static: the key ends at the first blank or colon; blanks and colons then separate it from the value
            String s = l.text().strip();
            int end = 0;
            while (end < s.length() && !isSeparator(s.charAt(end))) {
                end++;
            }
            String key = s.substring(0, end);
            int v = end;
            while (v < s.length() && isSeparator(s.charAt(v))) {
                v++;
            }
            String value = s.substring(v).strip();
            if (key.isEmpty()) {
                problems.add(new TableProblem(name, n, "'" + s + "' has no key before the colon"));
                entries.add(null);
                continue;
            }
            if (value.isEmpty()) {
                problems.add(new TableProblem(name, n, "'" + key + "' has no target"));
                entries.add(null);
                continue;
            }
            List<String> targets = Arrays.stream(value.split(",", -1)).map(String::strip).toList();
            if (targets.stream().anyMatch(String::isEmpty)) {
                problems.add(new TableProblem(name, n, "'" + key + "' has an empty target (two commas, or one at an end)"));
            } else if (seen.containsKey(key)) {
                problems.add(new TableProblem(name, n, "'" + key + "' is listed twice (first on line " + seen.get(key) + ")"));
            }
            seen.putIfAbsent(key, n);
            entries.add(new Entry(key, targets));
        }
        if (!problems.isEmpty()) {
            throw new TableParseException(problems);
        }
        return new VirtualsFile(lines, entries);
    }

    private static boolean isSeparator(char c) {
        return c == ':' || c == ' ' || c == '\t';
    }

    public List<Entry> entries() {
        return entries.stream().filter(e -> e != null).toList();
    }

    public Optional<Entry> find(String key) {
        return entries().stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** With {@code key} mapped to {@code targets}: its line rewritten in place when it exists, else added at the end. */
    public VirtualsFile with(String key, List<String> targets) {
        Entry e = new Entry(key, targets);
        List<TableLine> ls = new ArrayList<>(lines);
        List<Entry> es = new ArrayList<>(entries);
        for (int i = 0; i < es.size(); i++) {
            if (es.get(i) != null && es.get(i).key().equals(key)) {
                if (es.get(i).targets().equals(targets)) {
                    return this;
                }
                ls.set(i, new TableLine(e.line(), lines.get(i).eol()));
                es.set(i, e);
                return new VirtualsFile(ls, es);
            }
        }
        es.add(e);
        return new VirtualsFile(TableLine.append(lines, e.line()), es);
    }

    /** Without the line of {@code key}; unchanged when there is none. */
    public VirtualsFile without(String key) {
        List<TableLine> ls = new ArrayList<>(lines);
        List<Entry> es = new ArrayList<>(entries);
        for (int i = 0; i < es.size(); i++) {
            if (es.get(i) != null && es.get(i).key().equals(key)) {
                ls.remove(i);
                es.remove(i);
                return new VirtualsFile(ls, es);
            }
        }
        return this;
    }

    public String text() {
        return TableLine.join(lines);
    }
}
