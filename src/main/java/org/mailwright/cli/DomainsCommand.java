package org.mailwright.cli;

import org.mailwright.accounts.MailTablesException;
import org.mailwright.engine.mailboxes.MailboxEdit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Domains on a running server. */
@Command(name = "domains", mixinStandardHelpOptions = true, description = "Add a domain to a running server.",
        subcommands = {DomainsCommand.Add.class})
final class DomainsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            header = "Receive mail for another domain, with its required aliases and its own DKIM key.", description = {
        "Receive mail for another domain: its required aliases (abuse, noc, security, postmaster, hostmaster) deliver to",
        "--postmaster (default: the server's first mailbox), and mail from it is DKIM-signed with its own new key."})
    static final class Add extends TablesCommand.Change {
        @Parameters(index = "0", paramLabel = "DOMAIN")
        String domain;

        @Option(names = "--postmaster", paramLabel = "MAILBOX", description = "The mailbox the domain's required aliases deliver to.")
        String postmaster;

        @Override
        String inputProblem() {
            var problem = org.mailwright.model.DomainName.problem(domain).map(p -> "DOMAIN: " + p + ".");
            if (problem.isPresent()) {
                return problem.get();
            }
            return postmaster == null ? null : addressProblem("--postmaster", postmaster);
        }

        @Override
        void stage(MailboxEdit edit) {
            String to = postmaster;
            if (to == null) {
                var boxes = edit.tables().mailboxes();
                if (boxes.isEmpty()) {
                    throw new MailTablesException("The server has no mailbox for the required aliases of " + domain + ": add one first");
                }
                to = boxes.get(0).address();
            }
            edit.addDomain(domain, to);
        }
    }
}
