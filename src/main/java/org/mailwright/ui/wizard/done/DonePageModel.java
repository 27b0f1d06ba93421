package org.mailwright.ui.wizard.done;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.backup.RestoreSteps;
import org.mailwright.export.RecoverySheet;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.PrivateFiles;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;
import org.mailwright.ui.wizard.SetupDraft.Mailbox;

/**
 * What each person types into their mail app, and the transcript of everything Mailwright did. After an install, the
 * recovery sheet of the backups the install set up: read from the server when the page is entered, held until it is
 * saved (readable by its owner only), then dropped; closing before it was saved asks first. After a restore, the DNS
 * records that still name the old server.
 */
public final class DonePageModel extends PageModel {
    /** Where the recovery sheet is: not held, being read from the server, held (ready to save), or not readable. */
    public enum SheetState { NONE, FETCHING, READY, UNAVAILABLE }

    /** One mailbox's client settings. */
    public record ClientSettings(String address, String username, String imapHost, int imapPort, String imapSecurity,
                                 String smtpHost, int submissionPort, String submissionSecurity, int smtpsPort, String smtpsSecurity) {
        /** All settings as plain text, to paste into a message to the person. */
        public String asText() {
            return "Email address: " + address + "\nUsername: " + username + "\nPassword: (the one set for this mailbox)\n"
                    + "Incoming (IMAP): " + imapHost + ", port " + imapPort + ", " + imapSecurity + "\n"
                    + "Outgoing (SMTP): " + smtpHost + ", port " + submissionPort + ", " + submissionSecurity
                    + " (or port " + smtpsPort + ", " + smtpsSecurity + ")\n";
        }
    }

    /** Findings that need the person, grouped by what they are about, with a short name for the headline. */
    public record Group(String title, String leftToDo, List<Finding> findings) {
    }

    private final SetupDraft draft;
    private final ObservableList<Group> groups = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper(this, "headline", "");
    private final ReadOnlyStringWrapper saved = new ReadOnlyStringWrapper(this, "saved", "");
    private final ServerSession service;
    private final ExportPackage exporter;
    private final ObservableList<ClientSettings> clients = FXCollections.observableArrayList();

    private final UiExecutor ui;
    private final ReadOnlyBooleanWrapper restored = new ReadOnlyBooleanWrapper(this, "restored", false);
    private final ObservableList<Finding> dnsToChange = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<SheetState> sheetState = new ReadOnlyObjectWrapper<>(this, "sheetState", SheetState.NONE);
    private final ReadOnlyObjectWrapper<Path> sheetSavedTo = new ReadOnlyObjectWrapper<>(this, "sheetSavedTo");
    private final ReadOnlyStringWrapper sheetProblem = new ReadOnlyStringWrapper(this, "sheetProblem", "");
    private final ReadOnlyBooleanWrapper sheetUnsaved = new ReadOnlyBooleanWrapper(this, "sheetUnsaved", false);
    /** Holds the backups' password: only between reading it from the server and saving it. */
    private RecoverySheet sheet;
    private boolean closeWithoutSheet;
    private final List<Runnable> whenSheetReady = new ArrayList<>();

    /**
     * @param draft    the wizard's draft: the spec, the install's or restore's report
     * @param service  the session the recovery sheet is read through
     * @param ui       how the sheet is read off the UI thread
     * @param exporter the client-settings package, or {@link ExportPackage#NOT_WIRED}
     */
    public DonePageModel(SetupDraft draft, ServerSession service, UiExecutor ui, ExportPackage exporter) {
        this.draft = draft;
        this.service = service;
        this.ui = ui;
        this.exporter = exporter;
    }

    @Override
    public String id() {
        return "done";
    }

    @Override
    public String title() {
        return "Done";
    }

    @Override
    public String subtitle() {
        if (draft.restoring.get()) {
            return "The backup is on the new server. Below: the DNS records that still name the old one, and each mail app's settings.";
        }
        return "Set up each mail app with these settings.";
    }

    @Override
    public String nextLabel() {
        return "Finish";
    }

    /**
     * Fills the page from the latest report (Verify's check, else the run's). After an install it starts reading the
     * recovery sheet unless it was saved; after a restore it lists the DNS records to change instead.
     */
    @Override
    public void onEnter() {
        boolean restore = draft.restoring.get();
        restored.set(restore);
        List<Mailbox> mailboxes = restore && draft.restoredSpec.get() != null
                ? draft.restoredSpec.get().users().stream().map(u -> new Mailbox(u.address(), u.passwordHash())).toList()
                : List.copyOf(draft.mailboxes);
        clients.setAll(settingsFor(draft.hostname.get(), mailboxes));
        RunReport latest = draft.checkReport.get() != null ? draft.checkReport.get() : draft.installReport.get();
        List<Finding> dns = restore && latest != null ? RestoreSteps.dnsToChange(latest) : List.of();
        dnsToChange.setAll(dns.stream().map(WindowWords::finding).toList());
        groups.setAll(latest == null ? List.of() : group(latest.findings().stream().filter(f -> !dns.contains(f)).toList()));
        headline.set(restore ? restoredHeadline(groups, dnsToChange.size()) : headlineOf(groups));
        saved.set("");
        updateSheetUnsaved();
        if (sheetUnsaved.get() && sheet == null && sheetState.get() != SheetState.FETCHING) {
            fetchSheet();
        }
        super.onEnter();
    }

