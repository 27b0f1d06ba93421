package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /etc/mail/domains}: an OpenSMTPD list table, one domain a line. Comments and blank lines are kept. A line
 * with more than one word is not a list entry; table(5) would read the file as a mapping, so it is an error.
 */
public final class DomainsFile {
    public static final String NAME = "domains";

    private final List<TableLine> lines;
    private final List<String> domains;

    private DomainsFile(List<TableLine> lines, List<String> domains) {
        this.lines = List.copyOf(lines);
        this.domains = List.copyOf(domains);
    }

    public static DomainsFile empty() {
        return new DomainsFile(List.of(), List.of());
    }

    public static DomainsFile parse(String content) {
        List<TableLine> lines = TableLine.split(content);
        List<String> domains = new ArrayList<>();
        List<TableProblem> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            TableLine l = lines.get(i);
            if (l.isCommentOrBlank()) {
                continue;
            }
            String[] words = l.text().strip().split("[\\s:]+");
            if (words.length > 1) {
                problems.add(new TableProblem(NAME, i + 1, "'" + l.text().strip() + "' is more than one domain name"));
            } else if (!domains.contains(words[0])) {
                domains.add(words[0]);
            }
        }
        if (!problems.isEmpty()) {
            throw new TableParseException(problems);
        }
        return new DomainsFile(lines, domains);
    }

    /** The domains, in file order, each once. */
    public List<String> domains() {
        return domains;
    }

    public boolean contains(String domain) {
        return domains.contains(domain);
    }

    public DomainsFile with(String domain) {
        if (contains(domain)) {
            return this;
        }
        List<String> ds = new ArrayList<>(domains);
        ds.add(domain);
        return new DomainsFile(TableLine.append(lines, domain), ds);
    }

    public String text() {
        return TableLine.join(lines);
    }
}
