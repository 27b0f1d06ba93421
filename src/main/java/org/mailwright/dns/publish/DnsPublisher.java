package org.mailwright.dns.publish;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mailwright.dns.DnsAnswer;
import org.mailwright.dns.DnsPlan;
import org.mailwright.dns.PlannedRecord;
import org.mailwright.dns.ServerQuerier;
import org.mailwright.dns.TxtStrings;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Publishes a {@link DnsPlan} through a {@link DnsProvider}: reads each zone once, shows what would change
 * ({@link PublishPlan}, decided by {@link ZoneChanges}), makes the changes, then waits until every authoritative
 * server answers the new values.
 */
public final class DnsPublisher {

    /** Told how far publishing has come; called on the publishing thread. */
    public interface Progress {
        /**
         * @param message what is happening now, one sentence
         * @param done    how many of {@code total} are done (0 when unknown)
         * @param total   how many there are in all (0 when unknown)
         */
        void step(String message, int done, int total);
    }

    private final DnsProvider provider;
    private final java.util.Optional<ReverseDnsProvider> hosting;

    public DnsPublisher(DnsProvider provider) {
        this(provider, java.util.Optional.empty());
    }

    /** @param hosting the hosting provider whose API sets the reverse DNS (PTR) planned for the server's addresses */
    public DnsPublisher(DnsProvider provider, java.util.Optional<ReverseDnsProvider> hosting) {
        this.provider = provider;
        this.hosting = hosting;
    }

    /**
     * What publishing {@code plan} would change; reads the zones, changes nothing.
     *
     * @throws DnsProviderException when a zone cannot be found or read
     */
    public PublishPlan plan(DnsPlan plan) {
        Map<String, List<PlannedRecord>> byZone = new LinkedHashMap<>();
        List<PlannedRecord> elsewhere = new ArrayList<>();
        Map<String, String> zoneOfName = new LinkedHashMap<>();
        for (PlannedRecord r : plan.records()) {
            if (r.where() != PlannedRecord.Where.ZONE) {
                elsewhere.add(r);
                continue;
            }
            String zone = zoneOfName.computeIfAbsent(r.name(), provider::zoneOf);
            byZone.computeIfAbsent(zone, z -> new ArrayList<>()).add(r);
        }
        List<PublishPlan.Zone> zones = new ArrayList<>();
        byZone.forEach((zone, records) -> zones.add(new PublishPlan.Zone(zone, ZoneChanges.between(records, provider.read(zone)))));
        if (hosting.isEmpty()) {
            return new PublishPlan(provider.name(), zones, elsewhere);
        }
        List<ReverseChange> reverse = new ArrayList<>();
        for (PlannedRecord r : elsewhere) {
            if (r.type().equals("PTR")) {
                java.net.InetAddress a = ReverseNames.address(r.name());
                reverse.add(new ReverseChange(a, hosting.get().ptr(a), r.strings().get(0)));
            }
        }
        return new PublishPlan(provider.name(), zones, elsewhere.stream().filter(r -> !r.type().equals("PTR")).toList(),
                java.util.Optional.of(hosting.get().name()), reverse);
    }

    /**
     * Makes the plan's CREATE and CHANGE changes, zone by zone.
     *
     * @throws DnsProviderException when the provider refuses; the zones before it stay changed
     */
    public void apply(PublishPlan plan, Progress progress) {
        List<PublishPlan.Zone> zones = plan.zones().stream().filter(z -> z.changes().stream().anyMatch(RecordChange::writes)).toList();
        int done = 0;
        for (PublishPlan.Zone z : zones) {
            progress.step("Writing " + z.changes().stream().filter(RecordChange::writes).count() + " record sets in " + z.zone()
                    + " at " + provider.name(), done, zones.size());
            provider.apply(z.zone(), z.changes());
            done++;
        }
        for (ReverseChange r : plan.reverse()) {
            if (r.writes()) {
                progress.step("Setting the reverse DNS of " + org.mailwright.dns.Addresses.text(r.address()) + " to " + r.after() + " at "
                        + hosting.orElseThrow().name(), done, zones.size());
                hosting.orElseThrow().setPtr(r.address(), r.after());
            }
        }
        progress.step("Written", done, zones.size());
    }

    /**
     * Waits until every server {@code serversOf} names for a zone answers each written record set with its new values
     * (asked directly, so no resolver cache hides a change).
     *
     * @param serversOf the authoritative servers of a zone (address and port)
     * @param timeout   how long to wait in all
     * @param interval  the pause between rounds
     * @return the record sets (as "NAME TYPE at SERVER") still answering old values when the time ran out; empty when
     *         every server answers the new ones
     */
    public List<String> awaitAuthoritative(PublishPlan plan, Function<String, List<InetSocketAddress>> serversOf, Duration timeout,
                                           Duration interval, Progress progress) throws InterruptedException {
        Map<InetSocketAddress, List<RecordSet>> pending = new LinkedHashMap<>();
        for (PublishPlan.Zone z : plan.zones()) {
            List<RecordSet> written = z.changes().stream().filter(RecordChange::writes).map(RecordChange::after).toList();
            if (written.isEmpty()) {
                continue;
            }
            for (InetSocketAddress s : serversOf.apply(z.zone())) {
                pending.computeIfAbsent(s, k -> new ArrayList<>()).addAll(written);
            }
        }
        int total = pending.values().stream().mapToInt(List::size).sum();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Map.Entry<InetSocketAddress, List<RecordSet>> e : pending.entrySet()) {
                ServerQuerier q = new ServerQuerier(e.getKey(), Duration.ofSeconds(3), true);
                e.getValue().removeIf(s -> answers(q.query(s.name(), Type.value(s.type())).join(), s));
            }
            int left = pending.values().stream().mapToInt(List::size).sum();
            progress.step(left == 0 ? "Every authoritative server answers the new records"
                    : "Waiting for the authoritative servers: " + (total - left) + " of " + total + " answers are new", total - left, total);
            if (left == 0) {
                return List.of();
            }
            if (System.nanoTime() > deadline) {
                List<String> out = new ArrayList<>();
                pending.forEach((server, sets) -> sets.forEach(s -> out.add(s.key() + " at " + server.getHostString() + ":" + server.getPort())));
                return out;
            }
            Thread.sleep(interval.toMillis());
        }
    }

    /** Whether {@code answer} holds exactly the set's values (TXT compared as text, however it is split). */
    static boolean answers(DnsAnswer answer, RecordSet set) {
        if (answer.status() != DnsAnswer.Status.ANSWER) {
            return false;
        }
        List<String> values = new ArrayList<>();
        for (Record r : answer.records()) {
            if (r.getType() == Type.value(set.type()) && RecordSet.normalizeName(r.getName().toString()).equals(set.name())) {
                values.add(r instanceof TXTRecord t ? TxtStrings.join(t.getStrings()) : r.rdataToString());
            }
        }
        return !values.isEmpty() && set.sameRecords(set.withValues(values));
    }
}
