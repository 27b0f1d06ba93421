package org.mailwright.ui.wizard.domain;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.mailwright.model.DomainName;
import org.mailwright.model.EmailAddress;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** The domains to receive mail for, the server's mail host name, and the admin's own address. */
public final class DomainPageModel extends PageModel {
    private final SetupDraft draft;
    private final ProfileStore profiles;
    private final UiExecutor ui;
    private final ReadOnlyStringWrapper serverAddress = new ReadOnlyStringWrapper(this, "serverAddress", "");
    /** The host name follows the first domain (mail.example.com) until the person types their own. */
    private boolean hostnameFollows = true;
    private boolean updating;

    public DomainPageModel(SetupDraft draft, ProfileStore profiles, UiExecutor ui) {
        this.draft = draft;
        this.profiles = profiles;
        this.ui = ui;
        draft.domains.addListener((o, was, now) -> {
            if (hostnameFollows) {
                updating = true;
                draft.hostname.set(suggestedHostname());
                updating = false;
            }
        });
        draft.hostname.addListener((o, was, now) -> {
            if (!updating) {
                hostnameFollows = now == null || now.isBlank() || now.equals(suggestedHostname());
            }
        });
        revalidateOn(draft.domains, draft.hostname, draft.adminAddress);
    }

    @Override
    public String id() {
        return "domain";
    }

    @Override
    public String title() {
        return "Domain";
    }

    @Override
    public String subtitle() {
        return "Which addresses the server receives mail for, and the name it answers to.";
    }

    public String suggestedHostname() {
        List<String> d = draft.domainList();
        return d.isEmpty() ? "" : "mail." + d.get(0);
    }

    @Override
    public void onEnter() {
        if (draft.hostname.get().isBlank()) {
            hostnameFollows = true;
            draft.hostname.set(suggestedHostname());
        } else {
            hostnameFollows = draft.hostname.get().equals(suggestedHostname());
        }
        serverAddress.set(draft.connected.get() == null || !draft.connected.get().hasFacts() ? "not known yet (connect first)"
                : draft.serverAddresses().isEmpty() ? "no public address found" : String.join(", ", draft.serverAddresses()));
        super.onEnter();
    }

    @Override
    public void onLeave() {
        if (!draft.host.get().isBlank() && draft.portNumber() > 0) {
            // written off the UI thread; a failure is only logged: the profile is a convenience, the setup goes on
            profiles.saveLater(new ServerProfile(draft.host.get().strip(), draft.portNumber(), draft.user.get().strip(),
                    draft.useKey.get() ? draft.keyPath.get().strip() : "", draft.domainList().stream().findFirst().orElse(""),
                    draft.hostname.get().strip(), Instant.now()), ui);
        }
    }

    @Override
    protected Optional<String> validate() {
        List<String> domains = draft.domainList();
        if (domains.isEmpty()) {
            return Optional.of("Enter the domain to receive mail for (like example.com).");
        }
        Set<String> seen = new HashSet<>();
        for (String d : domains) {
            Optional<String> p = DomainName.problem(d);
            if (p.isPresent()) {
                return Optional.of("Domain " + p.get() + ".");
            }
            seen.add(d);
        }
        Optional<String> host = DomainName.problem(draft.hostname.get());
        if (host.isPresent()) {
            return Optional.of("Mail host name " + host.get() + ".");
        }
        String admin = draft.adminAddress.get();
        if (admin.isBlank()) {
            return Optional.of("Enter your own email address: certificate and DMARC notices go there.");
        }
        return EmailAddress.problem(admin).map(p -> "Admin address " + p + ".");
    }

    // Properties

    /** The server's public address as preflight found it, for the person to compare with their DNS. */
    public ReadOnlyStringProperty serverAddressProperty() {
        return serverAddress.getReadOnlyProperty();
    }

    public SetupDraft draft() {
        return draft;
    }
}
