package org.mailwright.engine.mailboxes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.MailTables.Alias;

/**
 * The mail tables as read from the server at one moment, with each file's content as read (to diff against and to
 * notice a change by someone else before writing) and the size of each mailbox's maildir.
 *
 * @param files     path to content as read; empty when the file did not exist
 * @param maildirKb address to the size of its maildir in KiB; absent when it has no maildir yet (no mail received)
 */
public record MailboxSnapshot(MailTables tables, Map<String, Optional<String>> files, Map<String, Long> maildirKb) {
    public MailboxSnapshot {
        files = Map.copyOf(files);
        maildirKb = Map.copyOf(maildirKb);
    }

    /** One mailbox as a list shows it. */
    public record MailboxRow(String address, Optional<Long> maildirKb, List<String> aliases) {
        public MailboxRow {
            aliases = List.copyOf(aliases);
        }
    }

    public List<MailboxRow> mailboxes() {
        return tables.mailboxes().stream().map(m -> new MailboxRow(m.address(), Optional.ofNullable(maildirKb.get(m.address())),
                tables.aliasesPointingAt(m.address()).stream().map(Alias::address).toList())).toList();
    }
}
