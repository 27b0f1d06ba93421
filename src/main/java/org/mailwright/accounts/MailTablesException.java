package org.mailwright.accounts;

/** A requested change to the mailboxes, aliases or domains that would break mail; the message says why and what to do. */
public final class MailTablesException extends IllegalArgumentException {
    public MailTablesException(String message) {
        super(message);
    }
}
