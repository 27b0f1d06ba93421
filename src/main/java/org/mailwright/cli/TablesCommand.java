package org.mailwright.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.mailwright.accounts.MailTablesException;
import org.mailwright.accounts.TableParseException;
import org.mailwright.engine.StepFailedException;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.engine.mailboxes.StaleDataException;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec;
import org.mailwright.logging.Secrets;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Mailboxes;
import org.mailwright.session.SessionException;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The users, aliases and domains commands: connect as the spec says, read the mail tables, and either list them or
 * stage one change, print its diff and apply it. Exit status as apply: 0 done, 1 failed on the server, 2 bad input.
 */
abstract class TablesCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Option(names = "--server", paramLabel = "SPEC", description = "The server spec (YAML) with the connection settings.")
    Path specFile;

    /** The spec file this command was given; a command that takes it as a parameter returns that. */
    Path specPath() {
        return specFile;
    }

    @Mixin
    ServerOptions server = new ServerOptions();

    @Option(names = "--transcript", paramLabel = "FILE", description = "Save every command, upload and backup (secrets redacted).")
    Path transcriptFile;

    /** Works with the server; returns the exit status. */
    abstract int run(Mailboxes service, MailboxSnapshot snapshot, PrintWriter out) throws IOException;

    /** Checks the input before connecting; a problem is returned as a sentence (exit 2, nothing sent). */
    String inputProblem() {
        return null;
    }

    /** The syntax of an address argument, checked here so a typo is not found only after logging in. */
    static String addressProblem(String what, String address) {
        return EmailAddress.problem(address).map(p -> what + ": " + p + ".").orElse(null);
    }

    /** As {@link #addressProblem}, for an alias's own address, which may also be a catch-all ({@code @example.com}). */
    static String aliasKeyProblem(String what, String key) {
        return EmailAddress.isCatchAll(key) ? EmailAddress.aliasKeyProblem(key).map(p -> what + ": " + p + ".").orElse(null)
                : addressProblem(what, key);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        if (specPath() == null) {
            err.println("Give the server spec with --server SPEC.");
            return MailwrightCommand.BAD_INPUT;
        }
        Optional<ServerSpec> read = SpecFiles.read(specPath(), err);
        if (read.isEmpty()) {
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        ServerSpec spec = read.get();
        String problem = server.loginProblem(spec);
        try {
            if (problem == null) {
                problem = inputProblem();
            }
        } catch (MailTablesException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            err.println(problem);
            err.println("Nothing was sent to the server.");
            return MailwrightCommand.BAD_INPUT;
        }
        SshSession session = new SshSession(server.sessionOptions());
        try {
            server.open(session, spec);
            Mailboxes service = session.mailboxes(spec.dkim());
            MailboxSnapshot snapshot;
            try {
                snapshot = service.read();
            } catch (TableParseException e) {
                err.println("The mail tables on the server have lines Mailwright cannot read safely:");
                e.problems().forEach(p -> err.println("  " + p));
                err.println("Fix them on the server first; nothing was written.");
                return MailwrightCommand.FAILED;
            }
            return run(service, snapshot, out);
        } catch (MailTablesException e) {
            err.println(e.getMessage());
            err.println("Nothing was written.");
            return MailwrightCommand.BAD_INPUT;
        } catch (StaleDataException | StepFailedException | SessionException e) {
            err.println(e.getMessage());
            return MailwrightCommand.FAILED;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return MailwrightCommand.BAD_INPUT;
        } finally {
            out.flush();
            session.close();
            if (transcriptFile != null) {
                session.saveTranscript(transcriptFile);
            }
        }
    }

    /** A command that stages one change, prints its diff and applies it (or only prints it with --dry-run). */
    abstract static class Change extends TablesCommand {
        @Option(names = "--dry-run", description = "Only show what would change.")
        boolean dryRun;

        abstract void stage(MailboxEdit edit) throws IOException;

        @Override
        final int run(Mailboxes service, MailboxSnapshot snapshot, PrintWriter out) throws IOException {
            MailboxEdit edit = service.edit(snapshot);
            stage(edit);
            if (edit.isEmpty()) {
                out.println("Nothing to change.");
                return MailwrightCommand.OK;
            }
            out.print(edit.diff());
            edit.warnings().forEach(w -> out.println("note: " + w));
            if (dryRun) {
                out.println("Dry run: nothing was changed.");
                return MailwrightCommand.OK;
            }
            service.apply(edit, new Cancellation());
            out.println("Applied; OpenSMTPD reloaded the changed tables (no restart).");
            return MailwrightCommand.OK;
        }
    }

    /** A password from one line of stdin (--password-stdin) or, on a terminal, typed twice without echo. Never argv. */
    abstract static class WithPassword extends Change {
        @Option(names = "--password-stdin", description = "Read the mailbox password from one line of stdin.")
        boolean passwordStdin;

        /** Read before connecting, so a missing or weak password is bad input and nothing is sent. */
        String password;

        /** The address the password is for. */
        abstract String address();

        @Override
        String inputProblem() {
            String address = addressProblem("ADDRESS", address());
            if (address != null) {
                return address;
            }
            try {
                password = readPassword();
            } catch (IOException e) {
                return "Cannot read the password: " + e.getMessage();
            }
            if (password == null) {
                return passwordStdin ? "No password on stdin." : "Give the password on stdin with --password-stdin (no terminal to ask on).";
            }
            Secrets.register(password);
            return org.mailwright.model.PasswordPolicy.problem(password).map(p -> "Not changed: " + p + ".").orElse(null);
        }

        private String readPassword() throws IOException {
            Console console = System.console();
            if (!passwordStdin && console != null) {
                char[] first = console.readPassword("New password: ");
                char[] second = console.readPassword("Again: ");
                if (first == null || second == null) {
                    return null;
                }
                try {
                    if (!Arrays.equals(first, second)) {
                        throw new MailTablesException("The two passwords differ.");
                    }
                    return new String(first);
                } finally {
                    Arrays.fill(first, '\0');
                    Arrays.fill(second, '\0');
                }
            }
            if (!passwordStdin) {
                return null;
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }

    static String size(java.util.Optional<Long> kb) {
        if (kb.isEmpty()) {
            return "-";
        }
        return org.mailwright.model.Words.bytes(kb.get() * 1024);
    }
}
