package org.mailwright.dns.publish;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.dns.PlannedRecord;
import org.mailwright.dns.TxtStrings;

/**
 * What publishing the planned records changes in one zone: for each planned record set, create it, change it, or keep
 * it; never a deletion of a record Mailwright did not plan, never a record of another name or type.
 *
 * <p>The rule of ownership, written once here for every provider:
 * <ul>
 *   <li>A TXT record belongs to Mailwright's plan when it has the same purpose, told by its version tag
 *       ({@code v=spf1}, {@code v=DMARC1}, {@code v=DKIM1}, {@code v=STSv1}, {@code v=TLSRPTv1}; a DKIM record without
 *       a tag by its {@code p=}). Only those are replaced; a site-verification TXT at the same name stays. Two SPF
 *       records at one name are a permanent error for receivers (RFC 7208 section 4.5), so the old one must go.</li>
 *   <li>Any other planned type (A, AAAA, MX, SRV, CNAME, TLSA) replaces the record set of its name and type: a second
 *       MX to the old mail host would keep taking mail. The diff shows the values it replaces.</li>
 *   <li>A CNAME cannot share its name with other data (RFC 1034 section 3.6.2, RFC 2181 section 10.1): a planned
 *       record at a name that is a CNAME, or a planned CNAME at a name with other records, is a
 *       {@link RecordChange.Action#CONFLICT}, never a silent deletion.</li>
 *   <li>A set that already holds the planned values is kept even when its TTL differs.</li>
 * </ul>
 */
public final class ZoneChanges {

    private static final Pattern TAG = Pattern.compile("(?i)^\\s*v\\s*=\\s*([A-Za-z0-9]+)");

    private ZoneChanges() {
    }

    /**
     * The changes that make {@code zone} answer {@code planned}.
     *
     * @param planned the planned records of this zone (records for the hosting provider, such as PTR, are skipped)
     * @param zone    every record set the zone holds now
     * @return one change per planned record set, in the plan's order
     */
    public static List<RecordChange> between(List<PlannedRecord> planned, List<RecordSet> zone) {
        Map<String, RecordSet> wanted = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (PlannedRecord r : planned) {
            if (r.where() != PlannedRecord.Where.ZONE) {
                continue;
            }
            String value = r.isTxt() ? TxtStrings.join(r.strings()) : r.strings().get(0);
            RecordSet one = new RecordSet(r.name(), r.type(), r.ttl(), List.of(value));
            RecordSet before = wanted.get(one.key());
            if (before == null) {
                wanted.put(one.key(), one);
                reasons.put(one.key(), r.reason());
            } else if (!before.values().contains(one.values().get(0))) {
                // several planned records of one set (two IPv4 addresses): one set of both
                List<String> values = new ArrayList<>(before.values());
                values.add(one.values().get(0));
                wanted.put(one.key(), before.withValues(values));
            }
        }
        Map<String, RecordSet> existing = new LinkedHashMap<>();
        for (RecordSet s : zone) {
            existing.merge(s.key(), s, (a, b) -> {
                List<String> v = new ArrayList<>(a.values());
                b.values().stream().filter(x -> !v.contains(x)).forEach(v::add);
                return a.withValues(v);
            });
        }
        List<RecordChange> out = new ArrayList<>();
        for (RecordSet want : wanted.values()) {
            out.add(change(want, existing, reasons.get(want.key())));
        }
        return out;
    }

    private static RecordChange change(RecordSet want, Map<String, RecordSet> existing, String reason) {
        Optional<RecordSet> cname = Optional.ofNullable(existing.get(want.name() + " CNAME"));
        if (!want.type().equals("CNAME") && cname.isPresent()) {
            return new RecordChange(RecordChange.Action.CONFLICT, cname, want, want.name() + " is a CNAME to "
                    + cname.get().values().get(0) + ", which cannot have other records: remove the CNAME at your DNS provider"
                    + " if " + want.name() + " should be " + want.type() + " " + String.join(", ", want.values()));
        }
        if (want.type().equals("CNAME")) {
            List<String> others = existing.values().stream()
                    .filter(s -> s.name().equals(want.name()) && !s.type().equals("CNAME")).map(RecordSet::type).toList();
            if (!others.isEmpty()) {
                return new RecordChange(RecordChange.Action.CONFLICT, Optional.empty(), want, want.name() + " already has "
                        + String.join(", ", others) + " records, so it cannot be a CNAME to " + want.values().get(0)
                        + ": point those records at the mail host yourself, or remove them");
            }
        }
        RecordSet have = existing.get(want.key());
        if (have == null) {
            return new RecordChange(RecordChange.Action.CREATE, Optional.empty(), want, reason);
        }
        if (!want.type().equals("TXT")) {
            return have.sameRecords(want)
                    ? new RecordChange(RecordChange.Action.KEEP, Optional.of(have), have, reason)
                    : new RecordChange(RecordChange.Action.CHANGE, Optional.of(have), want, reason);
        }
        // TXT: replace only the values of the same purpose, keep the others (a site verification, another SPF-less note)
        List<String> kept = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (String v : have.values()) {
            (samePurpose(v, want.values()) ? replaced : kept).add(v);
        }
        if (replaced.size() == want.values().size() && replaced.containsAll(want.values())) {
            return new RecordChange(RecordChange.Action.KEEP, Optional.of(have), have, reason);
        }
        List<String> after = new ArrayList<>(kept);
        after.addAll(want.values());
        return new RecordChange(RecordChange.Action.CHANGE, Optional.of(have), new RecordSet(want.name(), "TXT", want.ttl(), after), reason);
    }

    /** Whether the TXT text {@code existing} serves the purpose of one of {@code planned} (the same version tag). */
    static boolean samePurpose(String existing, List<String> planned) {
        Optional<String> tag = tag(existing);
        for (String p : planned) {
            Optional<String> want = tag(p);
            if (want.isPresent() && tag.isPresent() && want.get().equals(tag.get())) {
                return true;
            }
            // DKIM's v= is optional (RFC 6376 section 3.6.1): an untagged key record at a key's name is the old key
            if (want.equals(Optional.of("dkim1")) && tag.isEmpty() && existing.matches("(?s).*(^|;)\\s*p\\s*=.*")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> tag(String txt) {
        Matcher m = TAG.matcher(txt);
        return m.find() ? Optional.of(m.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
