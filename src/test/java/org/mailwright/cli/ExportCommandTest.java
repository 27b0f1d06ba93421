package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {
    static final String HASH = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";
    static final String SPEC = """
            server:   { host: 203.0.113.7 }
            hostname: mail.example.com
            domains:  [example.com, example.org]
            users:
              - { address: john@example.com, password-hash: "%s" }
              - { address: jane@example.org, password-hash: "%s" }
            tls:      { mode: self-signed }
            """.formatted(HASH, HASH);

    @TempDir
    Path tmp;
    Path spec;
    Path out;
    final StringWriter stdout = new StringWriter();
    final StringWriter stderr = new StringWriter();

    @BeforeEach
    void writeSpec() throws IOException {
        spec = Files.writeString(tmp.resolve("mail.yaml"), SPEC);
        out = tmp.resolve("settings");
    }

    /** Through the root command, as ./mailwright runs it. */
    private int run(String... args) {
        CommandLine cl = new CommandLine(new MailwrightCommand());
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        return cl.execute(args);
    }

    /** The export command alone, with {@code stdin} as its standard input. */
    private int runWithStdin(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        CommandLine cl = new CommandLine(new ExportCommand(in));
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        return cl.execute(args);
    }

    @Test
    void exportWithOutWritesEveryFile() {
        int code = run("export", spec.toString(), "--out", out.toString());
        assertThat(code).as(stderr.toString()).isEqualTo(MailwrightCommand.OK);
        assertThat(out.resolve("john@example.com/settings.txt")).isRegularFile();
        assertThat(out.resolve("john@example.com/settings.html")).isRegularFile();
        assertThat(out.resolve("john@example.com/john@example.com.mobileconfig")).isRegularFile();
        assertThat(out.resolve("john@example.com/autodiscover.xml")).isRegularFile();
        assertThat(out.resolve("jane@example.org/settings.txt")).isRegularFile();
        assertThat(out.resolve("example.com/autoconfig/config-v1.1.xml")).isRegularFile();
        assertThat(out.resolve("example.org/autoconfig/config-v1.1.xml")).isRegularFile();
        assertThat(stdout.toString()).contains("Wrote 12 files").contains("example.org/autoconfig/config-v1.1.xml");
    }

    @Test
    void badSpecExitsWithBadInputAndListsTheProblems() throws IOException {
        Files.writeString(spec, SPEC.replace("hostname: mail.example.com", "hostname: mail_example").replace("jane@example.org", "jane@"));
        int code = run("export", spec.toString(), "--out", out.toString());
        assertThat(code).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(stderr.toString()).contains("hostname").contains("users[1].address");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingSpecFileIsBadInput() {
        assertThat(run("export", tmp.resolve("nope.yaml").toString())).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(stderr.toString()).contains("No spec file");
    }

    @Test
    void withoutOutPrintsTheTextSettings() {
        assertThat(run("export", spec.toString())).isEqualTo(MailwrightCommand.OK);
        assertThat(stdout.toString()).contains("Mail settings for john@example.com").contains("Mail settings for jane@example.org")
                .containsPattern("Port: +993").containsPattern("Port: +587").containsPattern("Security: +STARTTLS");
        assertThat(out).doesNotExist();
    }

    @Test
    void printsOneMailboxsAppleProfile() {
        assertThat(run("export", spec.toString(), "--user", "jane@example.org", "--format", "apple")).isEqualTo(MailwrightCommand.OK);
        assertThat(stdout.toString()).startsWith("<?xml").contains("-//Apple//DTD PLIST 1.0//EN").contains("<string>jane@example.org</string>")
                .doesNotContain("john@example.com");
    }

    @Test
    void unknownMailboxIsBadInput() {
        assertThat(run("export", spec.toString(), "--user", "nobody@example.com")).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(stderr.toString()).contains("nobody@example.com");
    }

    @Test
    void unknownFormatIsBadInput() {
        assertThat(run("export", spec.toString(), "--format", "pdf")).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(stderr.toString()).contains("pdf").contains("thunderbird");
    }

    @Test
    void includePasswordTakesItFromStdinIntoTheProfileOnly() throws IOException {
        spec = Files.writeString(spec, SPEC.replaceFirst(java.util.regex.Pattern.quote(HASH),
                java.util.regex.Matcher.quoteReplacement(org.mailwright.accounts.PasswordHasher.hash("pw from stdin"))));
        int code = runWithStdin("pw from stdin\n", spec.toString(), "--out", out.toString(), "--user", "john@example.com", "--include-password");
        assertThat(code).as(stderr.toString()).isEqualTo(MailwrightCommand.OK);
        Path profile = out.resolve("john@example.com/john@example.com.mobileconfig");
        assertThat(Files.readString(profile)).contains("<key>IncomingPassword</key>").contains("<string>pw from stdin</string>");
        assertThat(Files.readString(out.resolve("john@example.com/settings.txt"))).doesNotContain("pw from stdin");
        assertThat(stdout.toString()).doesNotContain("pw from stdin");
    }

    @Test
    void includePasswordRefusesAPasswordThatIsNotTheSpecs() throws IOException {
        spec = Files.writeString(spec, SPEC.replaceFirst(java.util.regex.Pattern.quote(HASH),
                java.util.regex.Matcher.quoteReplacement(org.mailwright.accounts.PasswordHasher.hash("the-right-one"))));
        int code = runWithStdin("a-wrong-one-9\n", spec.toString(), "--out", out.toString(), "--user", "john@example.com", "--include-password");
        assertThat(code).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(stderr.toString()).contains("That is not the password of john@example.com in the spec", "spec pull")
                .doesNotContain("a-wrong-one-9");
        assertThat(out).doesNotExist();
    }

    @Test
    void includePasswordNeedsOneMailbox() {
        int code = runWithStdin("pw\n", spec.toString(), "--out", out.toString(), "--include-password");
        assertThat(code).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(stderr.toString()).contains("--user");
        assertThat(out).doesNotExist();
    }

    @Test
    void includePasswordWithEmptyStdinIsBadInput() {
        int code = runWithStdin("", spec.toString(), "--out", out.toString(), "--user", "john@example.com", "--include-password");
        assertThat(code).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(out).doesNotExist();
    }
}
