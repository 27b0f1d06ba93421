package org.mailwright.session;

import java.util.Map;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.engine.mailboxes.VacationStatus;
import org.mailwright.model.Vacation;
import org.mailwright.remote.RemoteException;

/**
 * The mail tables of a connected server (mailboxes, aliases, domains): {@link MailboxService}'s read, edit and apply,
 * behind an interface so the users window can be tested against a fake server. Every method may talk to the network:
 * call them off the UI thread.
 */
public interface Mailboxes {

    /**
     * The tables as they are now.
     *
     * @throws org.mailwright.accounts.TableParseException when a table has lines that cannot be read safely
     * @throws SessionException                            when the server cannot be read
     */
    MailboxSnapshot read();

    /** Starts staging changes against {@code snapshot}; staging a new domain reads the server (its DKIM key). */
    MailboxEdit edit(MailboxSnapshot snapshot);

    /**
     * Writes the staged changes and reloads OpenSMTPD's tables (no restart).
     *
     * @throws org.mailwright.engine.mailboxes.StaleDataException when a table changed since {@code edit}'s snapshot
     * @throws SessionException                                   when the server cannot be written, or on cancel
     */
    void apply(MailboxEdit edit, Cancellation cancel);

    /**
     * Turns on (or replaces) the vacation reply of a mailbox: a Sieve script Mailwright owns, compiled with sievec
     * before it is installed, run before the person's own script (which is left as it is).
     *
     * @throws org.mailwright.accounts.MailTablesException when the address is not a mailbox in {@code snapshot}
     * @throws org.mailwright.engine.StepFailedException   when sievec refuses the script (the line it names is in the
     *                                                     message; nothing installed)
     * @throws SessionException                            when the server cannot be written, or on cancel
     */
    void vacationOn(MailboxSnapshot snapshot, String address, Vacation vacation, Cancellation cancel);

    /**
     * Turns the vacation reply of a mailbox off (removes Mailwright's script; the person's own is left as it is).
     *
     * @throws org.mailwright.accounts.MailTablesException when the address is not a mailbox in {@code snapshot}
     * @throws SessionException                            when the server cannot be written, or on cancel
     */
    void vacationOff(MailboxSnapshot snapshot, String address, Cancellation cancel);

    /**
     * The vacation reply of every mailbox in {@code snapshot}, read in one command whatever the number of mailboxes.
     *
     * @return normalized address to its reply, for the mailboxes that have one ({@link VacationStatus#UNKNOWN} when the
     *         script was changed by hand); a mailbox without one is absent
     * @throws SessionException when the server cannot be read
     */
    Map<String, VacationStatus> vacations(MailboxSnapshot snapshot);

    /** Over the engine's service; SSH failures become {@link SessionException}s. */
    static Mailboxes of(MailboxService service) {
        return new Mailboxes() {
            @Override
            public MailboxSnapshot read() {
                try {
                    return service.read();
                } catch (RemoteException e) {
                    throw SessionException.of(e);
                }
            }

            @Override
            public MailboxEdit edit(MailboxSnapshot snapshot) {
                try {
                    return service.edit(snapshot);
                } catch (RemoteException e) {
                    throw SessionException.of(e);
                }
            }

            @Override
            public void apply(MailboxEdit edit, Cancellation cancel) {
                try {
                    service.apply(edit, cancel.token());
                } catch (RemoteException e) {
                    throw SessionException.of(e);
                }
            }

            @Override
            public void vacationOn(MailboxSnapshot snapshot, String address, Vacation vacation, Cancellation cancel) {
                try {
                    service.vacations().turnOn(snapshot, address, vacation, cancel.token());
                } catch (RemoteException e) {
                    throw SessionException.of(e);
                }
            }

            @Override
            public Map<String, VacationStatus> vacations(MailboxSnapshot snapshot) {
                try {
                    return service.vacations().readAll(snapshot);
                } catch (RemoteException e) {
                    throw SessionException.of(e);
                }
            }

            @Override
            public void vacationOff(MailboxSnapshot snapshot, String address, Cancellation cancel) {
                try {
                    service.vacations().turnOff(snapshot, address, cancel.token());
                } catch (RemoteException e) {
                    throw SessionException.of(e);
                }
            }
        };
    }
}
