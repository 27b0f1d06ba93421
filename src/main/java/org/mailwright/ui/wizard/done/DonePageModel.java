package org.mailwright.ui.wizard.done;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
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

    private final SetupDraft draft;
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
        return "Your mail server is ready. Set up each mail app with these settings.";
    }

    @Override
    public String nextLabel() {
        return "Finish";
    }

    @Override
    public void onEnter() {
        clients.setAll(settingsFor(draft.hostname.get(), draft.mailboxes));
        super.onEnter();
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
    }

    /** The users window over the wizard's session, with the DKIM selector this setup used for a domain added later. */
    public ManageUsers.Request manageUsers() {
        return new ManageUsers.Request(service, draft.toSpec().dkim(), true, Optional.empty());
    }

    // Properties

    public ObservableList<ClientSettings> clients() {
        return clients;
    }
}
