package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mailwright upgrade}: its own input is checked before anything is sent, and its help says what it does. */
class UpgradeCommandTest {
    @TempDir
    Path dir;
    private Function<String, String> environment;

    @BeforeEach
    void password() {
        environment = ServerOptions.environment;
        ServerOptions.environment = name -> name.equals("MAILWRIGHT_SSH_PASSWORD") ? "not-used-here" : null;
    }

    @AfterEach
    void restore() {
        ServerOptions.environment = environment;
    }

    private int run(StringWriter sw, String... args) {
        CommandLine cl = MailwrightCommand.commandLine();
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        return cl.execute(args);
    }

    @Test
    void aFileGivenAsTheBackupFolderIsRefusedBeforeConnecting() throws Exception {
        Path spec = dir.resolve("server.yaml");
        Files.writeString(spec, """
                server: { host: 127.0.0.1, port: 1 }
                hostname: mail.example.com
                domains: [example.com]
                users: [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
                tls: { mode: self-signed }
                """);
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        StringWriter out = new StringWriter();

        int exit = run(out, "upgrade", spec.toString(), "--to", file.toString(), "--known-hosts", dir.resolve("kh").toString());

        assertThat(exit).as(out.toString()).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(out.toString()).contains("--to " + file + " is a file").contains("Nothing was sent to the server.");
    }

    @Test
    void theHelpSaysWhatItDoesInOrderAndHowToGoOnAfterAStop() {
        StringWriter out = new StringWriter();

        assertThat(run(out, "upgrade", "--help")).isZero();
        assertThat(out.toString()).contains("Upgrade the mail server from Debian 12 to Debian 13 in place")
                .contains("Run it again: it goes on where it stopped").contains("--to=DIR");
    }
}
