package org.mailwright.ui.wizard.dns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.DnsSetup;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;

/**
 * The records to publish at the DNS provider, each with its live status. The person may go on before DNS is right
 * (publishing takes time), but is told what will not work until it is.
 */
public final class DnsPageModel extends PageModel {
    /** How often the records are checked again while the page is open. */
    public static final Duration RECHECK_EVERY = Duration.ofSeconds(30);
    /** Made on the first check, not at class load: this class is built with the window (CrashReporter's reason). */
    private static final class Time {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    }

    /**
     * One row of the records table: a record the session planned, and its live status ({@code status} is null until
     * checked). Placeholder rows have no value yet (the DKIM key before install).
     */
    public record Row(String name, String type, String value, String ttl, boolean placeholder, boolean provider,
                      Severity status, String detail, DnsSetup.Record record) {
        Row checked(Severity s, String d) {
            return new Row(name, type, value, ttl, placeholder, provider, s, d, record);
        }

        /**
         * The whole record for the clipboard, each field on its own line as a DNS provider's form asks for them; the
         * name is what people get wrong when they copy only the value.
         */
        public String asText() {
            return "Name:  " + name + "\nType:  " + type + "\nValue: " + value + "\nTTL:   " + ttl + "\n";
        }

        static Row of(DnsSetup.Record r) {
            return new Row(r.name(), r.type(), r.value(), Long.toString(r.ttl()), r.placeholder(), r.atHostingProvider(), null, "", r);
        }
    }

    private final java.util.function.Supplier<org.mailwright.model.ServerSpec> spec;
    private final java.util.function.Supplier<org.mailwright.session.Connected> connected;
    private final ServerSession service;
    private final UiExecutor ui;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Finding> otherFindings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper consequences = new ReadOnlyStringWrapper(this, "consequences", "");
    private final ReadOnlyBooleanWrapper checking = new ReadOnlyBooleanWrapper(this, "checking");
    private final ReadOnlyStringWrapper providerProblem = new ReadOnlyStringWrapper(this, "providerProblem", "");
    private DnsSetup setup;
    /** Counts {@link #buildRows()} calls, so that only the latest plan fills the table. */
    private long planned;
    private UiExecutor.Repeating repeating;
    /** The wizard's draft, where the DNS provider is chosen; null on the dashboard (its spec file names it). */
    private SetupDraft draft;
    private java.util.function.Function<org.mailwright.model.ServerSpec, ProviderPublisher> publishers = ProviderPublisher::open;
    private javafx.beans.binding.BooleanExpression publishOffered = javafx.beans.binding.BooleanExpression.booleanExpression(
            new javafx.beans.property.SimpleBooleanProperty(false));

    /** The wizard's DNS page: the records of the draft's spec, and the choice of who publishes them. */
    public DnsPageModel(SetupDraft draft, ServerSession service, UiExecutor ui) {
        this(draft::toSpec, draft.connected::get, service, ui);
        this.draft = draft;
        javafx.beans.InvalidationListener again = o -> providerProblem.set(providerProblemOf(draft));
        draft.dnsProvider.addListener(again);
        draft.dnsTokenFile.addListener(again);
        draft.dnsServer.addListener(again);
        draft.dnsKeyFile.addListener(again);
        providerProblem.set(providerProblemOf(draft));
        // the DKIM keys exist only once installed: before, publishing would leave their records out
        publishOffered = draft.installReport.isNotNull().and(draft.dnsProvider.isNotEmpty());
    }

    private DnsPageModel(java.util.function.Supplier<org.mailwright.model.ServerSpec> spec,
                         java.util.function.Supplier<org.mailwright.session.Connected> connected, ServerSession service, UiExecutor ui) {
        this.spec = spec;
        this.connected = connected;
        this.service = service;
        this.ui = ui;
    }

    /**
     * The same page over a server that runs already (the dashboard's DNS tab): the records {@code spec} needs on the
     * server {@code connected} describes, checked live while the page is shown ({@link #onEnter()} to {@link #onLeave()}).
     *
     * @param spec      the server's spec, read when the page is entered
     * @param connected the login to the server, read when the page is entered; null: not logged in yet
     */
    public static DnsPageModel forServer(java.util.function.Supplier<org.mailwright.model.ServerSpec> spec,
                                         java.util.function.Supplier<org.mailwright.session.Connected> connected,
                                         ServerSession service, UiExecutor ui) {
        return new DnsPageModel(spec, connected, service, ui);
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
        repeating = ui.every(RECHECK_EVERY, () -> {
            DnsSetup s = setup;
            if (s != null) {
                List<Finding> report = service.checkDns(s);
                ui.onUi(() -> apply(report));
            }
        });
    }

    /** Stops checking again (the page or the dashboard's DNS tab was left). */
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

    /**
     * Builds the table from the draft: the records the session plans from the same setup the engine's DNS step
     * checks (the connected address behind a 1:1 NAT included), plus a DKIM placeholder before the key exists, then
     * checks them. The session plans off the UI thread: it is session code, and cold it held the window past 50 ms.
     */
    void buildRows() {
        rows.clear();
        otherFindings.clear();
        setup = null;
        long plan = ++planned;
        org.mailwright.session.Connected server = connected.get();
        if (server == null) {
            status.set("The server's public address is not known: connect first, so the A and MX records can be planned.");
            return;
        }
        org.mailwright.model.ServerSpec wanted = spec.get();
        status.set("Planning the records...");
        ui.submit(() -> service.dnsSetup(wanted, server), done -> {
            if (plan != planned) {
                return; // the page was entered again meanwhile: that plan is the one to show
            }
            if (done.problem().isPresent()) {
                status.set(done.problem().get());
                return;
            }
            setup = done;
            done.records().forEach(r -> rows.add(Row.of(r)));
            status.set("Not checked yet.");
            recheck();
        }, error -> {
            if (plan == planned) {
                status.set("The records could not be planned: " + error.getMessage());
            }
        });
    }

