package org.mailwright.engine.mailboxes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.MailTables.Alias;
import org.mailwright.accounts.QuotasFile;
import org.mailwright.model.QuotaSize;

/**
 * The mail tables as read from the server at one moment, with each file's content as read (to diff against and to
 * notice a change by someone else before writing), each domain's default quota, and what each mailbox uses.
 *
 * @param files     path to content as read; empty when the file did not exist
 * @param usedKib   address to the storage it uses in KiB: Dovecot's quota count ({@code doveadm quota get -A}, one
 *                  command for every mailbox), or {@code du} of its maildir on a server whose Dovecot has no quota
 *                  plugin yet; absent when unknown (no maildir yet)
 * @param quotas    each domain's default quota for new mailboxes ({@code /etc/mail/quotas})
 * @param dovecot24 whether the server runs Dovecot 2.4 (it decides the quota field's name); empty when Dovecot's
 *                  version could not be read (not installed)
 */
public record MailboxSnapshot(MailTables tables, Map<String, Optional<String>> files, Map<String, Long> usedKib, QuotasFile quotas,
                              Optional<Boolean> dovecot24) {
    public MailboxSnapshot {
        files = Map.copyOf(files);
        usedKib = Map.copyOf(usedKib);
        quotas = quotas == null ? QuotasFile.empty() : quotas;
        dovecot24 = dovecot24 == null ? Optional.empty() : dovecot24;
    }

    /** A snapshot of a server without domain quotas whose Dovecot is 2.3 (tests and fakes). */
    public MailboxSnapshot(MailTables tables, Map<String, Optional<String>> files, Map<String, Long> usedKib) {
        this(tables, files, usedKib, QuotasFile.empty(), Optional.of(false));
    }

    /**
     * One mailbox as a list shows it.
     *
     * @param usedKib storage used in KiB, when known
     * @param quota   its limit (from its credentials line); empty: no limit
     */
    public record MailboxRow(String address, Optional<Long> usedKib, Optional<QuotaSize> quota, List<String> aliases) {
        public MailboxRow {
            aliases = List.copyOf(aliases);
        }

        /** Used share of the limit in whole percent, rounded down as the status and Dovecot do (0-999), when both are known. */
        public Optional<Integer> percentUsed() {
            return quota.flatMap(q -> usedKib.map(u -> (int) Math.min(999, 100 * u / q.kib())));
        }

        /** Whether the mailbox is at or above {@link QuotaSize#WARNING_PERCENT} of its limit (when the person is warned). */
        public boolean nearlyFull() {
            return percentUsed().filter(p -> p >= QuotaSize.WARNING_PERCENT).isPresent();
        }

        /** Whether the mailbox is at or over its limit: it takes no more mail until it is below it. */
        public boolean full() {
            return percentUsed().filter(p -> p >= 100).isPresent();
        }

        /** "12.0 MiB of 2.0 GiB (1 %)", "12.0 MiB" (no limit), "? of 2.0 GiB": the one way a list shows usage. */
        public String usage() {
            String used = usedKib.map(u -> org.mailwright.model.Words.bytes(u * 1024)).orElse("?");
            return quota.map(q -> used + " of " + q.human() + percentUsed().map(p -> " (" + p + " %)").orElse("")).orElse(used);
        }
    }

    /** Every mailbox as read, with what it uses and its limit. */
    public List<MailboxRow> mailboxes() {
        return mailboxes(tables);
    }

    /**
     * The mailboxes of {@code after} (the tables with staged changes, {@link MailboxEdit#tables()}) with the usage read
     * in this snapshot: a staged quota shows against what the mailbox uses now.
     */
    public List<MailboxRow> mailboxes(MailTables after) {
        // one pass over the aliases, not one per mailbox (MailTables.aliasesByTarget)
        Map<String, List<Alias>> pointing = after.aliasesByTarget();
        return after.credentials().entries().stream().map(e -> new MailboxRow(e.address(), Optional.ofNullable(usedKib.get(e.address())),
                e.quota(), pointing.getOrDefault(e.address(), List.of()).stream().map(Alias::address).toList())).toList();
    }
}
