package org.mailwright.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import org.mailwright.accounts.MailTables;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.session.Mailboxes;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Aliases and forwarders on a running server. */
@Command(name = "aliases", mixinStandardHelpOptions = true, description = "List, add, change and remove aliases and forwarders on a running server.",
        subcommands = {AliasesCommand.List.class, AliasesCommand.Add.class, AliasesCommand.Remove.class})
final class AliasesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every alias with its targets; targets outside the server's domains are forwarded.")
    static final class List extends TablesCommand {
        @Override
        int run(Mailboxes service, MailboxSnapshot snapshot, PrintWriter out) {
            MailTables t = snapshot.tables();
            var aliases = t.aliases();
            int w = Math.max(7, aliases.stream().mapToInt(a -> a.address().length()).max().orElse(0));
            out.printf("%-" + w + "s  %s%n", "ADDRESS", "TARGETS");
            aliases.forEach(a -> out.printf("%-" + w + "s  %s%n", a.address(), String.join(", ",
                    a.targets().stream().map(x -> t.isForwarder(x) ? x + " (forwarded)" : x).toList())));
            out.println(aliases.size() + (aliases.size() == 1 ? " alias" : " aliases"));
            return MailwrightCommand.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            header = "Add an alias or forwarder, or replace the targets of an existing one.",
            description = {"Example: aliases add info@example.com john@example.com,jane@gmail.com",
                    "A catch-all takes the mail of every other address of a served domain (it draws spam): aliases add @example.com john@example.com"})
    static final class Add extends TablesCommand.Change {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Parameters(index = "1", paramLabel = "TARGET[,TARGET...]")
        String targets;

        @Override
        String inputProblem() {
            String problem = aliasKeyProblem("ADDRESS", address);
            if (problem == null && targetList().isEmpty()) {
                problem = "TARGET: is empty: give at least one address.";
            }
            for (String t : targetList()) {
                problem = problem != null ? problem : addressProblem("TARGET", t);
            }
            return problem;
        }

        private java.util.List<String> targetList() {
            return Arrays.stream(targets.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        void stage(MailboxEdit edit) {
            edit.putAlias(address, targetList());
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an alias or forwarder.")
    static final class Remove extends TablesCommand.Change {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Override
        String inputProblem() {
            return aliasKeyProblem("ADDRESS", address);
        }

        @Override
        void stage(MailboxEdit edit) {
            edit.removeAlias(address);
        }
    }
}
