package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.model.QuotaSize;

/**
 * {@code /etc/mail/quotas}: each domain's default mailbox quota, one {@code domain: size} line each ({@code
 * example.com: 2G}). Only Mailwright reads it: a mailbox made without a quota of its own gets its domain's default
 * written into its credentials line, which is what Dovecot enforces. It lives on the server, beside the tables, so
 * the window, the CLI and a later apply agree on it whoever set it, and backups carry it. Comments and blank lines
 * are kept.
 */
public final class QuotasFile {
    public static final String NAME = "quotas";
    /** The file's first lines when Mailwright makes it. */
    public static final String HEADER = "# Default quota of new mailboxes per domain (domain: size, such as example.com: 2G), kept by Mailwright:\n"
            + "# change it with mailwright users quota @DOMAIN SIZE. Existing mailboxes keep their own (in /etc/mail/credentials).\n";

    private final List<TableLine> lines;
    private final Map<String, QuotaSize> defaults;

    private QuotasFile(List<TableLine> lines, Map<String, QuotaSize> defaults) {
        this.lines = List.copyOf(lines);
        this.defaults = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
    }

    public static QuotasFile empty() {
        return new QuotasFile(List.of(), Map.of());
    }

    /**
     * @param content the file's text; empty for a file that does not exist
     * @throws TableParseException naming each line that is not {@code domain: size} with a size {@link QuotaSize} reads,
     *                             or names a domain twice
     */
    public static QuotasFile parse(String content) {
        List<TableLine> lines = TableLine.split(content);
        Map<String, QuotaSize> defaults = new LinkedHashMap<>();
        List<TableProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            TableLine l = lines.get(i);
            if (l.isCommentOrBlank()) {
                continue;
            }
            String[] kv = keyAndSize(l);
            Optional<QuotaSize> size = kv.length == 2 ? QuotaSize.fromDovecot(kv[1]) : Optional.empty();
            if (size.isEmpty()) {
                problems.add(new TableProblem(NAME, i + 1, "'" + l.text().strip() + "' is not 'domain: size' (such as example.com: 2G)"));
            } else if (defaults.containsKey(kv[0])) {
                problems.add(new TableProblem(NAME, i + 1, "'" + kv[0] + "' is listed twice"));
            } else {
                defaults.put(kv[0], size.get());
            }
        }
        if (!problems.isEmpty()) {
            throw new TableParseException(problems);
        }
        return new QuotasFile(lines, defaults);
    }

    /** Domain to default quota, in file order. */
    public Map<String, QuotaSize> defaults() {
        return defaults;
    }

    /** The default quota of new mailboxes of {@code domain}; empty: no limit. */
    public Optional<QuotaSize> defaultFor(String domain) {
        return Optional.ofNullable(defaults.get(domain));
    }

    /** With {@code domain}'s default set, replaced in place, or removed when {@code quota} is empty. */
    public QuotasFile with(String domain, Optional<QuotaSize> quota) {
        List<TableLine> ls = new ArrayList<>(lines);
        Map<String, QuotaSize> ds = new LinkedHashMap<>(defaults);
        int at = -1;
        for (int i = 0; i < ls.size(); i++) {
            if (!ls.get(i).isCommentOrBlank() && keyAndSize(ls.get(i))[0].equals(domain)) {
                at = i;
            }
        }
        if (quota.isEmpty()) {
            if (at >= 0) {
                ls.remove(at);
            }
            ds.remove(domain);
            return new QuotasFile(ls, ds);
        }
        String line = domain + ": " + quota.get().dovecot();
        ds.put(domain, quota.get());
        if (at >= 0) {
            ls.set(at, new TableLine(line, ls.get(at).eol()));
            return new QuotasFile(ls, ds);
        }
        return new QuotasFile(TableLine.append(ls, line), ds);
    }

    /** A line's domain and size text, split at its first colon; one element when it has none. */
    private static String[] keyAndSize(TableLine l) {
        return l.text().strip().split("\\s*:\\s*", 2);
    }

    public String text() {
        return TableLine.join(lines);
    }
}
