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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.RunReport;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;
import org.mailwright.ui.wizard.SetupDraft.Mailbox;

/** What each person types into their mail app, and the transcript of everything Mailwright did. */
public final class DonePageModel extends PageModel {
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
        return "Set up each mail app with these settings.";
    }

    @Override
    public String nextLabel() {
        return "Finish";
    }

    @Override
    public void onEnter() {
        clients.setAll(settingsFor(draft.hostname.get(), draft.mailboxes));
        RunReport latest = draft.checkReport.get() != null ? draft.checkReport.get() : draft.installReport.get();
        groups.setAll(latest == null ? List.of() : group(latest.findings()));
        headline.set(headlineOf(groups));
        saved.set("");
        super.onEnter();
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
