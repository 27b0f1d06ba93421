package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.cli.MailwrightCommand;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * Issue 16: `mailwright trail` on a live server per release (mwt-SUITE). A message john submits over 587 shows his
 * login, rspamd's score and his mailbox; one another server sends on port 25 to a tagged address shows port 25, the
 * score and the mailbox it landed in; a refused recipient shows the refusal. Each is found by its Message-ID in the
 * output, so an old or another message cannot pass for it. Mail to elsewhere.org goes to a scripted server in this JVM
 * on the droplet's gateway (its own network): it takes, defers (451) or refuses (550) a recipient by its name, so
 * relayed, deferred and bounced show with the remote answer.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrailLabTest {
    static final String PASSWORD = "Trail-Lab-16";
    static final String USER = LabMailServer.USER;
    static final String JANE = "jane@elsewhere.org";
    static final String OUTSIDER = "alice@outside.test";
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:\\s*<([^>]+)>");

    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwt-", PASSWORD).requireApplied().rememberFailure()
            .before(-1, (d, spec, knownHosts) -> {
                // elsewhere.org's server is the gateway: a scripted one in this JVM (Remote)
                d.addMx("elsewhere.org", d.gateway());
                d.addMx("outside.test", d.gateway());
            });

    private static final Map<String, Remote> REMOTES = new ConcurrentHashMap<>();

    @AfterAll
    static void tearDown() {
        REMOTES.values().forEach(Remote::close);
        SERVERS.close();
    }

    private static Installed server(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        REMOTES.computeIfAbsent(suite, x -> new Remote(i.droplet().gateway()));
        return i;
    }

    /** `mailwright trail SPEC ADDRESS [more]` against the server; asserts exit 0 and returns the output. */
    private static String trail(Installed i, String address, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = "trail";
        args[1] = i.spec().toString();
        args[2] = address;
        args[3] = "--known-hosts=" + i.knownHosts();
        System.arraycopy(more, 0, args, 4, more.length);
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, args);
        assertThat(exit).as(out[0]).isEqualTo(MailwrightCommand.OK);
        return out[0];
    }

    /** The block of output for the message with this Message-ID: its header line and the indented hops under it. */
    private static String block(String output, String messageId) {
        Matcher m = Pattern.compile("(?m)^\\S.*" + Pattern.quote(messageId) + "\\n((?: {2}.*\\n)*)").matcher(output);
        assertThat(m.find()).as("a message " + messageId + " in\n" + output).isTrue();
        return m.group();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aSubmittedMessageShowsTheLoginTheScoreAndTheMailbox(String suite) throws Exception {
        Installed i = server(suite);
        LabDroplet d = i.droplet();
        String subject = "trail submitted " + UUID.randomUUID();
        LabMailServer.send(d, LabMailServer.session(d, 587), USER, PASSWORD, USER, subject, "to myself");
        LabMailServer.send(d, LabMailServer.session(d, 587), USER, PASSWORD, JANE, "trail to jane " + UUID.randomUUID(), "to jane");
        Optional<String> got = LabMailServer.awaitInInbox(d, LabMailServer.session(d, 587), USER, PASSWORD, subject, 60, Duration.ofMillis(500));
        assertThat(got).isPresent();
        Matcher id = MESSAGE_ID.matcher(got.get());
        assertThat(id.find()).as(got.get()).isTrue();

        Path transcript = i.spec().resolveSibling("trail.log");
        String out = trail(i, USER, "--transcript", transcript.toString());
        String b = block(out, id.group(1));
        // apply's check that a login without TLS is refused left "AUTH PLAIN <base64>" in smtpd's journal: it stays there
        assertThat(d.exec("sh", "-c", "journalctl -u opensmtpd -q | grep 'AUTH PLAIN'").output()).contains("AUTH PLAIN");
        assertThat(Files.readString(transcript)).contains("$ journalctl -o json").contains("zgrep -h -F -e").doesNotContain("AUTH PLAIN");
        assertThat(b).matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  john@example\\.com -> john@example\\.com  .*");
        assertThat(b).containsPattern("\\n {4}\\d\\d:\\d\\d:\\d\\d  submitted on port 587/465 from \\S+ \\[" + Pattern.quote(d.gateway())
                + "\\] \\(john@example\\.com logged in, TLSv1\\.[23]\\)\\n");
        assertThat(b).containsPattern("\\n {4}\\d\\d:\\d\\d:\\d\\d  rspamd: score -?[0-9.]+ of 15, no action");
        assertThat(b).containsPattern("\\n {4}\\d\\d:\\d\\d:\\d\\d  delivered to the mailbox of john@example\\.com\\n");
        assertThat(b).doesNotContain("  ! ");
        // the mail to jane is there too, accepted and scanned, from john
        assertThat(out).contains("john@example.com -> jane@elsewhere.org");
        assertThat(out).containsPattern("\\d+ messages from or to john@example\\.com in the last 7 days\\.");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void mailFromAnotherServerShowsPort25TheScoreAndTheMailboxItLandedIn(String suite) throws Exception {
        Installed i = server(suite);
        LabDroplet d = i.droplet();
        String messageId = UUID.randomUUID() + "@outside.test";
        String subject = "trail from outside " + UUID.randomUUID();
        MailFlowLabTest.Smtp.send(d.host(), OUTSIDER, "John+Trail@example.com", "Subject: " + subject + "\r\nFrom: <" + OUTSIDER
                + ">\r\nMessage-ID: <" + messageId + ">\r\n\r\nhello\r\n");
        assertThat(LabMailServer.awaitInInbox(d, LabMailServer.session(d, 587), USER, PASSWORD, subject, 60, Duration.ofMillis(500))).isPresent();
        String today = d.exec("date", "+%F").output().strip();

        String b = block(trail(i, OUTSIDER, "--day", today), messageId);
        assertThat(b).contains("  alice@outside.test -> John+Trail@example.com  " + messageId + "\n");
        assertThat(b).containsPattern("\\n {4}\\d\\d:\\d\\d:\\d\\d  received on port 25 from \\S+ \\[" + Pattern.quote(d.gateway()) + "\\] \\(no TLS\\)\\n");
        // the score and the symbols that made it: the message has no To: and no Date:
        assertThat(b).containsPattern("\\n {4}\\d\\d:\\d\\d:\\d\\d  rspamd: score [0-9.]+ of 15, no action \\([^)]*MISSING_TO 2\\.00");
        assertThat(b).contains("delivered to the mailbox of john@example.com (sent to John+Trail@example.com)\n");
        // john's own trail holds it too, by its tagged address
        assertThat(trail(i, "john+trail@example.com")).contains(messageId);
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aRefusedRecipientIsMarkedFailedWithTheServersAnswer(String suite) throws Exception {
        Installed i = server(suite);
        LabDroplet d = i.droplet();
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String reply = MailFlowLabTest.Smtp.trySend(d.host(), OUTSIDER, nobody, "Subject: x\r\n\r\nx\r\n");
        assertThat(reply).startsWith("5");
        String out = trail(i, nobody);
        assertThat(out).containsPattern("\\n {2}! \\d\\d:\\d\\d:\\d\\d  refused at RCPT TO:<" + Pattern.quote(nobody) + ">: " + Pattern.quote(reply.strip()));
        assertThat(out).contains("1 message from or to " + nobody);
        // for the record: what smtpd said about jane's waiting mail by now
        System.err.println(d.exec("journalctl", "-u", "opensmtpd", "-o", "short-iso", "-n", "40").output());
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void relayedDeferredAndRefusedRecipientsShowTheRemoteAnswer(String suite) throws Exception {
        Installed i = server(suite);
        LabDroplet d = i.droplet();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String taken = "taken-" + tag + "@elsewhere.org";
        String later = "later-" + tag + "@elsewhere.org";
        String refused = "refuse-" + tag + "@elsewhere.org";
        for (String to : new String[] {taken, later, refused}) {
            LabMailServer.send(d, LabMailServer.session(d, 587), USER, PASSWORD, to, "trail relay " + to, "to " + to);
        }
        String since = d.exec("date", "-d", "-1 min", "+%F %T").output().strip();
        String out = "";
        for (int n = 0; n < 30; n++) {
            out = trail(i, USER);
            if (out.contains("refused by") && out.contains("not yet relayed") && out.contains("relayed to")) {
                break;
            }
            Thread.sleep(1000);
        }
        // the real lines, for the parser's fixtures
        Path dump = Path.of(System.getProperty("java.io.tmpdir"), "trail-fixtures", suite + "-relay");
        Files.createDirectories(dump);
        Files.writeString(dump.resolve("journal.json"), d.exec("journalctl", "-o", "json", "--output-fields=MESSAGE,SYSLOG_IDENTIFIER",
                "--since", since, "-u", "opensmtpd", "-u", "rspamd", "-u", "dovecot").output());
        Files.writeString(dump.resolve("rspamd.log"), d.exec("grep", "-h", "rspamd_task_write_log", "/var/log/rspamd/rspamd.log").output());
        Files.writeString(dump.resolve("journal.txt"), d.exec("journalctl", "-o", "short-iso", "--since", since, "-u", "opensmtpd").output());
        System.err.println(Files.readString(dump.resolve("journal.txt")));

        String gw = Pattern.quote(d.gateway());
        assertThat(out).containsPattern("\\n {4}\\d\\d:\\d\\d:\\d\\d  relayed to [^\\n]*" + gw + "[^\\n]* for " + Pattern.quote(taken)
                + ": 250 2\\.0\\.0 Ok: queued as TRAIL\\n");
        assertThat(out).containsPattern("\\n {2}! \\d\\d:\\d\\d:\\d\\d  not yet relayed to [^\\n]*" + gw + "[^\\n]* for " + Pattern.quote(later)
                + ": 451 4\\.3\\.0 try again later \\(smtpd tries again\\)\\n");
        assertThat(out).containsPattern("\\n {2}! \\d\\d:\\d\\d:\\d\\d  refused by [^\\n]*" + gw + "[^\\n]* for " + Pattern.quote(refused)
                + ": 550 5\\.1\\.1 no such user here \\(a bounce goes to the sender\\)\\n");
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void anAddressWithNoMailSaysSo(String suite) throws Exception {
        Installed i = server(suite);
        String out = trail(i, "never-wrote@example.org", "--day", "2020-01-01");
        assertThat(out).isEqualTo("No message from or to never-wrote@example.org on 2020-01-01 in the server's journal.\n");
    }

    /**
     * Another mail server on ADDRESS:25: takes every recipient except those named later-… (451) and refuse-… (550),
     * and answers the end of DATA with "250 2.0.0 Ok: queued as TRAIL".
     */
    static final class Remote implements AutoCloseable {
        private final ServerSocket server;

        Remote(String address) {
            try {
                server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(InetAddress.getByName(address), 25));
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + address + ":25", e);
            }
            Thread t = new Thread(this::serve, "trail-remote");
            t.setDaemon(true);
            t.start();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket c = server.accept();
                    Thread t = new Thread(() -> session(c), "trail-remote-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void session(Socket c) {
            try (c) {
                c.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = c.getOutputStream();
                say(out, "220 mx.elsewhere.org ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String upper = line.toUpperCase(java.util.Locale.ROOT);
                    if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                        say(out, "250 mx.elsewhere.org");
                    } else if (upper.startsWith("RCPT TO:<LATER-")) {
                        say(out, "451 4.3.0 try again later");
                    } else if (upper.startsWith("RCPT TO:<REFUSE-")) {
                        say(out, "550 5.1.1 no such user here");
                    } else if (upper.startsWith("DATA")) {
                        say(out, "354 go on");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message itself is not needed
                        }
                        say(out, "250 2.0.0 Ok: queued as TRAIL");
                    } else if (upper.startsWith("QUIT")) {
                        say(out, "221 bye");
                        return;
                    } else {
                        say(out, "250 ok");
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static void say(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
