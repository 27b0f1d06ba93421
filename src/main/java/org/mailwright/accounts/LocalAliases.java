package org.mailwright.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local aliases table ({@code /etc/mail/aliases}): where mail to root and to the server's other accounts
 * (www-data, MAILER-DAEMON, any cron job's owner) goes. smtpd reads it as a {@code virtual} mapping for
 * {@code from local for local} mail (smtpd.conf(5)), so besides {@code root} it can hold {@code @}, the catch-all its
 * lookup tries last ({@code aliases_virtual_get}: user@domain, user, @domain, @).
 *
 * <p>Like the other mail tables it is the server's once it exists: a person may point root elsewhere or add lines,
 * and apply keeps every line. A new table is {@code root: ADDRESS} and {@code @: root}; on an existing one only a
 * missing {@code root} line is added. Pure: text in, text out.
 */
public final class LocalAliases {
    public static final String NAME = "aliases";
    /** The key of the catch-all line: every local account without a line of its own. */
    static final String CATCH_ALL = "@";

    private LocalAliases() {
    }

    /**
     * @param text  the table to write (the server's unchanged when nothing is missing)
     * @param notes sentences for the plan: where root's mail goes when this adds it, or that the server's line was kept
     */
    public record Result(String text, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Merges the spec's root address into the server's table.
     *
     * @param server   the table as on the server, or empty when there is none
     * @param header   the first line of a table Mailwright makes (a comment, with its {@code #})
     * @param rootMail the address the spec gives root ({@link org.mailwright.model.ServerSpec#rootMailbox()})
     * @throws TableParseException when the server's table has lines that cannot be read: nothing is rewritten then
     */
    public static Result merge(Optional<String> server, String header, String rootMail) {
        List<String> notes = new ArrayList<>();
        if (server.isEmpty()) {
            notes.add("mail to root and the server's other accounts (cron, unattended-upgrades, certbot, bounces) goes to "
                    + rootMail);
            String text = header
                    + "# root's mail goes to a person; every other account of this server (" + CATCH_ALL + ") to root.\n"
                    + "root: " + rootMail + "\n"
                    + CATCH_ALL + ": root\n";
            return new Result(text, notes);
        }
        VirtualsFile table = VirtualsFile.parse(server.get(), NAME);
        Optional<VirtualsFile.Entry> root = table.find("root");
        if (root.isEmpty()) {
            notes.add("mail to root goes to " + rootMail + " (a line added to the server's aliases table)");
            return new Result(table.with("root", List.of(rootMail)).text(), notes);
        }
        if (!root.get().targets().equals(List.of(rootMail))) {
            notes.add("kept the server's root: " + String.join(", ", root.get().targets()) + " (the spec says " + rootMail
                    + "; edit /etc/mail/aliases on the server to change it)");
        }
        return new Result(server.get(), notes);
    }
}
