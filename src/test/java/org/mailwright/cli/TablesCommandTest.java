package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The users, aliases and domains commands refuse bad input before connecting (exit 2, nothing sent). */
class TablesCommandTest {
    private final InputStream stdin = System.in;
    @TempDir
    Path dir;

    private final java.util.function.Function<String, String> environment = ServerOptions.environment;

    @org.junit.jupiter.api.BeforeEach
    void loginPassword() {
        // credentials are checked first; with them present the password on stdin is what gets refused
        ServerOptions.environment = java.util.Map.of(ServerOptions.PASSWORD_ENV, "Login-Pw-12345")::get;
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(stdin);
        ServerOptions.environment = environment;
    }

    private int run(StringWriter out, String... args) {
        CommandLine cl = new CommandLine(new MailwrightCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        return cl.execute(args);
    }

    private Path spec() throws Exception {
        Path spec = dir.resolve("server.yaml");
        Files.writeString(spec, ExportCommandTest.SPEC);
        return spec;
    }

    @Test
    void weakPasswordFromStdinIsBadInputAndNothingIsSent() throws Exception {
        System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        int exit = run(out, "users", "add", "new@example.com", "--password-stdin", "--server", spec().toString());
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).contains("too short").contains("Nothing was sent to the server.").doesNotContain("short\n");
    }

    @Test
    void passwordIsNeverAnArgument() throws Exception {
        StringWriter out = new StringWriter();
        int exit = run(out, "users", "add", "new@example.com", "Some-Password-1", "--server", spec().toString());
        assertThat(exit).isEqualTo(2);
    }

    @Test
    void missingSpecIsBadInput() {
        StringWriter out = new StringWriter();
        assertThat(run(out, "aliases", "list", "--server", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(out.toString()).contains("No spec file");
    }

    @Test
    void specPullNeedsASpecAndSendsNothingWithoutOne() {
        StringWriter out = new StringWriter();
        assertThat(run(out, "spec", "pull")).isEqualTo(2);
        assertThat(out.toString()).contains("--server SPEC");
        out = new StringWriter();
        assertThat(run(out, "spec", "pull", dir.resolve("nope.yaml").toString())).isEqualTo(2);
        assertThat(out.toString()).contains("No spec file", "Nothing was sent to the server.");
    }

    @Test
    void groupsListTheirCommands() {
        StringWriter out = new StringWriter();
        assertThat(run(out, "users")).isZero();
        assertThat(out.toString()).contains("list", "add", "remove", "passwd");
        out = new StringWriter();
        assertThat(run(out, "domains", "add", "--help")).isZero();
        assertThat(out.toString()).contains("--postmaster", "--dry-run", "--server");
    }
}