    static String restoredHeadline(List<Group> groups, int dnsRecords) {
        String dns = dnsRecords == 0 ? "" : " Change " + Words.count(dnsRecords, "DNS record", "DNS records") + " to point at it.";
        return "The backup is on the new server." + dns + (groups.isEmpty() ? "" : " Some checks need a look: see below.");
    }

    /**
     * What is left, grouped: DNS records, the certificate, sending to other servers, the rest; problems before
     * warnings inside each, and the groups with a problem first. Scattered, nine warnings read as "broken"; grouped,
     * they read as three things to do.
     */
    public static List<Group> group(List<Finding> findings) {
        Map<String, List<Finding>> by = new LinkedHashMap<>();
        for (String g : List.of("Certificate", "DNS records", "Sending to other servers", "Other")) {
            by.put(g, new ArrayList<>());
        }
        findings.stream().filter(f -> f.severity() != Severity.OK).map(WindowWords::finding)
                .sorted(Comparator.comparing(Finding::severity).reversed()).forEach(f -> by.get(topic(f)).add(f));
        List<Group> out = new ArrayList<>();
        by.forEach((title, list) -> {
            if (!list.isEmpty()) {
                out.add(new Group(title, leftToDo(title, list.size()), List.copyOf(list)));
            }
        });
        out.sort(Comparator.comparing((Group g) -> Finding.worst(g.findings())).reversed());
        return out;
    }

    private static String topic(Finding f) {
        String c = f.check();
        if (c.startsWith("TLS") || c.toLowerCase(Locale.ROOT).contains("certificate")) {
            return "Certificate";
        }
        if (c.matches("(A|AAAA|MX|SPF|DKIM|DMARC|PTR|CAA|NS|DNS|Name servers?)\\b.*")) {
            return "DNS records";
        }
        if (c.toLowerCase(Locale.ROOT).matches(".*(outbound|port 25|blocklist|dnsbl|spamhaus).*")) {
            return "Sending to other servers";
        }
        return "Other";
    }

    private static String leftToDo(String group, int n) {
        return switch (group) {
            case "Certificate" -> "the certificate";
            case "DNS records" -> Words.count(n, "DNS record", "DNS records");
            case "Sending to other servers" -> "sending to other servers";
            default -> Words.count(n, "other check", "other checks");
        };
    }

    static String headlineOf(List<Group> groups) {
        if (groups.isEmpty()) {
            return "Your mail server is ready.";
        }
        List<String> left = groups.stream().map(Group::leftToDo).toList();
        String list = left.size() == 1 ? left.get(0)
                : String.join(", ", left.subList(0, left.size() - 1)) + " and " + left.get(left.size() - 1);
        return "Your mail server is installed. Left to do: " + list + ".";
    }

    public static List<ClientSettings> settingsFor(String mailHost, List<Mailbox> mailboxes) {
        return mailboxes.stream().map(m -> new ClientSettings(m.address(), m.address(), mailHost, 993, "SSL/TLS",
                mailHost, 587, "STARTTLS", 465, "SSL/TLS")).toList();
    }

    @Override
    protected Optional<String> validate() {
        return Optional.empty();
    }

    // Commands

    /**
     * Reads the recovery sheet from the server, off the UI thread; {@link #sheetStateProperty()} says how it went and
     * {@link #sheetProblemProperty()} why it could not be read. Does nothing while a read is under way.
     */
    public void fetchSheet() {
        if (sheetState.get() == SheetState.FETCHING) {
            return;
        }
        sheetState.set(SheetState.FETCHING);
        sheetProblem.set("");
        var spec = draft.toSpec();
        ui.submit(() -> service.recoverySheet(spec, List.of()), s -> {
            sheet = s;
            sheetState.set(SheetState.READY);
            List<Runnable> then = List.copyOf(whenSheetReady);
            whenSheetReady.clear();
            then.forEach(Runnable::run);
        }, error -> {
            whenSheetReady.clear();
            sheetState.set(SheetState.UNAVAILABLE);
            sheetProblem.set("Could not read the recovery sheet from the server: "
                    + WindowWords.text(error.getMessage() == null ? error.toString() : error.getMessage()));
        });
    }

