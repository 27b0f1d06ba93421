package org.mailwright.spec;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.model.QuotaSize;
import org.mailwright.model.SpecProblem;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Writes a server's accounts into a spec file's text by editing only the spans that change, so every comment, the
 * order of keys and the style of each list (flow {@code [a, b]} or block {@code - a}) stay as the person wrote them.
 * Used by {@code spec pull}. The YAML is parsed with SnakeYAML's composer, whose nodes carry their positions in the
 * text; Jackson (which reads the spec) keeps no positions.
 *
 * <p>A user entry keeps its other keys ({@code reset-password}); only its {@code password-hash} is replaced. Entries
 * the server does not have are taken out; the server's new ones are added after the last entry, in that list's style.
 */
public final class SpecEditor {
    private SpecEditor() {
    }

    /**
     * The accounts to write: domains in order, mailbox address to bcrypt hash in order, alias address to targets, each
     * mailbox's quota (only those with one) and each domain's default quota ({@code quotas}).
     */
    public record Accounts(List<String> domains, Map<String, String> users, Map<String, List<String>> aliases,
                           Map<String, QuotaSize> quotas, Map<String, QuotaSize> domainQuotas) {
        public Accounts {
            domains = List.copyOf(domains);
            users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
            aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
            quotas = Map.copyOf(quotas);
            domainQuotas = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(domainQuotas));
        }

