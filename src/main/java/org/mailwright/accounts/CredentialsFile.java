package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /etc/mail/credentials}: one {@code address:hash:uid:gid:gecos:home:shell[:extra]} line per mailbox, read
 * by OpenSMTPD's table-passwd and by Dovecot's passwd-file. table-passwd needs at least seven colon-separated fields
 * and rejects the whole file for one bad line, so a line with fewer is an error here too; fields after the hash
 * (Dovecot's extra fields, say) are kept as they are. Comments and blank lines already in the file are kept, but
 * Mailwright never adds any.
 *
 * <p>Hashes are secrets: they never appear in a message, a {@link #toString()} or a summary.
 */
public final class CredentialsFile {
    public static final String NAME = "credentials";
    /** table-passwd reads name, password, uid, gid, gecos, home and shell. */
    public static final int MIN_FIELDS = 7;

    public record Entry(String address, String hash, List<String> rest) {
        public Entry {
            rest = List.copyOf(rest);
        }

        String line() {
            return address + ":" + hash + ":" + String.join(":", rest);
        }

        @Override
        public String toString() {
            return "Entry[" + address + ", hash hidden]";
        }
    }

    private final List<TableLine> lines;
    /** Parallel to {@code lines}: the entry on that line, or null for a comment or blank line. */
    private final List<Entry> entries;

    private CredentialsFile(List<TableLine> lines, List<Entry> entries) {
        this.lines = List.copyOf(lines);
        this.entries = java.util.Collections.unmodifiableList(new ArrayList<>(entries));
    }

    public static CredentialsFile empty() {
        return new CredentialsFile(List.of(), List.of());
    }

    public static CredentialsFile parse(String content) {
        List<TableLine> lines = TableLine.split(content);
        List<Entry> entries = new ArrayList<>();
        List<TableProblem> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            TableLine l = lines.get(i);
            if (l.isCommentOrBlank()) {
                entries.add(null);
                continue;
            }
            String[] f = l.text().split(":", -1);
            String address = f[0];
            int n = i + 1;
            if (address.isEmpty()) {
                problems.add(new TableProblem(NAME, n, "the line starts with ':' (no address)"));
            } else if (!address.equals(address.strip()) || address.chars().anyMatch(Character::isWhitespace)) {
                problems.add(new TableProblem(NAME, n, "'" + address.strip() + "' has blanks around or inside the address"));
            } else if (f.length < MIN_FIELDS) {
                problems.add(new TableProblem(NAME, n, "'" + address + "' has " + f.length + " fields; table-passwd needs at least "
                        + MIN_FIELDS + " (address:hash::::::)"));
            } else if (f[1].isEmpty()) {
                problems.add(new TableProblem(NAME, n, "'" + address + "' has no password hash"));
            } else if (seen.containsKey(address)) {
                problems.add(new TableProblem(NAME, n, "'" + address + "' is listed twice (first on line " + seen.get(address) + ")"));
            }
            seen.putIfAbsent(address, n);
            entries.add(f.length >= 2 ? new Entry(address, f[1], Arrays.asList(f).subList(2, f.length)) : null);
        }
        if (!problems.isEmpty()) {
            throw new TableParseException(problems);
        }
        return new CredentialsFile(lines, entries);
    }

    public List<Entry> entries() {
        return entries.stream().filter(e -> e != null).toList();
    }

    public Optional<Entry> find(String address) {
        return entries().stream().filter(e -> e.address().equals(address)).findFirst();
    }

    /** With a new line for {@code address} at the end, in the form both table-passwd and Dovecot read. */
    public CredentialsFile withAdded(String address, String hash) {
        if (find(address).isPresent()) {
            throw new MailTablesException(address + " already has a password");
        }
        Entry e = new Entry(address, hash, List.of("", "", "", "", "", ""));
        List<Entry> es = new ArrayList<>(entries);
        es.add(e);
        return new CredentialsFile(TableLine.append(lines, e.line()), es);
    }

    /** With the hash of {@code address} replaced; its other fields stay as they were. */
    public CredentialsFile withHash(String address, String hash) {
        int i = indexOf(address);
        Entry e = new Entry(address, hash, entries.get(i).rest());
        List<TableLine> ls = new ArrayList<>(lines);
        ls.set(i, new TableLine(e.line(), lines.get(i).eol()));
        List<Entry> es = new ArrayList<>(entries);
        es.set(i, e);
        return new CredentialsFile(ls, es);
    }

    public CredentialsFile without(String address) {
        int i = indexOf(address);
        List<TableLine> ls = new ArrayList<>(lines);
        List<Entry> es = new ArrayList<>(entries);
        ls.remove(i);
        es.remove(i);
        return new CredentialsFile(ls, es);
    }

    private int indexOf(String address) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) != null && entries.get(i).address().equals(address)) {
                return i;
            }
        }
        throw new MailTablesException(address + " is not a mailbox on this server");
    }

    public String text() {
        return TableLine.join(lines);
    }

    /**
     * What changed from {@code before} to this file, for a person, without a single hash: "1 line added
     * (new@example.com)", "password changed for john@example.com".
     */
    public List<String> describeChangesFrom(CredentialsFile before) {
        List<String> out = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Entry e : entries()) {
            Optional<Entry> old = before.find(e.address());
            if (old.isEmpty()) {
                added.add(e.address());
            } else if (!old.get().hash().equals(e.hash())) {
                changed.add(e.address());
            }
        }
        for (Entry e : before.entries()) {
            if (find(e.address()).isEmpty()) {
                removed.add(e.address());
            }
        }
        if (!added.isEmpty()) {
            out.add(lines(added.size()) + " added (" + String.join(", ", added) + ")");
        }
        if (!removed.isEmpty()) {
            out.add(lines(removed.size()) + " removed (" + String.join(", ", removed) + ")");
        }
        if (!changed.isEmpty()) {
            out.add("password changed for " + String.join(", ", changed));
        }
        return out;
    }

    private static String lines(int n) {
        return n == 1 ? "1 line" : n + " lines";
    }

    @Override
    public String toString() {
        return "CredentialsFile[" + entries().size() + " entries]";
    }
}
