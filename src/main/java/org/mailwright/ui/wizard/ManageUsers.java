package org.mailwright.ui.wizard;

import java.util.Optional;
import javafx.stage.Window;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.profiles.ServerProfile;

/**
 * How the Welcome and Done pages open the users window without knowing it: MailwrightApp passes the users window's
 * opener in. The wizard never imports the users window, which imports the wizard's helpers: no cycle.
 */
@FunctionalInterface
public interface ManageUsers {

    /** Opens the users window over {@code owner} (null: no owner) for {@code request}. */
    void open(Window owner, Request request);

    /**
     * What the users window works on.
     *
     * @param session   the session it reads and writes the mail tables through
     * @param dkim      selector and key size for the DKIM key of a domain added later
     * @param connected the session is logged in already (after install); otherwise the window asks how to log in
     * @param prefill   the server to fill its login form with, when it asks
     */
    record Request(ServerSession session, DkimSettings dkim, boolean connected, Optional<ServerProfile> prefill) {
    }

    /** For tests and screenshots that never open the window. */
    ManageUsers NOT_WIRED = (owner, request) -> {
    };
}
