package org.mailwright.cli;

import java.io.PrintWriter;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.session.Mailboxes;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Mailboxes on a running server. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "List, add and remove mailboxes, or change a password, on a running server.",
        subcommands = {UsersCommand.List.class, UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.Passwd.class})
final class UsersCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every mailbox with its maildir size and the aliases that deliver to it.")
    static final class List extends TablesCommand {
        @Override
        int run(Mailboxes service, MailboxSnapshot snapshot, PrintWriter out) {
            var rows = snapshot.mailboxes();
            int w = Math.max(7, rows.stream().mapToInt(r -> r.address().length()).max().orElse(0));
            out.printf("%-" + w + "s  %10s  %s%n", "ADDRESS", "MAILDIR", "ALIASES");
            rows.forEach(r -> out.printf("%-" + w + "s  %10s  %s%n", r.address(), size(r.maildirKb()),
                    r.aliases().isEmpty() ? "-" : String.join(", ", r.aliases())));
            out.println(rows.size() + (rows.size() == 1 ? " mailbox" : " mailboxes"));
            return MailwrightCommand.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a mailbox; the password is hashed on this computer.")
    static final class Add extends TablesCommand.WithPassword {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Override
        String address() {
            return address;
        }

        @Override
        void stage(MailboxEdit edit) {
            edit.addMailbox(address, password);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a mailbox. Its maildir is moved to /var/vmail/.removed/ADDRESS-TIME unless --delete-mail.")
    static final class Remove extends TablesCommand.Change {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Option(names = "--delete-mail", description = "Delete the mailbox's mail instead of moving it aside.")
        boolean deleteMail;

        @Override
        String inputProblem() {
            return addressProblem("ADDRESS", address);
        }

        @Override
        void stage(MailboxEdit edit) {
            edit.removeMailbox(address, deleteMail);
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a new password for a mailbox.")
    static final class Passwd extends TablesCommand.WithPassword {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Override
        String address() {
            return address;
        }

        @Override
        void stage(MailboxEdit edit) {
            edit.resetPassword(address, password);
        }
    }
}
