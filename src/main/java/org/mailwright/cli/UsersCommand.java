package org.mailwright.cli;

import java.io.PrintWriter;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.session.Mailboxes;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.engine.mailboxes.VacationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Mailboxes on a running server. */
@Command(name = "users", mixinStandardHelpOptions = true, description = "List, add and remove mailboxes, change a password or a quota, or set a vacation reply, on a running server.",
        subcommands = {UsersCommand.List.class, UsersCommand.Add.class, UsersCommand.Remove.class, UsersCommand.Passwd.class,
                UsersCommand.Quota.class, UsersCommand.VacationReply.class})
final class UsersCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every mailbox with the mail it holds, its quota and how full it is, its vacation reply and the aliases that "
                    + "deliver to it; then each domain's default quota.")
    static final class List extends TablesCommand {
        @Override
        int run(Mailboxes service, MailboxSnapshot snapshot, PrintWriter out) {
            var rows = snapshot.mailboxes();
            var vacations = service.vacations(snapshot);
            java.util.Map<String, String> vacation = new java.util.HashMap<>();
            rows.forEach(r -> vacation.put(r.address(), VacationStatus.summary(java.util.Optional.ofNullable(vacations.get(r.address())))));
            int w = Math.max(7, rows.stream().mapToInt(r -> r.address().length()).max().orElse(0));
            int v = Math.max(8, vacation.values().stream().mapToInt(String::length).max().orElse(0));
            String format = "%-" + w + "s  %10s  %8s  %5s  %-" + v + "s  %s%n";
            out.printf(format, "ADDRESS", "USED", "QUOTA", "FULL", "VACATION", "ALIASES");
            rows.forEach(r -> out.printf(format, r.address(), size(r.usedKib()), r.quota().map(Object::toString).orElse("-"),
                    r.percentUsed().map(p -> p + " %").orElse("-"), vacation.get(r.address()),
                    r.aliases().isEmpty() ? "-" : String.join(", ", r.aliases())));
            out.println(org.mailwright.model.Words.count(rows.size(), "mailbox", "mailboxes"));
            snapshot.quotas().defaults().forEach((d, q) -> out.println("default quota of new mailboxes of " + d + ": " + q));
            return MailwrightCommand.OK;
        }
    }

    @Command(name = "quota", mixinStandardHelpOptions = true,
            description = {"Set a mailbox's quota (its storage limit), or with @DOMAIN the default quota of that domain's new mailboxes.",
                    "SIZE is a whole number with a unit: 500M, 2G, 1T (K, M, G, T; 1G = 1024M), or none for no limit.",
                    "Mail already there stays; a mailbox over its limit takes no more mail until it is below it (senders are told "
                            + "to try again later, 452). At " + org.mailwright.model.QuotaSize.WARNING_PERCENT + " %% the person gets a warning mail."})
    static final class Quota extends TablesCommand.Change {
        @Parameters(index = "0", paramLabel = "ADDRESS|@DOMAIN")
        String address;

        @Parameters(index = "1", paramLabel = "SIZE")
        String size;

        java.util.Optional<org.mailwright.model.QuotaSize> quota;

        @Override
        String inputProblem() {
            String problem = address.startsWith("@") ? org.mailwright.model.DomainName.problem(address.substring(1))
                    .map(p -> "@DOMAIN: " + p + ".").orElse(null) : addressProblem("ADDRESS", address);
            if (problem != null) {
                return problem;
            }
            try {
                quota = org.mailwright.model.QuotaSize.parseOrNone("SIZE", size);
                return null;
            } catch (IllegalArgumentException e) {
                return e.getMessage() + ", or none.";
            }
        }

        @Override
        void stage(MailboxEdit edit) {
            if (address.startsWith("@")) {
                edit.setDomainQuota(address.substring(1), quota);
            } else {
                edit.setQuota(address, quota);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a mailbox; the password is hashed on this computer.")
    static final class Add extends TablesCommand.WithPassword {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @Option(names = "--quota", paramLabel = "SIZE",
                description = "Its storage limit, such as 500M or 2G, or none for no limit (default: its domain's default quota, else none).")
        String quotaText;

        /** Empty: the domain's default; of an empty: none (no limit). */
        java.util.Optional<java.util.Optional<org.mailwright.model.QuotaSize>> quota = java.util.Optional.empty();

        @Override
        String address() {
            return address;
        }

        @Override
        String inputProblem() {
            if (quotaText != null) {
                try {
                    quota = java.util.Optional.of(org.mailwright.model.QuotaSize.parseOrNone("--quota", quotaText));
                } catch (IllegalArgumentException e) {
                    return e.getMessage() + ", or none.";
                }
            }
            return super.inputProblem();
        }

        @Override
        void stage(MailboxEdit edit) {
            edit.addMailbox(address, password, quota.flatMap(q -> q));
            if (quota.isPresent() && quota.get().isEmpty()) {
                edit.setQuota(address, java.util.Optional.empty()); // none: not even the domain's default
            }
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

    @Command(name = "vacation", mixinStandardHelpOptions = true,
            description = {"Turn a mailbox's vacation reply on or off: a Sieve script Mailwright owns, run before the person's own "
                    + "filters (which stay as they are). Each sender gets at most one reply a day; mail from lists and robots none.",
                    "The script is compiled with sievec on the server before it is used."})
    static final class VacationReply extends TablesCommand {
        @Parameters(index = "0", paramLabel = "ADDRESS")
        String address;

        @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Switch onOff;

        static final class Switch {
            @Option(names = "--on", required = true, description = "Send the reply (needs --subject and --text).")
            boolean on;

            @Option(names = "--off", required = true, description = "Stop sending it.")
            boolean off;
        }

        @Option(names = "--subject", paramLabel = "TEXT", description = "The reply's subject (one line; non-ASCII is fine).")
        String subject;

        @Option(names = "--text", paramLabel = "TEXT", description = "The reply's text (non-ASCII is fine).")
        String text;

        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First day to reply (the server's date).")
        String from;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Last day to reply (included).")
        String until;

        /** Built by {@link #inputProblem} when --on. */
        org.mailwright.model.Vacation vacation;

        @Override
        String inputProblem() {
            String problem = addressProblem("ADDRESS", address);
            if (problem != null) {
                return problem;
            }
            if (onOff.off) {
                return subject != null || text != null || from != null || until != null
                        ? "--off takes no --subject, --text, --from or --until." : null;
            }
            try {
                var first = org.mailwright.model.Vacation.date("--from", from);
                var last = org.mailwright.model.Vacation.date("--until", until);
                var problems = new java.util.ArrayList<>(org.mailwright.model.Vacation.problems(subject, text, first, last));
                org.mailwright.model.Vacation.endedProblem(last, java.time.LocalDate.now()).ifPresent(problems::add);
                if (!problems.isEmpty()) {
                    return "Vacation reply: " + problems.stream().map(p -> "--" + p).collect(java.util.stream.Collectors.joining("; ")) + ".";
                }
                vacation = new org.mailwright.model.Vacation(subject, text, first, last);
                return null;
            } catch (IllegalArgumentException e) {
                return "Vacation reply: " + e.getMessage() + ".";
            }
        }

        @Override
        int run(Mailboxes service, MailboxSnapshot snapshot, PrintWriter out) {
            if (onOff.off) {
                service.vacationOff(snapshot, address, new org.mailwright.session.Cancellation());
                out.println("Vacation reply of " + address + " is off.");
            } else {
                service.vacationOn(snapshot, address, vacation, new org.mailwright.session.Cancellation());
                out.println("Vacation reply of " + address + " is on" + vacation.from().map(d -> " from " + d).orElse("")
                        + vacation.until().map(d -> " until " + d + " (included)").orElse("") + "; each sender gets it at most once a day.");
            }
            return MailwrightCommand.OK;
        }
    }
}
