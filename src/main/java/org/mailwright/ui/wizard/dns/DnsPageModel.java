package org.mailwright.ui.wizard.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.dns.DkimPublicKey;
import org.mailwright.dns.DnsOptions;
import org.mailwright.dns.DnsPlan;
import org.mailwright.dns.DnsReport;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.PlannedRecord;
import org.mailwright.dns.RecordPlanner;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.service.SetupService;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/**
 * The records to publish at the DNS provider, each with its live status. The person may go on before DNS is right
 * (publishing takes time), but is told what will not work until it is.
 */
public final class DnsPageModel extends PageModel {
    /** How often the records are checked again while the page is open. */
    public static final Duration RECHECK_EVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** One row of the records table. {@code status} is null until checked; {@code placeholder} rows have no value yet. */
    public record Row(String name, String type, String value, String ttl, boolean placeholder, boolean provider,
                      Severity status, String detail) {
        Row checked(Severity s, String d) {
            return new Row(name, type, value, ttl, placeholder, provider, s, d);
        }

        /** The key of the DnsChecker finding about this record ("MX example.com"). */
        String checkKey(List<String> domains) {
            return switch (type) {
                case "A", "AAAA" -> type + " " + name;
                case "MX" -> "MX " + name;
                case "TXT" -> name.startsWith("_dmarc.") ? "DMARC " + name.substring(7)
                        : name.contains("._domainkey.") ? "DKIM " + name
                        : domains.contains(name) ? "SPF " + name : "?" + name;
                default -> "?" + name;
            };
        }
    }

    private final SetupDraft draft;
    private final SetupService service;
    private final UiExecutor ui;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Finding> otherFindings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper consequences = new ReadOnlyStringWrapper(this, "consequences", "");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private DnsPlan plan;
    private MailDnsSetup setup;
    private UiExecutor.Repeating repeating;

    public DnsPageModel(SetupDraft draft, SetupService service, UiExecutor ui) {
        this.draft = draft;
        this.service = service;
        this.ui = ui;
    }

    @Override
    public String id() {
        return "dns";
    }

    @Override
    public String title() {
        return "DNS records";
    }

    @Override
    public String subtitle() {
        return "Publish these records at your DNS provider. You can go on while they spread.";
    }

    @Override
    public void onEnter() {
        buildRows();
        super.onEnter();
        recheck();
        repeating = ui.every(RECHECK_EVERY, () -> {
            MailDnsSetup s = setup;
            if (s != null) {
                DnsReport report = service.checkDns(s);
                ui.onUi(() -> apply(report));
            }
        });
    }

    @Override
    public void onLeave() {
        if (repeating != null) {
            repeating.cancel();
            repeating = null;
        }
    }

    @Override
    protected Optional<String> validate() {
        return Optional.empty(); // DNS takes time to publish: warnings never block, they are explained instead
    }

    /** Builds the table from the draft: the records RecordPlanner plans, plus a DKIM placeholder before the key exists. */
    void buildRows() {
        rows.clear();
        otherFindings.clear();
        setup = null;
        List<InetAddress> addresses = new ArrayList<>();
        draft.facts().ifPresent(f -> {
            f.ipv4().forEach(a -> addresses.add(literal(a)));
            f.ipv6().forEach(a -> addresses.add(literal(a)));
        });
        if (addresses.isEmpty()) {
            status.set("The server's public address is not known: connect first, so the A and MX records can be planned.");
            return;
        }
        Map<String, DkimPublicKey> dkim = new LinkedHashMap<>();
        service.dkimPublicKeys().forEach((domain, pem) -> dkim.put(domain, DkimPublicKey.fromPem(draft.toSpec().dkim().selector(), pem)));
        try {
            setup = new MailDnsSetup(draft.hostname.get(), draft.domainList(), addresses, dkim, DnsOptions.defaults());
        } catch (IllegalArgumentException e) {
            status.set("Cannot plan the records yet: " + e.getMessage());
            return;
        }
        plan = new RecordPlanner().plan(setup);
        List<String> domains = setup.domains();
        for (PlannedRecord r : plan.records()) {
            boolean provider = r.where() == PlannedRecord.Where.HOSTING_PROVIDER;
            Row row = new Row(r.name(), r.type(), r.value(), Long.toString(r.ttl()), false, provider, null, "");
            rows.add(row);
            if (r.type().equals("TXT") && domains.contains(r.name()) && !dkim.containsKey(r.name())) {
                // the DKIM key is made on the server during install: say so where its record will be
                String name = draft.toSpec().dkim().selector() + "._domainkey." + r.name();
                rows.add(new Row(name, "TXT", "created during install: the value appears here afterwards", r.ttl() + "", true, false,
                        null, ""));
            }
        }
        status.set("Not checked yet.");
    }

