package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.logging.Secrets;
import org.mailwright.remote.SshTestSupport;
import org.mailwright.remote.TestSshServer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The CLI against an in-process SSH server whose {@code sudo} misbehaves on purpose: it says the password it was given
 * back on stdout and stderr, along with a bcrypt hash, and fails every command. Whatever the path — a refused
 * password, a refused sudo password, a wrong key passphrase, a failing remote command, a mailbox password on stdin —
 * no secret may reach the console, the transcript file or any log event (at DEBUG, library loggers included).
 *
 * <p>Every test makes its own secrets: they are registered for the life of the JVM, so a shared one would be masked
 * here because an earlier test registered it, not because this path did.
 */
class SecretsNeverLeakTest {
    private static final String HASH = "$2b$12$" + "S3cr3tHashS3cr3tHashS3cr3tHashS3cr3tHashS3cr3tHash123";

    @TempDir
    Path dir;
    private TestSshServer server;
    private Path passwordFile;
    private Function<String, String> environment;
    private final InputStream stdin = System.in;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();

    private static String secret(String base) {
        return base + "-'\"$(id);`uname`-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @BeforeEach
    void captureEveryLogEvent() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Logger l : context.getLoggerList()) {
            levels.put(l, l.getLevel());
            if (l != root) {
                l.setLevel(null); // inherit DEBUG, also where LogConfig turns a library off
            }
        }
        root.setLevel(Level.DEBUG);
        // the stand-in server's own chatter is not Mailwright's output, and at DEBUG it is most of it
        context.getLogger("org.apache.sshd").setLevel(Level.INFO);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(root::detachAppender);
        logs.setContext(context);
        logs.start();
        root.addAppender(logs);
        environment = ServerOptions.environment;
    }

    @AfterEach
    void restore() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(logs);
        detached.forEach(root::addAppender);
        // loggers made during the test get back to inheriting, as they would have been
        for (Logger l : context.getLoggerList()) {
            if (l != root) {
                l.setLevel(levels.get(l));
            }
        }
        root.setLevel(levels.get(root));
        ServerOptions.environment = environment;
        System.setIn(stdin);
        if (server != null) {
            server.close();
        }
        SshTestSupport.assertNoConnectionThreadsLeft();
    }

    /** An admin (not root) whose sudo wants {@code sudoPassword}, says it back, and fails every real command. */
    private void startServer(String loginPassword, String sudoPassword, Path authorizedKeys) throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        passwordFile = Files.writeString(dir.resolve("sudo-password"), sudoPassword);
        Path hashFile = Files.writeString(dir.resolve("hash"), HASH);
        script(bin.resolve("id"), "#!/bin/sh\nif [ \"$1\" = -u ]; then echo 1000; else exec /usr/bin/id \"$@\"; fi\n");
        script(bin.resolve("sudo"), """
                #!/bin/sh
                nopass=0
                while [ $# -gt 0 ]; do
                  case "$1" in -k|-S) shift;; -n) nopass=1; shift;; -p) shift 2;; --) shift; break;; *) break;; esac
                done
                if [ $nopass = 1 ]; then echo 'sudo: a password is required' >&2; exit 1; fi
                IFS= read -r pw || exit 1
                if [ "$pw" != "$(cat '%s')" ]; then echo "Sorry, try again. You typed $pw" >&2; exit 1; fi
                if [ "$*" = true ]; then exit 0; fi
                echo "debug: logged in with $pw"
                echo "john@example.com:$(cat '%s')::::::"
                echo "E: could not do it; the password was $pw; the hash $(cat '%s')" >&2
                exit 100
                """.formatted(passwordFile, hashFile, hashFile));
        TestSshServer.Builder b = TestSshServer.builder().user("admin").password(loginPassword)
                .commandPrefix("PATH=" + bin + ":$PATH; export PATH; ");
        if (authorizedKeys != null) {
            b.authorizedKeys(authorizedKeys);
        }
        server = b.start();
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path spec(String identity) throws Exception {
        return Files.writeString(dir.resolve("server.yaml"), """
                server:   { host: 127.0.0.1, port: %d, user: admin%s }
                hostname: mail.example.com
                domains:  [example.com]
                users:    [ { address: john@example.com, password-hash: "%s" } ]
                tls:      { mode: self-signed }
                """.formatted(server.port(), identity == null ? "" : ", identity: " + identity, HASH));
    }

    private void environment(String password, String passphrase) {
        Map<String, String> env = new HashMap<>();
        env.put(ServerOptions.PASSWORD_ENV, password);
        env.put(ServerOptions.PASSPHRASE_ENV, passphrase);
        ServerOptions.environment = env::get;
    }

    private String[] runArgs(String command, Path spec, String... more) {
        List<String> args = new ArrayList<>(List.of(command, spec.toString(), "--accept-host-key", server.hostKeyFingerprint(),
                "--known-hosts", dir.resolve("known_hosts").toString(), "--transcript", transcript().toString(), "--verbose",
                "--no-internet-checks"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Path transcript() {
        return dir.resolve("transcript.log");
    }

    /** Runs the CLI as ./mailwright does, stdout and stderr captured together. */
    private Run cli(String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = MailwrightCommand.commandLine();
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        int exit = cl.execute(args);
        return new Run(exit, sw.toString());
    }

    private record Run(int exit, String output) {
    }

    /** Everything the person or a log file could see of this run. */
    private String everythingShown(Run run) throws Exception {
        StringBuilder all = new StringBuilder(run.output()).append('\n');
        if (Files.exists(transcript())) {
            all.append(Files.readString(transcript())).append('\n');
        }
        for (ILoggingEvent e : logEvents()) {
            if (e.getLoggerName().startsWith("org.apache.sshd")) {
                continue; // the stand-in server's side
            }
            all.append(e.getLoggerName()).append(": ").append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                all.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return all.toString();
    }

    /** ListAppender appends under its own lock, from sshj's threads too: copy under it. */
    private List<ILoggingEvent> logEvents() {
        synchronized (logs) {
            return new ArrayList<>(logs.list);
        }
    }

    private void assertNoneShown(Run run, String... secrets) throws Exception {
        String shown = everythingShown(run);
        for (String s : secrets) {
            assertThat(shown).as("what was shown").doesNotContain(s);
            // a secret cut in pieces (quoted for a shell, split around an escape) would still leak its ends
            assertThat(shown).doesNotContain(s.substring(0, s.indexOf('\'') + 1)).doesNotContain(s.substring(s.lastIndexOf('-') + 1));
        }
        assertThat(shown).doesNotContain(HASH).doesNotContain(HASH.substring(7, 40));
    }

    @Test
    void failingRemoteCommandsThatSayThePasswordBackAreMaskedEverywhere() throws Exception {
        String login = secret("Login");
        startServer(login, login, null);
        environment(login, null);
        Path spec = spec(null);
        for (String command : List.of("apply", "plan", "check")) {
            Files.deleteIfExists(transcript());
            synchronized (logs) {
                logs.list.clear();
            }
            Run run = cli(runArgs(command, spec));
            assertThat(run.exit()).as(run.output()).isEqualTo(MailwrightCommand.FAILED);
            // the server really did say the secret back, on the console (--verbose) and in the transcript
            assertThat(run.output()).as(run.output()).contains("debug: logged in with " + Secrets.REDACTED)
                    .contains("the password was " + Secrets.REDACTED + "; the hash " + Secrets.REDACTED)
                    .doesNotContain("already matches the spec");
            assertThat(Files.readString(transcript())).contains("logged in with " + Secrets.REDACTED);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(transcript()))).isEqualTo("rw-------");
            assertNoneShown(run, login);
        }
        assertThat(logEvents()).as("DEBUG logging was really on").isNotEmpty();
    }

    @Test
    void aRefusedPasswordIsNeverShown() throws Exception {
        String right = secret("Right");
        String wrong = secret("Wrong");
        startServer(right, right, null);
        environment(wrong, null);
        Run run = cli(runArgs("apply", spec(null)));
        assertThat(run.exit()).isEqualTo(MailwrightCommand.FAILED);
        assertThat(run.output()).contains("The server refused the password for admin@127.0.0.1:" + server.port());
        assertThat(server.passwordAttempts.get()).as("the password was really tried").isPositive();
        assertNoneShown(run, wrong, right);
    }

    @Test
    void aRefusedSudoPasswordIsNeverShownEvenWhenSudoSaysItBack() throws Exception {
        String passphrase = secret("Phrase");
        String sudoRight = secret("SudoRight");
        String sudoWrong = secret("SudoWrong");
        Path key = SshTestSupport.keygen(dir, "id_admin", "ed25519", null, passphrase);
        Path authorized = Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")), StandardOpenOption.CREATE);
        startServer(secret("Unused"), sudoRight, authorized);
        environment(sudoWrong, passphrase);
        Run run = cli(runArgs("apply", spec(key.toString())));
        assertThat(run.exit()).as(run.output()).isEqualTo(MailwrightCommand.FAILED);
        assertThat(run.output()).contains("sudo refused admin on 127.0.0.1").contains("You typed " + Secrets.REDACTED);
        assertNoneShown(run, passphrase, sudoWrong, sudoRight);
    }

    @Test
    void aWrongKeyPassphraseIsNeverShown() throws Exception {
        String passphrase = secret("Phrase");
        String wrong = secret("WrongPhrase");
        Path key = SshTestSupport.keygen(dir, "id_admin", "ed25519", null, passphrase);
        Path authorized = Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")), StandardOpenOption.CREATE);
        startServer(secret("Unused"), secret("Sudo"), authorized);
        environment(null, wrong);
        Run run = cli(runArgs("plan", spec(key.toString())));
        assertThat(run.exit()).as(run.output()).isEqualTo(MailwrightCommand.FAILED);
        assertThat(run.output()).contains("The passphrase for the key file " + key + " is wrong");
        assertNoneShown(run, wrong, passphrase);
    }

    @CommandLine.Command(name = "boom")
    static final class Boom implements Runnable {
        static volatile String secret;

        @Override
        public void run() {
            throw new IllegalStateException("bug while holding " + secret, new RuntimeException("cause: " + secret));
        }
    }

    @Test
    void anUnexpectedExceptionIsPrintedWithItsTraceButMasked() {
        String secret = secret("InTrace");
        Secrets.register(secret);
        Boom.secret = secret;
        StringWriter sw = new StringWriter();
        CommandLine cl = MailwrightCommand.commandLine().addSubcommand(new Boom());
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        assertThat(cl.execute("boom")).isEqualTo(MailwrightCommand.FAILED);
        assertThat(sw.toString()).contains("Mailwright failed unexpectedly").contains("bug while holding " + Secrets.REDACTED)
                .contains("Caused by: java.lang.RuntimeException: cause: " + Secrets.REDACTED).contains("at org.mailwright.cli.SecretsNeverLeakTest$Boom.run")
                .doesNotContain(secret);
    }

    @Test
    void aMailboxPasswordOnStdinIsNeverShown() throws Exception {
        String login = secret("Login");
        String mailbox = secret("Mailbox");
        startServer(login, login, null);
        environment(login, null);
        System.setIn(new ByteArrayInputStream((mailbox + "\n").getBytes(StandardCharsets.UTF_8)));
        Run run = cli("users", "passwd", "john@example.com", "--password-stdin", "--server", spec(null).toString(),
                "--accept-host-key", server.hostKeyFingerprint(), "--known-hosts", dir.resolve("known_hosts").toString(),
                "--transcript", transcript().toString());
        assertThat(run.exit()).as(run.output()).isEqualTo(MailwrightCommand.FAILED);
        assertThat(run.output()).contains(Secrets.REDACTED);
        assertNoneShown(run, login, mailbox);
    }

    /**
     * The relay password (issue 18) on its way from relay.password-file to /etc/mail/secrets: an apply against a stand-in
     * server, then a plan whose password file holds a second line (refused) — neither the plans, the step findings, the
     * transcript nor any log event at DEBUG shows it, while the file written to the server holds it.
     */
    @Test
    void theRelayPasswordIsNeverShownInPlansTranscriptsOrLogs() throws Exception {
        String password = secret("relay");
        Path file = Files.writeString(dir.resolve("relay-password"), password + "\n");
        org.mailwright.model.ServerSpec spec = org.mailwright.spec.SpecReader.read("""
                server: { host: 203.0.113.7 }
                hostname: mail.example.com
                domains: [example.com]
                users: [ { address: john@example.com, password-hash: "%s" } ]
                tls: { mode: self-signed }
                relay: { host: smtp.relay.example.net, port: 465, user: ops@example.com, password-file: %s }
                """.formatted(HASH, file));
        org.mailwright.remote.FakeRemoteHost host = new org.mailwright.remote.FakeRemoteHost();
        host.on("echo '@@mailwright:os'", 0, org.mailwright.engine.steps.StepPlansTest.BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        host.on("smtpd -n", 0, "configuration OK");
        host.on("systemctl", 0, "");
        host.on(org.mailwright.engine.steps.OpenSmtpd.SCHEDULE_QUEUE, 0, "");
        // the OpenSMTPD step's systemd drop-in (smtpd starts after network-online.target) goes in its own directory
        host.on("install -d -m 0755 /etc/systemd/system/opensmtpd.service.d", 0, "");
        StringBuilder shown = new StringBuilder();
        org.mailwright.engine.RunListener listener = new org.mailwright.engine.RunListener() {
            @Override
            public void planned(org.mailwright.engine.Step step, org.mailwright.engine.Plan plan) {
                shown.append(plan.render()).append(plan.notes()).append('\n');
            }

            @Override
            public void stepFinished(org.mailwright.engine.Step step, org.mailwright.engine.StepOutcome outcome) {
                shown.append(outcome.findings()).append('\n');
            }
        };
        List<org.mailwright.engine.Step> steps = List.of(new org.mailwright.engine.steps.Preflight(),
                new org.mailwright.engine.steps.RelayPassword(spec), new org.mailwright.engine.steps.OpenSmtpd(spec));
        new org.mailwright.engine.Runner(steps).run(org.mailwright.engine.Runner.Mode.APPLY,
                new org.mailwright.engine.StepContext(host, new org.mailwright.remote.Cancel(), new org.mailwright.engine.Facts(), listener), listener);
        assertThat(host.content("/etc/mail/secrets")).get().asString().contains("relay ops@example.com:" + password + "\n");
        assertThat(shown.toString()).contains("/etc/mail/secrets (0640 root:opensmtpd)");

        // a password file with a second line is refused, and the refusal does not quote it
        Files.writeString(file, password + "\nsecond line\n");
        org.mailwright.remote.FakeRemoteHost other = new org.mailwright.remote.FakeRemoteHost();
        other.on("echo '@@mailwright:os'", 0, org.mailwright.engine.steps.StepPlansTest.BOOKWORM_PROBE);
        org.mailwright.engine.RunReport refused = new org.mailwright.engine.Runner(steps).run(org.mailwright.engine.Runner.Mode.PLAN,
                new org.mailwright.engine.StepContext(other, new org.mailwright.remote.Cancel(), new org.mailwright.engine.Facts(), listener), listener);
        assertThat(refused.findings()).anySatisfy(f -> assertThat(f.message()).contains("more than one line"));

        String all = shown + "\n" + refused.findings() + "\n" + host.transcript().render() + "\n" + other.transcript().render() + "\n"
                + logEvents().stream().map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).reduce("", String::concat);
        assertThat(all).doesNotContain(password).doesNotContain(password.substring(password.lastIndexOf('-') + 1));
    }
}