    // Commands

    /** Checks the published records now, off the UI thread. */
    public void recheck() {
        DnsSetup s = setup;
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
    void apply(List<Finding> report) {
        if (setup == null) {
            return;
        }
        List<Finding> unused = new ArrayList<>(report);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            Optional<Finding> about = setup.findingFor(r.record(), report);
            if (about.isPresent()) {
                Finding f = WindowWords.finding(about.get());
                rows.set(i, r.checked(f.severity(), f.severity() == Severity.OK ? f.message() : f.message() + " " + f.fix()));
                unused.removeIf(u -> u.check().equals(f.check()));
            }
        }
        // a DKIM finding while the key does not exist yet is expected: the placeholder row explains it
        unused.removeIf(f -> f.check().startsWith("DKIM ") && rows.stream().anyMatch(Row::placeholder));
        otherFindings.setAll(unused);
        long bad = rows.stream().filter(r -> r.status() != null && r.status() != Severity.OK).count();
        status.set((bad == 0 ? "All checked records are in place." : Words.count(bad, "record is", "records are") + " not right yet.") + " Last checked "
                + LocalTime.now().format(Time.TIME) + "; checked again every " + RECHECK_EVERY.toSeconds() + " s while this page is open.");
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
        if (setup == null) {
            throw new IOException("No records are planned yet.");
        }
        Files.writeString(file, setup.zoneSnippet(), StandardCharsets.UTF_8);
    }

    public String zoneSnippet() {
        return setup == null ? "" : setup.zoneSnippet();
    }

    /**
     * Why publishing through the chosen DNS provider could not be tried, looking only at this computer (the API token or
     * TSIG key file missing, empty or not a key; no server for RFC 2136); empty when it could, or when the person
     * publishes the records.
     */
    static String providerProblemOf(SetupDraft draft) {
        Optional<org.mailwright.model.ServerSpec.DnsProviderSettings> chosen = draft.dnsProviderSettings();
        if (chosen.isEmpty()) {
            return "";
        }
        org.mailwright.model.ServerSpec.DnsProviderSettings d = chosen.get();
        String name = PublishModel.providerTitle(d.provider());
        if (d.isRfc2136() && d.server().isEmpty()) {
            return "Type the DNS server that takes the updates (its name, or HOST:PORT).";
        }
        if (d.isRfc2136() ? d.keyFile().isEmpty() : d.tokenFile().isEmpty()) {
            return d.isRfc2136() ? "Choose the TSIG key file (as tsig-keygen writes it)."
                    : "Choose the file that holds your " + name + " API token.";
        }
        org.mailwright.model.ServerSpec spec;
        try {
            spec = draft.toSpec();
        } catch (RuntimeException e) {
            return ""; // another page's field is not valid yet: that page says so
        }
        return PublishModel.localProblem(spec).orElse("");
    }

    /** What opens the chosen DNS provider ({@link ProviderPublisher#open}); a fake in tests. */
    public void setDnsPublishers(java.util.function.Function<org.mailwright.model.ServerSpec, ProviderPublisher> publishers) {
        this.publishers = publishers;
    }

    /** A new "Publish at provider" over the wizard's session and spec, not started. */
    public PublishModel publishModel() {
        return new PublishModel(service, spec.get(), publishers, ui, PublishModel.WAIT);
    }

    // Properties

    /**
     * Whether the page offers "Publish at provider...": in the wizard, once installed (the DKIM keys exist then), with
     * a DNS provider chosen. Never on the dashboard, whose DNS tab has its own button.
     */
    public javafx.beans.binding.BooleanExpression publishOfferedProperty() {
        return publishOffered;
    }

    /** Whether the page offers the choice of a DNS provider (the wizard; the dashboard's spec file names it). */
    public boolean choosesProvider() {
        return draft != null;
    }

    /** The chosen DNS provider ({@link org.mailwright.model.ServerSpec.DnsProviderSettings#PROVIDERS}), blank: the person publishes the records. */
    public javafx.beans.property.StringProperty providerProperty() {
        return draft.dnsProvider;
    }

    /** The file holding the HTTPS provider's API token; the token itself never enters the window. */
    public javafx.beans.property.StringProperty tokenFileProperty() {
        return draft.dnsTokenFile;
    }

    /** RFC 2136: the primary DNS server that takes updates. */
    public javafx.beans.property.StringProperty serverProperty() {
        return draft.dnsServer;
    }

    /** RFC 2136: the TSIG key file. */
    public javafx.beans.property.StringProperty keyFileProperty() {
        return draft.dnsKeyFile;
    }

    /** Why the chosen provider could not be used, as {@link #providerProblemOf}; empty when it could. */
    public ReadOnlyStringProperty providerProblemProperty() {
        return providerProblem.getReadOnlyProperty();
    }

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
}