    private static String reverseName(InetAddress a) {
        return org.xbill.DNS.ReverseMap.fromAddress(a).toString(true);
    }

    /** DnsChecker names a PTR check by address text; compare by reverse name so IPv6 spellings cannot differ. */
    private static Optional<Finding> ptrFinding(String reverse, List<Finding> findings) {
        for (Finding f : findings) {
            if (f.check().startsWith("PTR ")) {
                try {
                    if (reverseName(InetAddress.getByName(f.check().substring(4).strip())).equals(reverse)) {
                        return Optional.of(f);
                    }
                } catch (UnknownHostException | RuntimeException e) {
                    // not an address literal: not about this row
                }
            }
        }
        return Optional.empty();
    }

    // Commands

    /** Checks the published records now, off the UI thread. */
    public void recheck() {
        MailDnsSetup s = setup;
        if (s == null || checking.get()) {
            return;
        }
        checking.set(true);
        status.set("Checking...");
        ui.submit(() -> service.checkDns(s), report -> {
            checking.set(false);
            apply(report);
        }, error -> {
            checking.set(false);
            status.set("The check failed: " + error.getMessage());
        });
    }

    /** Puts a check's findings on the rows they are about; the rest are listed below the table. */
    void apply(DnsReport report) {
        List<String> domains = setup == null ? List.of() : setup.domains();
        Map<String, Finding> byCheck = new LinkedHashMap<>();
        report.findings().forEach(f -> byCheck.merge(f.check(), f, (a, b) -> a.severity().compareTo(b.severity()) >= 0 ? a : b));
        List<Finding> unused = new ArrayList<>(report.findings());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.placeholder()) {
                continue;
            }
            Finding f = r.type().equals("PTR") ? ptrFinding(r.name(), report.findings()).orElse(null) : byCheck.get(r.checkKey(domains));
            String key = f == null ? "" : f.check();
            if (f != null) {
                rows.set(i, r.checked(f.severity(), f.severity() == Severity.OK ? f.message() : f.message() + " " + f.fix()));
                unused.removeIf(u -> u.check().equals(key));
            }
        }
        // a DKIM finding while the key does not exist yet is expected: the placeholder row explains it
        unused.removeIf(f -> f.check().startsWith("DKIM ") && rows.stream().anyMatch(Row::placeholder));
        otherFindings.setAll(unused);
        long bad = rows.stream().filter(r -> r.status() != null && r.status() != Severity.OK).count();
        status.set((bad == 0 ? "All checked records are in place." : bad + " record(s) not right yet.") + " Last checked "
                + LocalTime.now().format(TIME) + "; checked again every " + RECHECK_EVERY.toSeconds() + " s while this page is open.");
        consequences.set(consequencesOf(rows));
    }

    /** What will not work while records are missing, in the person's terms. */
    static String consequencesOf(List<Row> rows) {
        List<String> out = new ArrayList<>();
        if (bad(rows, "MX") || bad(rows, "A")) {
            out.add("Other servers cannot deliver mail to you until the MX and A records are published.");
        }
        if (bad(rows, "TXT")) {
            out.add("Without SPF, DKIM and DMARC, big providers put your mail in spam or refuse it.");
        }
        if (bad(rows, "PTR")) {
            out.add("Without reverse DNS (set at your hosting provider, not your DNS provider) many receivers refuse your mail.");
        }
        return String.join(" ", out);
    }

    private static boolean bad(List<Row> rows, String type) {
        return rows.stream().anyMatch(r -> r.type().equals(type) && r.status() != null && r.status() != Severity.OK);
    }

    /** Writes the zone-file snippet for the person's DNS provider or zone file. */
    public void exportZoneSnippet(Path file) throws IOException {
        if (plan == null) {
            throw new IOException("No records are planned yet.");
        }
        Files.writeString(file, plan.toZoneSnippet(), StandardCharsets.UTF_8);
    }

    public String zoneSnippet() {
        return plan == null ? "" : plan.toZoneSnippet();
    }

    // Properties

    public ObservableList<Row> rows() {
        return rows;
    }

    /** Findings of the check that are about no row (the name servers, for example). */
    public ObservableList<Finding> otherFindings() {
        return otherFindings;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** What breaks while records are wrong; empty when nothing known is wrong. */
    public ReadOnlyStringProperty consequencesProperty() {
        return consequences.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty checkingProperty() {
        return checking.getReadOnlyProperty();
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip + " is not an IP address", e);
        }
    }
}
