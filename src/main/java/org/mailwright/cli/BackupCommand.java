package org.mailwright.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.export.RecoverySheet;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Paths;
import org.mailwright.session.PrivateFiles;
import org.mailwright.session.SessionException;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "backup", mixinStandardHelpOptions = true, description = {
        "Make sure the server backs itself up (restic, daily), make a snapshot now, and copy the backups to this computer.",
        "The repository is on the server in /var/backups/mailwright; --to DIR copies its new files here (incremental).",
        "Exit status: 0 all OK, 1 a step or check failed, 2 bad input (nothing sent to the server)."})
final class BackupCommand extends RunCommand {

    @Option(names = "--to", paramLabel = "DIR", description = "Copy the repository's new files to this folder on this computer.")
    Path to;

    @Option(names = "--init", description = "Also write the recovery sheet (the backups' password, where they are, the spec).")
    boolean init;

    @Option(names = "--sheet", paramLabel = "FILE", description = "Where --init writes the recovery sheet (default: mailwright-recovery-HOSTNAME.html here).")
    Path sheet;

    @Option(names = "--no-snapshot", description = "Set up and copy only; make no snapshot now.")
    boolean noSnapshot;

    @Option(names = "--offsite-env-stdin", description = "Read KEY=VALUE lines from stdin: the credentials of backup.offsite (S3, B2, REST).")
    boolean offsiteEnvStdin;

    private java.util.Map<String, String> offsiteEnv = java.util.Map.of();

    @Override
    Runner.Mode mode() {
        return Runner.Mode.APPLY;
    }

    @Override
    String inputProblem(ServerSpec spec) {
        Path dir;
        try {
            dir = folderOption("--to", to);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (sheet != null && !init) {
            return "--sheet names where --init writes the recovery sheet: add --init.";
        }
        to = dir;
        if (offsiteEnvStdin) {
            if (spec.backup().offsite().isEmpty()) {
                return "--offsite-env-stdin: the spec has no backup.offsite to use these credentials for.";
            }
            try {
                String text = new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                offsiteEnv = org.mailwright.engine.backup.OffsiteCredentials.parse(text);
                offsiteEnv.values().forEach(org.mailwright.logging.Secrets::register);
            } catch (IOException e) {
                return "--offsite-env-stdin: cannot read stdin: " + e.getMessage();
            } catch (IllegalArgumentException e) {
                return "--offsite-env-stdin: " + e.getMessage() + ".";
            }
        }
        return null;
    }

    @Override
    RunReport execute(SshSession session, ServerSpec spec, RunListener listener, Cancellation cancel) {
        return session.backup(spec, !noSnapshot, Optional.ofNullable(to), offsiteEnv, listener, cancel);
    }

    @Override
    int after(PrintWriter out, PrintWriter err, SshSession session, ServerSpec spec, RunReport report, int exit) {
        if (!init) {
            return exit;
        }
        try {
            RecoverySheet s = session.recoverySheet(spec, to == null ? List.of() : List.of(to));
            Path file = sheet != null ? Paths.expandHome(sheet.toString()) : Path.of(s.defaultFileName());
            PrivateFiles.write(file, s.html());
            out.println("Recovery sheet written to " + file.toAbsolutePath() + " (readable by you only).");
            out.println("Print it or keep it offline, away from the server: without its password nobody can read the backups.");
            return exit;
        } catch (SessionException e) {
            err.println("No recovery sheet: " + e.getMessage());
            return MailwrightCommand.FAILED;
        } catch (IOException e) {
            err.println("Could not write the recovery sheet: " + e.getMessage());
            return MailwrightCommand.FAILED;
        }
    }
}
