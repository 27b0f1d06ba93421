package org.mailwright.session;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.dns.DnsPlan;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.PlannedRecord;
import org.mailwright.dns.RecordPlanner;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecValidator;
import org.xbill.DNS.ReverseMap;

/**
 * The DNS records a spec needs, planned from the same {@link MailDnsSetup} the engine's DNS step checks
 * ({@link DnsRecords#setupFor}), so the wizard never shows other records than {@code check} expects. Before the
 * install made a domain's DKIM key its record is a placeholder row.
 */
public final class DnsSetup {

    /**
     * One record to publish.
     *
     * @param value             the value as one line, for a provider's web form
     * @param atHostingProvider reverse DNS: set at the hosting provider, not in the domain's zone
     * @param placeholder       a record whose value does not exist yet (the DKIM key before install)
     * @param check             the name of DnsChecker's finding about this record ("MX example.com")
     */
    public record Record(String name, String type, String value, long ttl, boolean atHostingProvider, boolean placeholder,
                         String check) {
    }

    private final Optional<MailDnsSetup> setup;
    private final Optional<DnsPlan> plan;
    private final List<Record> records;
    private final String problem;

    private DnsSetup(MailDnsSetup setup, DnsPlan plan, List<Record> records, String problem) {
        this.setup = Optional.ofNullable(setup);
        this.plan = Optional.ofNullable(plan);
        this.records = List.copyOf(records);
        this.problem = problem;
    }

    /**
     * Plans the records of {@code spec} for the server {@code facts} describe.
     *
     * @param facts           what preflight read; without them nothing can be planned and {@link #problem()} says why
     * @param dkimPemByDomain the DKIM public keys made so far, by domain (PEM body)
     */
    public static DnsSetup plan(ServerSpec spec, Optional<ServerFacts> facts, Map<String, String> dkimPemByDomain) {
        if (facts.isEmpty() || facts.get().mailAddresses(spec.server().host()).isEmpty()) {
            return failed("The server's public address is not known: connect first, so the A and MX records can be planned.");
        }
        MailDnsSetup setup;
        try {
            setup = DnsRecords.setupFor(spec, facts.get(), dkimPemByDomain);
        } catch (IllegalArgumentException e) {
            return failed("Cannot plan the records yet: " + e.getMessage());
        }
        return of(setup, spec.dkim().selector());
    }

    /**
     * The records of {@code setup} (a running server's, {@link ServerSession#dnsRecords}); a domain without a DKIM key yet
     * gets a placeholder row at {@code selector}'s name.
     */
    static DnsSetup of(MailDnsSetup setup, String selector) {
        DnsPlan plan = new RecordPlanner().plan(setup);
        List<Record> rows = new ArrayList<>();
        for (PlannedRecord r : plan.records()) {
            rows.add(new Record(r.name(), r.type(), r.value(), r.ttl(), r.where() == PlannedRecord.Where.HOSTING_PROVIDER, false,
                    checkName(r, setup.domains())));
            if (r.isTxt() && setup.domains().contains(r.name()) && !setup.dkimByDomain().containsKey(r.name())) {
                // the DKIM key is made on the server during install: say so where its record will be
                String name = SpecValidator.dkimRecordName(selector, r.name());
                rows.add(new Record(name, "TXT", "created during install: the value appears here afterwards", r.ttl(), false, true,
                        "DKIM " + name));
            }
        }
        return new DnsSetup(setup, plan, rows, null);
    }

    private static DnsSetup failed(String why) {
        return new DnsSetup(null, null, List.of(), why);
    }

    /** The name DnsChecker gives its finding about {@code r}. */
    private static String checkName(PlannedRecord r, List<String> domains) {
        return switch (r.type()) {
            case "A", "AAAA", "MX", "TLSA" -> r.type() + " " + r.name();
            case "PTR" -> "PTR " + r.name();
            case "TXT" -> r.name().startsWith("_dmarc.") ? "DMARC " + r.name().substring(7)
                    : domains.contains(r.name()) ? "SPF " + r.name() : "DKIM " + r.name();
            default -> "?" + r.name();
        };
    }

    /** Why nothing could be planned, or empty when {@link #records()} holds the plan. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** The records in the order to publish them, DKIM placeholders beside their domain's records. */
    public List<Record> records() {
        return records;
    }

    /** The domains the records are for, normalized. */
    public List<String> domains() {
        return setup.map(MailDnsSetup::domains).orElse(List.of());
    }

    /** The records as a zone-file snippet for a DNS provider's import or a zone file; "" when nothing is planned. */
    public String zoneSnippet() {
        return plan.map(DnsPlan::toZoneSnippet).orElse("");
    }

    /** The records as an aligned table (name, type, TTL, value); "" when nothing is planned. */
    public String table() {
        return plan.map(DnsPlan::toTable).orElse("");
    }

    /** The records as maps for a JSON document ({@link DnsPlan#toJsonRecords()}); empty when nothing is planned. */
    public List<Map<String, Object>> jsonRecords() {
        return plan.map(DnsPlan::toJsonRecords).orElse(List.of());
    }

    /** The plan itself, for publishing; empty when nothing is planned. */
    Optional<DnsPlan> dnsPlan() {
        return plan;
    }

    /** What the DNS check is given; empty when nothing is planned. */
    public Optional<MailDnsSetup> mailDnsSetup() {
        return setup;
    }

    /**
     * The finding of a DNS check that is about {@code record}, the worst when there are several. A PTR finding names
     * its address as text: it is compared by reverse name, so two spellings of one IPv6 address match.
     */
    public Optional<Finding> findingFor(Record record, List<Finding> findings) {
        if (record.placeholder()) {
            return Optional.empty();
        }
        Finding worst = null;
        for (Finding f : findings) {
            boolean about = record.type().equals("PTR") ? f.check().startsWith("PTR ") && reverseName(f.check().substring(4).strip())
                    .filter(record.name()::equals).isPresent() : f.check().equals(record.check());
            if (about && (worst == null || f.severity().compareTo(worst.severity()) > 0)) {
                worst = f;
            }
        }
        return Optional.ofNullable(worst);
    }

    private static Optional<String> reverseName(String address) {
        try {
            return Optional.of(ReverseMap.fromAddress(InetAddress.getByName(address)).toString(true));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty(); // not an address literal: about no PTR row
        }
    }
}
