package org.mailwright.ui.wizard.welcome;

import java.util.Optional;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.model.ServerSpec;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** What will happen, what the person needs, and the servers they set up before. */
public final class WelcomePageModel extends PageModel {
    private final SetupDraft draft;
    private final ProfileStore profiles;
    private final ServerSession service;
    private final ObservableList<ServerProfile> recent = FXCollections.observableArrayList();

    public WelcomePageModel(SetupDraft draft, ProfileStore profiles, ServerSession service) {
        this.draft = draft;
        this.profiles = profiles;
        this.service = service;
    }

    @Override
    public String id() {
        return "welcome";
    }

    @Override
    public String title() {
        return "Welcome";
    }

    @Override
    public String subtitle() {
        return "Your own mail server on a fresh Debian machine, set up step by step.";
    }

    @Override
    public String nextLabel() {
        return "Start";
    }

    /** Lists the servers set up before; back on Welcome, Start sets a server up again (not a restore). */
    @Override
    public void onEnter() {
        draft.restoring.set(false);
        recent.setAll(profiles.list());
        super.onEnter();
    }

    @Override
    protected Optional<String> validate() {
        return Optional.empty();
    }

    // Commands

    /** Fills the draft from a remembered server; the password is asked for again on the Connect page. */
    public void use(ServerProfile p) {
        draft.host.set(p.host());
        draft.port.set(Integer.toString(p.port()));
        draft.user.set(p.user());
        draft.useKey.set(p.keyPath() != null && !p.keyPath().isBlank());
        draft.keyPath.set(p.keyPath() == null ? "" : p.keyPath());
        draft.domains.set(p.domain() == null ? "" : p.domain());
        draft.hostname.set(p.hostname() == null ? "" : p.hostname());
    }

    /**
     * "Restore from a backup": the wizard goes through the Restore page, Connect, the restore run, Verify and Done
     * instead of the set-up pages (the spec brings the names, certificate, mail settings, accounts and firewall). Call
     * it just before Next.
     */
    public void chooseRestore() {
        draft.restoring.set(true);
    }

    /**
     * The users window for a server set up before: it logs in with its own small form (the same connect as the
     * Connect page), filled from the most recent server.
     */
    public ManageUsers.Request manageExistingServer() {
        return new ManageUsers.Request(service, ServerSpec.DkimSettings.DEFAULT, false, profiles.list().stream().findFirst());
    }

    // Properties

    public ObservableList<ServerProfile> recentServers() {
        return recent;
    }
}
