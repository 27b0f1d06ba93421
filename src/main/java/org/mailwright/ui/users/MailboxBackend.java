package org.mailwright.ui.users;

import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.remote.Cancel;

/**
 * What the users window asks of a server's mail tables: {@link MailboxService}'s read, edit and apply, behind an
 * interface so the window model can be tested against a fake server (or a backend that fails on purpose). Every
 * method may talk to the network: call them only from the UI executor's background thread.
 */
public interface MailboxBackend {

    /** @throws org.mailwright.accounts.TableParseException when a table has lines that cannot be read safely */
    MailboxSnapshot read();

    /** Starts staging against {@code snapshot}; staging a new domain reads the server (its DKIM key). */
    MailboxEdit edit(MailboxSnapshot snapshot);

    /** @throws org.mailwright.engine.mailboxes.StaleDataException when a table changed since {@code edit}'s snapshot */
    void apply(MailboxEdit edit, Cancel cancel);

    static MailboxBackend of(MailboxService service) {
        return new MailboxBackend() {
            @Override
            public MailboxSnapshot read() {
                return service.read();
            }

            @Override
            public MailboxEdit edit(MailboxSnapshot snapshot) {
                return service.edit(snapshot);
            }

            @Override
            public void apply(MailboxEdit edit, Cancel cancel) {
                service.apply(edit, cancel);
            }
        };
    }
}