    /** Runs {@code then} (on the UI thread) once the sheet is held: now when it is, else after reading it. */
    public void withSheet(Runnable then) {
        if (sheetState.get() == SheetState.READY) {
            then.run();
            return;
        }
        whenSheetReady.add(then);
        fetchSheet();
    }

    /** The file name to offer when saving the sheet: the sheet's own (it names the server). */
    public String sheetFileName() {
        return sheet != null ? sheet.defaultFileName() : "mailwright-recovery-" + draft.hostname.get() + ".html";
    }

    /**
     * Saves the sheet held to {@code file}, readable by its owner only from the start ({@link PrivateFiles}), then drops
     * it: the window holds the password no longer than needed.
     *
     * @throws IllegalStateException when no sheet is held ({@link SheetState#READY}); see {@link #withSheet}
     * @throws IOException when the file cannot be written; the sheet is then still held, to save elsewhere
     */
    public void saveSheet(Path file) throws IOException {
        if (sheet == null) {
            throw new IllegalStateException("no recovery sheet is held: read it first");
        }
        PrivateFiles.write(file, sheet.html());
        sheet = null;
        sheetState.set(SheetState.NONE);
        sheetSavedTo.set(file.toAbsolutePath());
        updateSheetUnsaved();
    }

    /**
     * Whether closing the window (or Finish) should first ask about the recovery sheet: after an install, while it is
     * not saved, unless the person already chose to close without it.
     */
    public boolean shouldAskBeforeClosing() {
        return sheetUnsaved.get() && !closeWithoutSheet;
    }

    /** The person chose to close without saving the sheet: not asked again; the sheet held is dropped. */
    public void closeWithoutSheet() {
        closeWithoutSheet = true;
        sheet = null;
        if (sheetState.get() == SheetState.READY) {
            sheetState.set(SheetState.NONE);
        }
    }

    private void updateSheetUnsaved() {
        sheetUnsaved.set(!draft.restoring.get() && draft.installReport.get() != null && sheetSavedTo.get() == null);
    }

    /** Saves what was sent to the server (secrets redacted), readable only by the person. */
    public void saveTranscript(Path file) throws IOException {
        service.saveTranscript(file);
        saved.set("Saved the transcript to " + file + ".");
    }

    public boolean canExportPackage() {
        return exporter != ExportPackage.NOT_WIRED;
    }

    /** SEAM: the client-settings package; see {@link ExportPackage}. */
    public void exportPackage(Path directory) throws IOException {
        if (exporter == ExportPackage.NOT_WIRED) {
            throw new IOException("Exporting the settings package is not available in this version yet.");
        }
        exporter.exportTo(directory, draft.toSpec());
        saved.set("Saved the settings package to " + directory + ".");
    }

    /** The users window over the wizard's session, with the DKIM selector this setup used for a domain added later. */
    public ManageUsers.Request manageUsers() {
        return new ManageUsers.Request(service, draft.toSpec().dkim(), true, Optional.empty());
    }

    // Properties

    /** True after a restore: the page lists the DNS records to change and no recovery sheet (the old one still holds). */
    public ReadOnlyBooleanProperty restoredProperty() {
        return restored.getReadOnlyProperty();
    }

    /** After a restore, the A, AAAA and PTR records that still name the old server, in the window's words; else empty. */
    public ObservableList<Finding> dnsToChange() {
        return dnsToChange;
    }

    /** Where the recovery sheet is: not held, being read, held, not readable. */
    public ReadOnlyObjectProperty<SheetState> sheetStateProperty() {
        return sheetState.getReadOnlyProperty();
    }

    /** Where the sheet was saved last (absolute), null before. */
    public ReadOnlyObjectProperty<Path> sheetSavedToProperty() {
        return sheetSavedTo.getReadOnlyProperty();
    }

    /** Why the sheet could not be read, in the window's words; empty otherwise. */
    public ReadOnlyStringProperty sheetProblemProperty() {
        return sheetProblem.getReadOnlyProperty();
    }

    /** After an install, true until the sheet was saved once; false after a restore or before an install. */
    public ReadOnlyBooleanProperty sheetUnsavedProperty() {
        return sheetUnsaved.getReadOnlyProperty();
    }

    public ObservableList<ClientSettings> clients() {
        return clients;
    }

    /** What is left to do, grouped; empty when every check passed. */
    public ObservableList<Group> groups() {
        return groups;
    }

    /** "Your mail server is ready." only when it is; else what is left. */
    public ReadOnlyStringProperty headlineProperty() {
        return headline.getReadOnlyProperty();
    }

    /** Where the last export or transcript went; empty before one. */
    public ReadOnlyStringProperty savedProperty() {
        return saved.getReadOnlyProperty();
    }
}
