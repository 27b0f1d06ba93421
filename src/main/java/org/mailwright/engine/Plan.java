package org.mailwright.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one step would change, and notes a person should read (an alias that will be added, a default chosen).
 * An empty plan means the step is already done.
 */
public record Plan(String stepId, String title, List<Change> changes, List<String> notes) {

    public Plan {
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    public static Plan empty(Step step) {
        return new Plan(step.id(), step.title(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public <T extends Change> List<T> changesOf(Class<T> type) {
        return changes.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    /**
     * The plan as text: each change's summary, then the diffs of files. A secret file (a key, the credentials table)
     * has no diff: its summary line says it is written, and for the credentials the {@link Change.Account} lines say
     * what changes in it, by address.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(title).append(isEmpty() ? ": no changes" : "").append('\n');
        notes.forEach(n -> sb.append("   note: ").append(n).append('\n'));
        // an account change carries its own sign (+ mailbox, ~ password of): no bullet in front of it
        changes.forEach(c -> sb.append(c instanceof Change.Account ? "   " : "   - ").append(c.summary()).append('\n'));
        for (Change.FileChange f : changesOf(Change.FileChange.class)) {
            if (!f.contentUnchanged() && !f.secret()) {
                sb.append(f.diff().indent(5));
            }
        }
        return sb.toString();
    }
}
