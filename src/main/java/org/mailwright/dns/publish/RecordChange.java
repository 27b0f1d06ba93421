package org.mailwright.dns.publish;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a publish plan: what happens to one record set, and why.
 *
 * @param action what is done
 * @param before the record set as the zone holds it now; empty for a CREATE
 * @param after  the record set as it will be (for KEEP: as it is)
 * @param reason why Mailwright publishes it (the planner's reason), or why it is left alone
 */
public record RecordChange(Action action, Optional<RecordSet> before, RecordSet after, String reason) {

    /** What publishing does with one record set. */
    public enum Action {
        /** No record of this name and type exists: it is created. */
        CREATE,
        /** The set exists with other values: those Mailwright owns (same purpose) are replaced, the rest kept. */
        CHANGE,
        /** The zone already answers what is planned: nothing is sent. */
        KEEP,
        /** Not published: it would clash with a record Mailwright did not make ({@link #reason()} says which). */
        CONFLICT
    }

    public RecordChange {
        Objects.requireNonNull(action);
        Objects.requireNonNull(before);
        Objects.requireNonNull(after);
        Objects.requireNonNull(reason);
    }

    /** Whether applying this sends anything to the provider. */
    public boolean writes() {
        return action == Action.CREATE || action == Action.CHANGE;
    }
}
