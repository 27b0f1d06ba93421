package org.mailwright.dns.publish;

import java.util.ArrayList;
import java.util.List;
import org.mailwright.dns.PlannedRecord;
import org.mailwright.dns.TxtStrings;

/**
 * What {@code dns publish} will do at a provider, record set by record set: the diff the person confirms. Records no
 * DNS provider publishes (reverse DNS, set at the hosting provider) are listed apart.
 *
 * @param provider      the provider's name
 * @param zones         each zone touched, with its changes in the planner's order
 * @param elsewhere     planned records that are not the zone's to hold and no hosting provider API sets (PTR)
 * @param hosting       the hosting provider that sets the reverse DNS, when the spec names one
 * @param reverse       each public address's reverse DNS at {@code hosting}
 */
public record PublishPlan(String provider, List<Zone> zones, List<PlannedRecord> elsewhere, java.util.Optional<String> hosting,
                          List<ReverseChange> reverse) {

    /** A plan without a hosting provider: reverse DNS is the person's to set. */
    public PublishPlan(String provider, List<Zone> zones, List<PlannedRecord> elsewhere) {
        this(provider, zones, elsewhere, java.util.Optional.empty(), List.of());
    }

    /** The changes in one zone. */
    public record Zone(String zone, List<RecordChange> changes) {
        public Zone {
            changes = List.copyOf(changes);
        }
    }

    public PublishPlan {
        zones = List.copyOf(zones);
        elsewhere = List.copyOf(elsewhere);
        reverse = List.copyOf(reverse);
    }

    /** Every change of every zone, in order. */
    public List<RecordChange> changes() {
        return zones.stream().flatMap(z -> z.changes().stream()).toList();
    }

    /** Whether publishing sends anything. */
    public boolean writes() {
        return changes().stream().anyMatch(RecordChange::writes) || reverse.stream().anyMatch(ReverseChange::writes);
    }

    /** How many changes have {@code action}. */
    public long count(RecordChange.Action action) {
        return changes().stream().filter(c -> c.action() == action).count();
    }

    /** One line: "2 to create, 1 to change, 5 already right, 0 in conflict". */
    public String summary() {
        long ptr = reverse.stream().filter(ReverseChange::writes).count();
        return count(RecordChange.Action.CREATE) + " to create, " + count(RecordChange.Action.CHANGE) + " to change, "
                + count(RecordChange.Action.KEEP) + " already right" + (count(RecordChange.Action.CONFLICT) == 0 ? ""
                : ", " + count(RecordChange.Action.CONFLICT) + " in conflict (not published)")
                + (ptr == 0 ? "" : ", " + ptr + " reverse DNS to set");
    }

    /**
     * The diff as text, one block per zone: {@code + NAME TYPE VALUE} to create, {@code ~} with the values replaced and
     * kept to change, {@code =} already right, {@code !} in conflict with why. Long TXT values are shown whole.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Zone z : zones) {
            sb.append("Zone ").append(z.zone()).append(" at ").append(provider).append(":\n");
            for (RecordChange c : z.changes()) {
                RecordSet a = c.after();
                switch (c.action()) {
                    case CREATE -> a.values().forEach(v -> sb.append("  + ").append(line(a, v)).append('\n'));
                    case KEEP -> sb.append("  = ").append(a.key()).append(" (already right)\n");
                    case CONFLICT -> sb.append("  ! ").append(a.key()).append(": ").append(c.reason()).append('\n');
                    case CHANGE -> {
                        RecordSet b = c.before().orElseThrow();
                        for (String v : b.values()) {
                            sb.append(a.values().contains(v) ? "    " : "  - ").append(line(b, v))
                                    .append(a.values().contains(v) ? "  (kept)" : "").append('\n');
                        }
                        a.values().stream().filter(v -> !b.values().contains(v))
                                .forEach(v -> sb.append("  + ").append(line(a, v)).append('\n'));
                    }
                }
            }
        }
        if (!reverse.isEmpty()) {
            sb.append("Reverse DNS at ").append(hosting.orElse("the hosting provider")).append(":\n");
            for (ReverseChange r : reverse) {
                String a = org.mailwright.dns.Addresses.text(r.address());
                sb.append(r.writes() ? "  ~ " + a + " PTR " + r.before().orElse("(none)") + " -> " + r.after()
                        : "  = " + a + " PTR " + r.after() + " (already right)").append('\n');
            }
        }
        if (!elsewhere.isEmpty()) {
            sb.append("Not at the DNS provider:\n");
            elsewhere.forEach(r -> sb.append("  ").append(r.reason()).append('\n'));
        }
        return sb.toString();
    }

    private static String line(RecordSet s, String value) {
        return s.name() + " " + s.ttl() + " " + s.type() + " " + (s.type().equals("TXT") ? TxtStrings.zoneQuote(value) : value);
    }

    /** Rows of action, name, type, value for a table (the window's), header first. */
    public List<List<String>> toTableRows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Action", "Name", "Type", "Value"));
        for (RecordChange c : changes()) {
            String action = switch (c.action()) {
                case CREATE -> "create";
                case CHANGE -> "change";
                case KEEP -> "leave alone";
                case CONFLICT -> "conflict";
            };
            rows.add(List.of(action, c.after().name(), c.after().type(),
                    c.action() == RecordChange.Action.CONFLICT ? c.reason() : String.join("\n", c.after().values())));
        }
        for (ReverseChange r : reverse) {
            rows.add(List.of(r.writes() ? "change" : "leave alone", org.mailwright.dns.Addresses.text(r.address()), "PTR", r.after()));
        }
        return rows;
    }
}