        /**
         * What each user's {@code quota:} says: its size, {@code none} for a mailbox without one in a domain that has a
         * default (else the default would apply to it when the spec makes it again), no key otherwise.
         */
        Map<String, String> quotaTexts() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String a : users.keySet()) {
                QuotaSize q = quotas.get(a);
                if (q != null) {
                    out.put(a, q.dovecot());
                } else if (domainQuotas.containsKey(a.substring(a.indexOf('@') + 1))) {
                    out.put(a, QuotaSize.NONE);
                }
            }
            return out;
        }

        /** Accounts without quotas. */
        public Accounts(List<String> domains, Map<String, String> users, Map<String, List<String>> aliases) {
            this(domains, users, aliases, Map.of(), Map.of());
        }
    }

    /**
     * @param text    the spec text; new text is returned with the same line endings style ({@code \n} for added lines)
     * @param changes what changed, by address, for the person (no hash): "+ user bob@example.com",
     *                "~ password-hash of alice@example.com", "- alias old@example.com (not on the server)"
     */
    public record Result(String text, List<String> changes) {
        public Result {
            changes = List.copyOf(changes);
        }
    }

    private record Edit(int start, int end, String replacement) {
    }

    /**
     * The spec text with its {@code domains}, {@code users} and {@code aliases} made equal to {@code accounts}.
     *
     * @throws SpecException when the text is not a YAML mapping, or one of those keys has a value of the wrong shape
     */
    public static Result write(String text, Accounts accounts) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (YAMLException e) {
            throw new SpecException(List.of(new SpecProblem("(file)", "is not valid YAML: " + e.getMessage())));
        }
        if (!(root instanceof MappingNode map)) {
            throw new SpecException(List.of(new SpecProblem("(file)", "must be a YAML mapping of keys such as server, domains, users")));
        }
        Editor ed = new Editor(text);
        ed.domains(value(map, "domains"), accounts.domains());
        ed.users(value(map, "users"), accounts.users(), accounts.quotaTexts());
        ed.aliases(value(map, "aliases"), accounts.aliases());
        ed.quotas(value(map, "quotas"), accounts.domainQuotas());
        return new Result(ed.result(), ed.changes);
    }

    private static Optional<Node> value(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return Optional.of(t.getValueNode());
            }
        }
        return Optional.empty();
    }

    private static String scalarOf(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : "";
    }

    /** A plain scalar where YAML reads it back unchanged, else a double-quoted one. */
    static String scalar(String s) {
        if (s.matches("[A-Za-z0-9][A-Za-z0-9._@+=-]*") && !s.matches("(?i)true|false|yes|no|on|off|null|~|[0-9.+-]+")) {
            return s;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String flowList(List<String> items) {
        return "[" + String.join(", ", items.stream().map(SpecEditor::scalar).toList()) + "]";
    }

    private static String aliasValue(List<String> targets) {
        return targets.size() == 1 ? scalar(targets.get(0)) : flowList(targets);
    }

    /** @param quota the user's {@code quota:} text ({@code 2G}, {@code none}), or empty for no key */
    private static String userEntry(String address, String hash, boolean reset, Optional<String> quota) {
        return "{ address: " + scalar(address) + ", password-hash: \"" + hash + "\"" + (reset ? ", reset-password: true" : "")
                + quota.map(q -> ", quota: " + q).orElse("") + " }";
    }

    /** The size a {@code quota} node says, when it is one. */
    private static Optional<QuotaSize> quotaOf(Optional<Node> n) {
        try {
            return n.map(SpecEditor::scalarOf).filter(v -> !v.isBlank()).map(v -> QuotaSize.parse("quota", v));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A user's {@code quota:} as written, normalised ({@code 2G}, {@code none}), or empty when it has none. */
    private static Optional<String> quotaText(Optional<Node> n) {
        Optional<String> v = n.map(SpecEditor::scalarOf).map(String::strip).filter(x -> !x.isEmpty());
        if (v.isPresent() && v.get().equalsIgnoreCase(QuotaSize.NONE)) {
            return Optional.of(QuotaSize.NONE);
        }
        return quotaOf(n).map(QuotaSize::dovecot).or(() -> v);
    }

    /** Collects edits against the original text and applies them from the end, so earlier offsets stay valid. */
    private static final class Editor {
        private final String text;
        private final List<Edit> edits = new ArrayList<>();
        final List<String> changes = new ArrayList<>();
        private final StringBuilder appended = new StringBuilder();

        Editor(String text) {
            this.text = text;
        }

        /** SnakeYAML counts code points; Java strings count UTF-16 units. */
        private int at(org.yaml.snakeyaml.error.Mark m) {
            return text.offsetByCodePoints(0, Math.min(m.getIndex(), text.codePointCount(0, text.length())));
        }

        private int start(Node n) {
            return at(n.getStartMark());
        }

        /** The end of a node's own text: a block collection's end mark lies at the next token, after blanks and comments. */
        private int end(Node n) {
            int e = at(n.getEndMark());
            while (true) {
                while (e > 0 && Character.isWhitespace(text.charAt(e - 1))) {
                    e--;
                }
                int lineStart = text.lastIndexOf('\n', e - 1) + 1;
                if (e > lineStart && text.substring(lineStart, e).strip().startsWith("#") && lineStart > start(n)) {
                    e = lineStart;
                } else {
                    return e;
                }
            }
        }

        /** From the start of the line holding {@code from} to just after the newline ending the line holding {@code to}. */
        private int[] lines(int from, int to) {
            int s = text.lastIndexOf('\n', from - 1) + 1;
            int nl = text.indexOf('\n', Math.max(to - 1, s));
            return new int[] {s, nl < 0 ? text.length() : nl + 1};
        }

        /** The blanks before an entry's "- " or key, so added entries line up with it. */
        private String indentOf(int offset) {
            int s = text.lastIndexOf('\n', offset - 1) + 1;
            int i = s;
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            return text.substring(s, i);
        }

        private void insertAfterLine(int offset, String lines) {
            int[] l = lines(offset, offset);
            String before = l[1] == text.length() && !text.endsWith("\n") ? "\n" : "";
            edits.add(new Edit(l[1], l[1], before + lines));
        }

        private void remove(int from, int to) {
            int[] l = lines(from, to);
            edits.add(new Edit(l[0], l[1], ""));
        }

        private void replace(Node n, String with) {
            edits.add(new Edit(start(n), end(n), with));
        }

        private void addKey(String line) {
            appended.append(line).append('\n');
        }

        void domains(Optional<Node> node, List<String> want) {
            List<String> have = node.filter(SequenceNode.class::isInstance).map(n -> ((SequenceNode) n).getValue().stream()
                    .map(SpecEditor::scalarOf).toList()).orElse(List.of());
            want.stream().filter(d -> !have.contains(d)).forEach(d -> changes.add("+ domain " + d));
            have.stream().filter(d -> !want.contains(d)).forEach(d -> changes.add("- domain " + d + " (not on the server)"));
            if (have.equals(want)) {
                return;
            }
            if (node.isEmpty()) {
                addKey("domains:  " + flowList(want));
                return;
            }
            if (!(node.get() instanceof SequenceNode seq) || seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW || seq.getValue().isEmpty()) {
                replace(node.get(), flowList(want));
                return;
            }
            // domains only added or removed: the kept ones stay where they are
            List<Node> items = seq.getValue();
            for (Node item : items) {
                if (!want.contains(scalarOf(item))) {
                    remove(start(item), end(item));
                }
            }
            String indent = indentOf(start(items.get(0)));
            StringBuilder add = new StringBuilder();
            want.stream().filter(d -> !have.contains(d)).forEach(d -> add.append(indent).append("- ").append(scalar(d)).append('\n'));
            if (add.length() > 0) {
                insertAfterLine(end(items.get(items.size() - 1)), add.toString());
            }
        }

        void users(Optional<Node> node, Map<String, String> want, Map<String, String> quotas) {
            List<MappingNode> items = node.filter(SequenceNode.class::isInstance).map(n -> ((SequenceNode) n).getValue().stream()
                    .filter(MappingNode.class::isInstance).map(MappingNode.class::cast).toList()).orElse(List.of());
            Map<String, MappingNode> have = new LinkedHashMap<>();
            items.forEach(m -> have.put(value(m, "address").map(SpecEditor::scalarOf).orElse(""), m));
            List<String> added = want.keySet().stream().filter(a -> !have.containsKey(a)).toList();
            boolean changed = !added.isEmpty();
            for (var e : have.entrySet()) {
                if (!want.containsKey(e.getKey())) {
                    changes.add("- user " + e.getKey() + " (not on the server)");
                    changed = true;
                } else {
                    if (!value(e.getValue(), "password-hash").map(SpecEditor::scalarOf).orElse("").equals(want.get(e.getKey()))) {
                        changes.add("~ password-hash of " + e.getKey());
                        changed = true;
                    }
                    if (quotaDiffers(e.getValue(), quotas.get(e.getKey()))) {
                        changes.add("~ quota of " + e.getKey() + " (" + Optional.ofNullable(quotas.get(e.getKey()))
                                .filter(q -> !q.equals(QuotaSize.NONE)).orElse("no limit") + ")");
                        changed = true;
                    }
                }
            }
            added.forEach(a -> changes.add("+ user " + a));
            if (!changed) {
                return;
            }
            if (node.isEmpty()) {
                addKey("users:\n" + String.join("", added.stream().map(a -> "  - " + userEntry(a, want.get(a), false, quota(quotas, a)) + "\n").toList()).stripTrailing());
                return;
            }
            SequenceNode seq = node.get() instanceof SequenceNode s ? s : null;
            if (seq == null || seq.getFlowStyle() == DumperOptions.FlowStyle.FLOW || items.isEmpty()) {
                List<String> entries = new ArrayList<>();
                for (var e : have.entrySet()) {
                    if (want.containsKey(e.getKey())) {
                        entries.add(userEntry(e.getKey(), want.get(e.getKey()), isReset(e.getValue()), quota(quotas, e.getKey())));
                    }
                }
                added.forEach(a -> entries.add(userEntry(a, want.get(a), false, quota(quotas, a))));
                replace(node.get(), "[ " + String.join(", ", entries) + " ]");
                return;
            }
            for (var e : have.entrySet()) {
                if (!want.containsKey(e.getKey())) {
                    remove(start(e.getValue()), end(e.getValue()));
                    continue;
                }
                Optional<Node> hash = value(e.getValue(), "password-hash");
                if (hash.isEmpty() || quotaDiffers(e.getValue(), quotas.get(e.getKey()))) {
                    // the whole entry, so a quota key is added or taken out whatever style the entry has
                    replace(e.getValue(), userEntry(e.getKey(), want.get(e.getKey()), isReset(e.getValue()), quota(quotas, e.getKey())));
                } else if (!scalarOf(hash.get()).equals(want.get(e.getKey()))) {
                    replace(hash.get(), "\"" + want.get(e.getKey()) + "\"");
                }
            }
            if (!added.isEmpty()) {
                String indent = indentOf(start(items.get(0)));
                StringBuilder add = new StringBuilder();
                added.forEach(a -> add.append(indent).append("- ").append(userEntry(a, want.get(a), false, quota(quotas, a))).append('\n'));
                insertAfterLine(end(items.get(items.size() - 1)), add.toString());
            }
        }

        private static Optional<String> quota(Map<String, String> quotas, String address) {
            return Optional.ofNullable(quotas.get(address));
        }

        private static boolean quotaDiffers(MappingNode user, String want) {
            return !quotaText(value(user, "quota")).equals(Optional.ofNullable(want));
        }

        /** {@code quotas:} made equal to the server's domain defaults (rewritten as one flow mapping when it differs). */
        void quotas(Optional<Node> node, Map<String, QuotaSize> want) {
            Map<String, QuotaSize> have = new LinkedHashMap<>();
            if (node.isPresent() && node.get() instanceof MappingNode m) {
                m.getValue().forEach(t -> quotaOf(Optional.of(t.getValueNode())).ifPresent(q -> have.put(scalarOf(t.getKeyNode()), q)));
            }
            if (have.equals(want) && (node.isEmpty() || node.get() instanceof MappingNode mm && mm.getValue().size() == want.size())) {
                return;
            }
            want.forEach((d, q) -> {
                if (!q.equals(have.get(d))) {
                    changes.add("~ default quota of " + d + " (" + q.dovecot() + ")");
                }
            });
            have.keySet().stream().filter(d -> !want.containsKey(d)).forEach(d -> changes.add("- default quota of " + d + " (not on the server)"));
            List<String> entries = new ArrayList<>();
            want.forEach((d, q) -> entries.add(scalar(d) + ": " + q.dovecot()));
            String flow = entries.isEmpty() ? "{}" : "{ " + String.join(", ", entries) + " }";
            if (node.isEmpty()) {
                addKey("quotas:   " + flow);
            } else {
                replace(node.get(), flow);
            }
        }

        private static boolean isReset(MappingNode user) {
            return value(user, "reset-password").map(SpecEditor::scalarOf).filter("true"::equalsIgnoreCase).isPresent();
        }

        void aliases(Optional<Node> node, Map<String, List<String>> want) {
            Map<String, NodeTuple> have = new LinkedHashMap<>();
            if (node.isPresent() && node.get() instanceof MappingNode m) {
                m.getValue().forEach(t -> have.put(scalarOf(t.getKeyNode()), t));
            }
            boolean changed = false;
            for (var e : have.entrySet()) {
                if (!want.containsKey(e.getKey())) {
                    changes.add("- alias " + e.getKey() + " (not on the server)");
                    changed = true;
                } else if (!targets(e.getValue().getValueNode()).equals(want.get(e.getKey()))) {
                    changes.add("~ alias " + e.getKey() + " -> " + String.join(", ", want.get(e.getKey())));
                    changed = true;
                }
            }
            List<String> added = want.keySet().stream().filter(a -> !have.containsKey(a)).toList();
            added.forEach(a -> changes.add("+ alias " + a + " -> " + String.join(", ", want.get(a))));
            if (!changed && added.isEmpty()) {
                return;
            }
            if (node.isEmpty()) {
                addKey("aliases:  " + flowMap(want));
                return;
            }
            if (!(node.get() instanceof MappingNode m) || m.getFlowStyle() == DumperOptions.FlowStyle.FLOW || m.getValue().isEmpty()) {
                replace(node.get(), flowMap(want));
                return;
            }
            for (var e : have.entrySet()) {
                NodeTuple t = e.getValue();
                if (!want.containsKey(e.getKey())) {
                    remove(start(t.getKeyNode()), end(t.getValueNode()));
                } else if (!targets(t.getValueNode()).equals(want.get(e.getKey()))) {
                    replace(t.getValueNode(), aliasValue(want.get(e.getKey())));
                }
            }
            if (!added.isEmpty()) {
                List<NodeTuple> tuples = m.getValue();
                String indent = indentOf(start(tuples.get(0).getKeyNode()));
                StringBuilder add = new StringBuilder();
                added.forEach(a -> add.append(indent).append(scalar(a)).append(": ").append(aliasValue(want.get(a))).append('\n'));
                insertAfterLine(end(tuples.get(tuples.size() - 1).getValueNode()), add.toString());
            }
        }

        private static List<String> targets(Node n) {
            if (n instanceof SequenceNode s) {
                return s.getValue().stream().map(SpecEditor::scalarOf).toList();
            }
            return List.of(scalarOf(n));
        }

        private static String flowMap(Map<String, List<String>> aliases) {
            if (aliases.isEmpty()) {
                return "{}";
            }
            List<String> entries = new ArrayList<>();
            aliases.forEach((k, v) -> entries.add(scalar(k) + ": " + aliasValue(v)));
            return "{ " + String.join(", ", entries) + " }";
        }

        String result() {
            StringBuilder sb = new StringBuilder(text);
            edits.stream().sorted(Comparator.comparingInt(Edit::start).reversed().thenComparing(Comparator.comparingInt(Edit::end).reversed()))
                    .forEach(e -> sb.replace(e.start(), e.end(), e.replacement()));
            if (appended.length() > 0) {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') {
                    sb.append('\n');
                }
                sb.append(appended);
            }
            return sb.toString();
        }
    }
}
