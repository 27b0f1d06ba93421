package org.mailwright.ui.wizard.connect;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.session.HostKeyQuestion.NewHostKey;
import org.mailwright.session.Login;
import org.mailwright.session.SessionException;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WindowWords;

/** Logs in to the server (asking about a new host key) and shows what the preflight check found. */
public final class ConnectPageModel extends PageModel {
    public enum Status { NOT_CONNECTED, CONNECTING, CONNECTED, FAILED, HOST_KEY_CHANGED }

    private final SetupDraft draft;
    private final ServerSession service;
    private final UiExecutor ui;
    private final ProfileStore profiles;
    /** Login secrets stay here, not in the draft, and are cleared once the session has them. */
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
    private final ReadOnlyObjectWrapper<Status> status = new ReadOnlyObjectWrapper<>(this, "status", Status.NOT_CONNECTED);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ObservableList<Finding> findings = FXCollections.observableArrayList();
    private Predicate<NewHostKey> hostKeyDecider = key -> false;

    public ConnectPageModel(SetupDraft draft, ServerSession service, UiExecutor ui, ProfileStore profiles) {
        this.draft = draft;
        this.service = service;
        this.ui = ui;
        this.profiles = profiles;
        // another server or user means the preflight result no longer applies
        for (var p : new javafx.beans.Observable[]{draft.host, draft.port, draft.user}) {
            p.addListener(x -> {
                if (status.get() == Status.CONNECTED || status.get() == Status.FAILED || status.get() == Status.HOST_KEY_CHANGED) {
                    status.set(Status.NOT_CONNECTED);
                    message.set("");
                    findings.clear();
                    draft.connected.set(null);
                }
            });
        }
        revalidateOn(draft.host, draft.port, draft.user, draft.useKey, draft.keyPath, password, status);
    }

    @Override
    public String id() {
        return "connect";
    }

    @Override
    public String title() {
        return "Connect";
    }

    @Override
    public String subtitle() {
        if (draft.restoring.get()) {
            return "Log in to the new server the backup goes onto: the old server's address is filled in from the spec, "
                    + "change it to the new one. Mailwright checks it before changing anything.";
        }
        return "Log in to the server over SSH. Mailwright checks it before changing anything.";
    }

    /** Why the form cannot be sent yet, or empty. */
    public Optional<String> formProblem() {
        // the session's form rule: the users window's login form asks the same
        return Login.formProblem(draft.host.get(), draft.port.get(), draft.user.get(), draft.useKey.get(), draft.keyPath.get(),
                !password.get().isEmpty() || status.get() == Status.CONNECTED);
    }

    @Override
    protected Optional<String> validate() {
        Optional<String> form = formProblem();
        if (form.isPresent()) {
            return form;
        }
        return switch (status.get()) {
            case NOT_CONNECTED -> Optional.of("Press Connect to log in and check the server.");
            case CONNECTING -> Optional.of("Connecting...");
            case HOST_KEY_CHANGED -> Optional.of("Stopped: the server's host key has changed.");
            case FAILED -> Optional.of("Could not connect: see the message above.");
            case CONNECTED -> findings.stream().filter(f -> f.severity() == Severity.ERROR).findFirst()
                    .map(f -> "This server cannot be set up: " + WindowWords.text(f.message()));
        };
    }

    // Commands

    /** Logs in and runs the preflight check, off the UI thread. */
    public void connect() {
        if (formProblem().isPresent() || status.get() == Status.CONNECTING) {
            return;
        }
        status.set(Status.CONNECTING);
        message.set("Connecting to " + draft.host.get().strip() + "...");
        findings.clear();
        busy.set(true);
        Login login = new Login(draft.host.get().strip(), draft.portNumber(), draft.user.get().strip(),
                draft.useKey.get() ? Optional.of(draft.keyPath.get()) : Optional.empty(),
                password.get().toCharArray(), passphrase.get().toCharArray());
        Predicate<NewHostKey> decider = hostKeyDecider;
        ui.submit(() -> service.connect(login, key -> ui.askOnUi(() -> decider.test(key))), connected -> {
            busy.set(false);
            draft.connected.set(connected);
            findings.setAll(connected.findings());
            status.set(Status.CONNECTED);
            message.set("Connected to " + connected.description() + ".");
            password.set("");
            passphrase.set("");
            remember();
            revalidate();
        }, error -> {
            busy.set(false);
            draft.connected.set(null);
            status.set(error instanceof SessionException s && s.hostKeyChanged() ? Status.HOST_KEY_CHANGED : Status.FAILED);
            message.set(WindowWords.text(error.getMessage() == null ? error.toString() : error.getMessage()));
            revalidate();
        });
    }

    /** Saves the server's profile off the UI thread; a failure is only logged: a convenience, the wizard goes on. */
    private void remember() {
        profiles.saveLater(new ServerProfile(draft.host.get().strip(), draft.portNumber(), draft.user.get().strip(),
                draft.useKey.get() ? draft.keyPath.get().strip() : "", draft.domainList().stream().findFirst().orElse(""),
                draft.hostname.get(), Instant.now()), ui);
    }

    /** Who answers "trust this new host key?": the view shows a dialog; it is asked on the UI thread. */
    public void setHostKeyDecider(Predicate<NewHostKey> decider) {
        this.hostKeyDecider = decider;
    }

    // Properties

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty passphraseProperty() {
        return passphrase;
    }

    public ReadOnlyObjectProperty<Status> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ObservableList<Finding> findings() {
        return findings;
    }

    public SetupDraft draft() {
        return draft;
    }
}
