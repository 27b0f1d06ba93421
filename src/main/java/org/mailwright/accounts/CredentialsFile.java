package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.model.QuotaSize;

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

        /**
         * Dovecot's extra fields (the 8th field on: space-separated {@code key=value}), in order; empty when none. A
         * value may hold colons ({@code userdb_quota_rule=*:storage=2G}), so the rest of the line is one field here.
         */
        public List<String> extraFields() {
            if (rest.size() <= 5) {
                return List.of();
            }
            String extra = String.join(":", rest.subList(5, rest.size())).strip();
            return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
        }

        /**
         * The mailbox's storage limit, from either Dovecot release's userdb field ({@link QuotaField}); empty when the
         * line has none (no limit) or one Mailwright cannot read.
         */
        public Optional<QuotaSize> quota() {
            return extraFields().stream()
                    .flatMap(f -> java.util.stream.Stream.of(QuotaField.values()).map(q -> q.read(f)).flatMap(Optional::stream))
                    .findFirst();
        }

        /** True when the line's quota field is written for the other Dovecot release than {@code dovecot24}. */
        boolean quotaFieldIsFor(boolean dovecot24) {
            return extraFields().stream().noneMatch(f -> QuotaField.of(!dovecot24).owns(f));
        }

        Entry withQuota(Optional<QuotaSize> quota, boolean dovecot24) {
            List<String> extra = new ArrayList<>(extraFields().stream()
                    .filter(f -> !QuotaField.V23.owns(f) && !QuotaField.V24.owns(f)).toList());
            quota.ifPresent(q -> extra.add(QuotaField.of(dovecot24).write(q)));
            List<String> r = new ArrayList<>(rest.subList(0, 5));
            if (!extra.isEmpty()) {
                r.add(String.join(" ", extra));
            } else if (rest.size() > 5) {
                r.add("");
            }
            return new Entry(address, hash, r);
        }

        @Override
        public String toString() {
            return "Entry[" + address + ", hash hidden]";
        }
    }

    /**
     * The userdb extra field that carries a mailbox's storage limit: Dovecot 2.3's {@code quota_rule} (Debian 12) or
     * 2.4's {@code quota_storage_size} (Debian 13), which replaced it (doc.dovecot.org 2.4 upgrading: quota). 2.4 would
     * refuse a login that names the old setting, so the release decides which one a line carries; OpenSMTPD's
     * table-passwd ignores both (seen: AUTH still 235 with them, docs/design/issue-17-delivery-notes.md section 3).
     */
    public enum QuotaField {
        V23("userdb_quota_rule=*:storage="),
        V24("userdb_quota_storage_size=");

        private final String prefix;

        QuotaField(String prefix) {
            this.prefix = prefix;
        }

        public static QuotaField of(boolean dovecot24) {
            return dovecot24 ? V24 : V23;
        }

        boolean owns(String field) {
            return field.startsWith(prefix) || field.startsWith(prefix.substring(0, prefix.indexOf('=') + 1));
        }

        Optional<QuotaSize> read(String field) {
            return field.startsWith(prefix) ? QuotaSize.fromDovecot(field.substring(prefix.length())) : Optional.empty();
        }

        String write(QuotaSize q) {
            return prefix + q.dovecot();
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
        return replaced(i, new Entry(address, hash, entries.get(i).rest()));
    }

    /**
     * With the storage limit of {@code address} set (or removed: no limit), in the field {@code dovecot24} reads; its
     * hash and other extra fields stay as they were.
     *
     * @throws MailTablesException when the address has no line
     */
    public CredentialsFile withQuota(String address, Optional<QuotaSize> quota, boolean dovecot24) {
        int i = indexOf(address);
        return replaced(i, entries.get(i).withQuota(quota, dovecot24));
    }

    /**
     * With every quota field written for the other Dovecot release rewritten for {@code dovecot24} (after an upgrade
     * from Debian 12 to 13 the 2.3 field would be refused); the limits themselves do not change.
     *
     * @return this file when nothing needs rewriting
     */
    public CredentialsFile withQuotaFieldsFor(boolean dovecot24) {
        CredentialsFile out = this;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e != null && !e.quotaFieldIsFor(dovecot24)) {
                out = out.replaced(i, e.withQuota(e.quota(), dovecot24));
            }
        }
        return out;
    }

    private CredentialsFile replaced(int i, Entry e) {
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
        List<String> quotas = new ArrayList<>();
        for (Entry e : entries()) {
            Optional<Entry> old = before.find(e.address());
            if (old.isEmpty()) {
                added.add(e.address() + e.quota().map(q -> ", quota " + q).orElse(""));
            } else {
                if (!old.get().hash().equals(e.hash())) {
                    changed.add(e.address());
                }
                if (!old.get().quota().equals(e.quota())) {
                    quotas.add("quota of " + e.address() + ": " + old.get().quota().map(QuotaSize::dovecot).orElse("no limit") + " -> "
                            + e.quota().map(QuotaSize::dovecot).orElse("no limit"));
                } else if (!old.get().rest().equals(e.rest())) {
                    quotas.add("quota field of " + e.address() + " rewritten for this Dovecot (limit unchanged)");
                }
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
        out.addAll(quotas);
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
