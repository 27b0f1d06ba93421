package org.mailwright.engine.steps;

import java.util.Optional;
import java.util.stream.Collectors;
import org.mailwright.accounts.AccountMerge;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.QuotasFile;
import org.mailwright.accounts.TableParseException;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailLayout;

/**
 * The server's accounts merged with the spec ({@link AccountMerge}), read once per run and shared by the steps that
 * need them: DKIM keys and rspamd's signing config for every domain the server serves (one added with
 * {@code domains add} included), and OpenSMTPD's tables. Forgotten when the tables are written, so a later read
 * (verification) sees the server as it now is.
 */
record ServerAccounts(AccountMerge.Result merge) {

    /** A table that does not exist yet starts as its header, as Mailwright writes it on a fresh server. */
    static final String TABLE_HEADER = "# " + MailLayout.TABLE_HEADER + "\n";
    /** {@link MailLayout#QUOTAS} as a fresh server gets it. */
    static final String QUOTAS_HEADER = QuotasFile.HEADER;

    /**
     * The merge of {@code spec} into the server's tables, read on first use in this run.
     *
     * @throws StepFailedException when a table has lines Mailwright cannot read: they are named by line number and
     *                             nothing is written, since a rewrite could lose what they mean
     */
    static AccountMerge.Result of(StepContext ctx, ServerSpec spec) {
        Optional<ServerAccounts> known = ctx.facts().get(ServerAccounts.class);
        if (known.isPresent()) {
            return known.get().merge();
        }
        MailTables server;
        QuotasFile quotas;
        try {
            server = MailTables.parse(read(ctx, MailLayout.CREDENTIALS, ""), read(ctx, MailLayout.VIRTUALS, TABLE_HEADER),
                    read(ctx, MailLayout.DOMAINS, TABLE_HEADER));
            quotas = QuotasFile.parse(read(ctx, MailLayout.QUOTAS, QUOTAS_HEADER));
        } catch (TableParseException e) {
            throw new StepFailedException(Finding.error("mail tables",
                    "the server's mail tables have lines Mailwright cannot read, so they were left as they are: "
                            + e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")),
                    "Correct or remove those lines on the server (each is named with its file and line), then run apply again."));
        }
        AccountMerge.Result merge = AccountMerge.merge(spec, server, quotas, Dovecot.dovecot24(ctx));
        ctx.facts().put(ServerAccounts.class, new ServerAccounts(merge));
        return merge;
    }

    /** Drops what was read: the tables were just written. */
    static void forget(StepContext ctx) {
        ctx.facts().remove(ServerAccounts.class);
    }

    /**
     * A table's text, or {@code absent} when the file does not exist. The header earlier Mailwright versions wrote
     * ("the next apply replaces this file") is no longer true of tables and is replaced by today's.
     */
    private static String read(StepContext ctx, String path, String absent) {
        String text = ctx.host().readText(path).orElse(absent);
        String legacy = "# " + MailLayout.HEADER + "\n";
        return text.startsWith(legacy) ? TABLE_HEADER + text.substring(legacy.length()) : text;
    }
}
