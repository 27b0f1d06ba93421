package org.mailwright.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.mailwright.accounts.AccountMerge;
import org.mailwright.session.Mailboxes;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecProblem;
import org.mailwright.model.SpecValidator;
import org.mailwright.spec.SpecEditor;
import org.mailwright.spec.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The spec file itself: bring it up to date with the server. */
@Command(name = "spec", mixinStandardHelpOptions = true, description = "Bring a spec file up to date with its server.",
        subcommands = {SpecCommand.Pull.class})
final class SpecCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            header = "Write the server's domains, mailboxes, aliases and quotas into the spec, keeping its comments.", description = {
        "Write the server's domains, mailboxes (with their password hashes and quotas), aliases and domain default quotas",
        "into SPEC, keeping its comments, key order and list styles, so the spec says what the server has (before a backup",
        "or a move to a new server). Only domains, users, aliases and quotas change; the previous file is kept beside it",
        "as SPEC.mailwright-YYYYMMDD-HHMMSS."})
    static final class Pull extends TablesCommand {
        @Parameters(index = "0", paramLabel = "SPEC", arity = "0..1", description = "The spec file to update (or --server SPEC).")
        Path spec;

        @Option(names = "--dry-run", description = "Only say what would change in the file.")
        boolean dryRun;

        @Override
        Path specPath() {
            return spec != null ? spec : specFile;
        }

        @Override
        int run(Mailboxes mailboxes, MailboxSnapshot snapshot, PrintWriter out) throws IOException {
            Path file = specPath();
            String text = Files.readString(file);
            List<String> order = SpecReader.read(text).users().stream().map(ServerSpec.MailUser::address).toList();
            AccountMerge.SpecAccounts server = AccountMerge.pull(snapshot.tables(), order);
            SpecEditor.Result pulled = SpecEditor.write(text, new SpecEditor.Accounts(server.domains(), server.users(), server.aliases(),
                    server.quotas(), snapshot.quotas().defaults()));
            if (pulled.changes().isEmpty()) {
                out.println(file + " already lists the server's domains, mailboxes, aliases and quotas.");
                return MailwrightCommand.OK;
            }
            pulled.changes().forEach(c -> out.println("  " + c));
            if (dryRun) {
                out.println("Dry run: " + file + " was not changed.");
                return MailwrightCommand.OK;
            }
            Path backup = write(file, pulled.text());
            out.println("Wrote " + file + " (" + pulled.changes().size() + (pulled.changes().size() == 1 ? " change" : " changes")
                    + "); the previous version is kept as " + backup + ".");
            List<SpecProblem> problems = SpecValidator.validate(SpecReader.read(pulled.text()));
            if (!problems.isEmpty()) {
                cmd.commandLine().getErr().println("The server has accounts a spec may not list, so apply will refuse this spec until they are fixed:");
                problems.forEach(p -> cmd.commandLine().getErr().println("  " + p));
                return MailwrightCommand.FAILED;
            }
            return MailwrightCommand.OK;
        }

        /** Keeps the old file as a dated copy with its permissions (it holds hashes), then replaces it atomically. */
        private static Path write(Path file, String text) throws IOException {
            Path abs = file.toAbsolutePath();
            Path backup = abs.resolveSibling(abs.getFileName() + ".mailwright-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.copy(abs, backup, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text);
                PosixFileAttributeView view = Files.getFileAttributeView(abs, PosixFileAttributeView.class);
                if (view != null) {
                    Files.setPosixFilePermissions(tmp, view.readAttributes().permissions());
                }
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return backup;
        }
    }
}
