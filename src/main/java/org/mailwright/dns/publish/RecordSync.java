package org.mailwright.dns.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How a provider that keeps one object per record (Cloudflare, DigitalOcean, Hetzner) makes a record set hold exactly
 * the planned values with the fewest writes: a record whose value stays is left alone (or only re-timed), a record
 * whose value goes is updated in place to a new value, and only what is left over is created or deleted. A record of
 * the set that stays (a foreign TXT next to the SPF) is never written, so its id and history stay.
 */
final class RecordSync {

    /** The writes one provider can make on its records. */
    interface Writes<R> {
        /** Sets the TTL of a record whose value stays. */
        void retime(R record, long ttl);

        /** Replaces a record's value (and TTL). */
        void update(R record, String value, long ttl);

        void create(String value, long ttl);

        void delete(R record);
    }

    private RecordSync() {
    }

    /**
     * @param values   the values the set must hold, as {@link RecordSet} has them
     * @param ttl      seconds
     * @param existing the provider's records of this name and type now
     * @param valueOf  a record's value as {@link RecordSet} has it
     * @param ttlOf    a record's TTL
     */
    static <R> void sync(List<String> values, long ttl, List<R> existing, Function<R, String> valueOf, ToLongFunction<R> ttlOf,
            Writes<R> writes) {
        List<String> missing = new ArrayList<>(values);
        List<R> spare = new ArrayList<>();
        for (R record : existing) {
            if (missing.remove(valueOf.apply(record))) {
                if (ttlOf.applyAsLong(record) != ttl) {
                    writes.retime(record, ttl);
                }
            } else {
                spare.add(record);
            }
        }
        for (String value : missing) {
            if (spare.isEmpty()) {
                writes.create(value, ttl);
            } else {
                writes.update(spare.remove(0), value, ttl);
            }
        }
        for (R record : spare) {
            writes.delete(record);
        }
    }
}
