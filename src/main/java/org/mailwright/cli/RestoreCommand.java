package org.mailwright.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.backup.RestoreRequest;
import org.mailwright.engine.backup.RestoreSteps;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Paths;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "restore", mixinStandardHelpOptions = true, description = {
        "Put a backup onto a fresh server: its mail, mailboxes with passwords, aliases and DKIM key.",
        "The spec's server: is the new server. It is set up as apply does, the mail comes back with its UIDs and flags,",
        "then everything is checked and the DNS records to change are listed.",
        "The password comes from the recovery sheet: --password-stdin, MAILWRIGHT_BACKUP_PASSWORD, or asked without echo.",
        "Exit status: 0 all OK, 1 a step or check failed (or refused), 2 bad input (nothing sent to the server)."})
final class RestoreCommand extends RunCommand {
    static final String PASSWORD_ENV = "MAILWRIGHT_BACKUP_PASSWORD";

    @Option(names = "--from", required = true, paramLabel = "DIR|URL",
            description = "The folder mailwright backup --to wrote, or the offsite repository (sftp:, s3:, rest:, b2: ...).")
    String from;

    @Option(names = "--offsite-env", paramLabel = "FILE", description = "KEY=VALUE lines: the credentials the offsite URL needs (S3, B2, REST).")
    Path offsiteEnv;

    @Option(names = "--snapshot", paramLabel = "ID", description = "A snapshot id (default: the latest).")
    String snapshot;

    @Option(names = "--merge", description = "Add the backup to a server that already has mail (nothing there is replaced).")
    boolean merge;

    @Option(names = "--password-stdin", description = "Read the backup password from one line of stdin.")
    boolean passwordStdin;

    private RestoreRequest request;

    @Override
    Runner.Mode mode() {
        return Runner.Mode.APPLY;
    }

    @Override
    String inputProblem(ServerSpec spec) {
        boolean url = ServerSpec.BackupSettings.isRepositoryUrl(from);
        Path dir = url ? null : Paths.expandHome(from);
        if (!url && (!Files.isRegularFile(dir.resolve("config")) || !Files.isDirectory(dir.resolve("keys")))) {
            return "--from " + dir + " is not a backup folder (no restic config and keys/ in it): give the folder mailwright backup --to wrote,"
                    + " or an offsite repository URL (sftp:user@host:/path, s3:https://..., rest:https://..., b2:bucket:path).";
        }
        java.util.Map<String, String> env = java.util.Map.of();
        if (offsiteEnv != null) {
            if (!url) {
                return "--offsite-env is for a --from URL (an offsite repository), not a folder.";
            }
            try {
                env = org.mailwright.engine.backup.OffsiteCredentials.parse(Files.readString(Paths.expandHome(offsiteEnv.toString())));
            } catch (IOException e) {
                return "--offsite-env: cannot read " + offsiteEnv + ": " + e.getMessage();
            } catch (IllegalArgumentException e) {
                return "--offsite-env " + offsiteEnv + ": " + e.getMessage() + ".";
            }
            env.values().forEach(Secrets::register);
        }
        if (snapshot != null && !snapshot.matches("[0-9a-f]{8,64}|latest")) {
            return "--snapshot '" + snapshot + "' is not a snapshot id (8 to 64 hex digits, as restic snapshots lists them).";
        }
        char[] password;
        try {
            password = readPassword();
        } catch (IOException e) {
            return "Cannot read the backup password: " + e.getMessage();
        }
        if (password == null || password.length == 0) {
            return "No backup password: give it on stdin with --password-stdin, in " + PASSWORD_ENV + ", or type it when asked.";
        }
        Secrets.register(password);
        request = new RestoreRequest(dir, url ? Optional.of(from) : Optional.empty(), Optional.ofNullable(snapshot).filter(s -> !s.equals("latest")),
                merge, password, env);
        return null;
    }

    private char[] readPassword() throws IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? null : (line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).strip().toCharArray();
        }
        String env = ServerOptions.environment.apply(PASSWORD_ENV);
        if (env != null && !env.isEmpty()) {
            return env.strip().toCharArray();
        }
        Console console = System.console();
        return console == null ? null : console.readPassword("Backup password (from the recovery sheet): ");
    }

    @Override
    RunReport execute(SshSession session, ServerSpec spec, RunListener listener, Cancellation cancel) {
        return session.restore(spec, request, listener, cancel);
    }

    @Override
    int after(PrintWriter out, PrintWriter err, SshSession session, ServerSpec spec, RunReport report, int exit) {
        request.wipe();
        boolean restored = report.outcomes().stream().anyMatch(o -> o.stepId().equals("restore-mail") && o.severity() != Severity.ERROR);
        if (!restored) {
            return exit;
        }
        List<Finding> dns = RestoreSteps.dnsToChange(report);
        if (dns.isEmpty()) {
            out.println("DNS to change: nothing, " + spec.hostname() + " already points at this server.");
        }
        dns.forEach(f -> out.println("DNS to change: " + f.check() + ": " + f.message() + (f.fix().isEmpty() ? "" : " -> " + f.fix())));
        out.println("The MX, SPF, DKIM and DMARC records stay as they are: the DKIM key came back with the mail.");
        return exit;
    }
}
