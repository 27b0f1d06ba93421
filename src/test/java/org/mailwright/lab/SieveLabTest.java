package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.lab.MailFlowLabTest.Smtp;
import org.mailwright.model.MailPorts;

/**
 * Issue 17, second part: ManageSieve and vacation replies, on one live server per release (mwv-SUITE).
 *
 * <p>ManageSieve (RFC 5804) is reached from outside through the firewall on 4190, refuses a login before STARTTLS,
 * and takes a person's own filter that then files mail. {@code mailwright users vacation} turns a reply on: an outside
 * sender gets one per period (Pigeonhole's log says so, and a reply to a local address arrives with its UTF-8
 * subject), a second mail in the period and mailing-list mail get none, the person's own filter still applies; off
 * removes only Mailwright's script.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SieveLabTest {
    static final String PASSWORD = "Sieve-Lab-17-Pw";
    static final String USER = LabMailServer.USER;
    static final String SUBJECT = "Abwesend – zurück am 2. Januar";

    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwv-", PASSWORD).requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void manageSieveRefusesALoginBeforeTls(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        try (ManageSieve ms = ManageSieve.connect(i.droplet().host())) {
            assertThat(ms.greeting).contains("\"STARTTLS\"");
            String answer = ms.command("AUTHENTICATE \"PLAIN\" \"" + plain(USER, PASSWORD) + "\"");
            assertThat(answer).startsWith("NO").contains("ENCRYPT-NEEDED");
        }
        // the status sees ManageSieve listening, with Dovecot as the service behind it
        String[] out = new String[1];
        var checks = StatusLabTest.status(i, out);
        assertThat(checks.get("port.4190")).as(out[0]).isNotNull();
        assertThat(checks.get("port.4190").get("severity").asText()).as(checks.get("port.4190").toString()).isEqualTo("OK");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aFilterUploadedOverManageSieveFilesMail(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String script = "require [\"fileinto\", \"mailbox\"];\r\nif header :contains \"Subject\" \"filtertest\" {\r\n  fileinto :create \"Filtered\";\r\n}\r\n";
        try (ManageSieve ms = ManageSieve.connect(d.host())) {
            ms.startTls(LabMailServer.trustingLabCa(d));
            assertThat(ms.command("AUTHENTICATE \"PLAIN\" \"" + plain(USER, PASSWORD) + "\"")).startsWith("OK");
            // a script Pigeonhole cannot compile is refused, with the line
            String bad = "require [\"fileinto\"];\r\nif true {\r\n  fileinto \"x\"\r\n}\r\n";
            assertThat(ms.command("PUTSCRIPT \"broken\" {" + bytes(bad) + "+}\r\n" + bad)).startsWith("NO").contains("line 4");
            assertThat(ms.command("PUTSCRIPT \"myfilters\" {" + bytes(script) + "+}\r\n" + script)).startsWith("OK");
            assertThat(ms.command("SETACTIVE \"myfilters\"")).startsWith("OK");
        }
        String id = UUID.randomUUID().toString().substring(0, 8);
        Smtp.send(d.host(), "carol-" + id + "@outside.test", USER, mail("carol-" + id + "@outside.test", "filtertest " + id, ""));
        assertThat(awaitCount(d, "Filtered", "filtertest " + id)).isEqualTo(1);
        // the link Pigeonhole made has no leading dot (a dot name would be a Maildir++ folder and break delivery)
        assertThat(d.exec("test", "-L", "/var/vmail/example.com/john/dovecot.sieve").ok()).isTrue();
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aVacationReplyGoesOncePerPeriodAndNeverToLists(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String out = i.manage(null, "users", "vacation", USER, "--on", "--subject", SUBJECT, "--text", "Ich bin nicht im Büro.\n.\nGrüße, John",
                "--from", today.minusDays(1).toString(), "--until", today.plusDays(1).toString());
        assertThat(out).contains("is on");
        assertThat(d.exec("stat", "-c", "%U %a", "/var/vmail/example.com/john/mailwright-sieve/vacation.sieve").output().strip()).isEqualTo("vmail 600");
        assertThat(d.exec("stat", "-c", "%U", "/var/vmail/example.com/john/mailwright-sieve/vacation.svbin").output().strip()).isEqualTo("vmail");
        // read back from the server in one command: users list names the reply and its days
        assertThat(i.manage(null, "users", "list")).containsPattern("(?m)^" + java.util.regex.Pattern.quote(USER) + ".*\\son "
                + today.minusDays(1) + " to " + today.plusDays(1) + "\\s");

        String id = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + id + "@outside.test";
        String bob = "bob-" + id + "@outside.test";
        Smtp.send(d.host(), alice, USER, mail(alice, "first " + id, ""));
        awaitCount(d, "INBOX", "first " + id);
        Smtp.send(d.host(), alice, USER, mail(alice, "second " + id, ""));
        Smtp.send(d.host(), bob, USER, mail(bob, "list " + id, "List-Id: <news.outside.test>\r\n"));
        // and the person's own filter still applies alongside the reply
        Smtp.send(d.host(), alice, USER, mail(alice, "filtertest third " + id, ""));
        awaitCount(d, "INBOX", "second " + id);
        awaitCount(d, "INBOX", "list " + id);
        awaitCount(d, "Filtered", "filtertest third " + id);

        assertThat(log(d, "sent vacation response to <" + alice + ">")).isEqualTo(1);
        assertThat(logLinesAbout(d, alice).stream().filter(l -> l.contains("duplicate vacation response"))).hasSize(2);
        // the script itself skips list mail (and Pigeonhole would too), so no vacation action runs for bob at all
        assertThat(log(d, "vacation response to <" + bob + ">")).isZero();
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void theReplyArrivesWithItsSubjectAndOffRemovesOnlyMailwrightsScript(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        // a sender whose mail comes back to this server: info@ is an alias of john@, so the reply lands in his INBOX
        String id = UUID.randomUUID().toString().substring(0, 8);
        Smtp.send(d.host(), "info@example.com", USER, mail("info@example.com", "answer me " + id, ""));
        assertThat(awaitCount(d, "INBOX", SUBJECT)).isGreaterThanOrEqualTo(1);

        assertThat(i.manage(null, "users", "vacation", USER, "--off")).contains("is off");
        assertThat(i.manage(null, "users", "list")).doesNotContainPattern("(?m)^" + java.util.regex.Pattern.quote(USER) + ".*\\son ");
        assertThat(d.exec("test", "-e", "/var/vmail/example.com/john/mailwright-sieve/vacation.sieve").ok()).isFalse();
        assertThat(d.exec("test", "-L", "/var/vmail/example.com/john/dovecot.sieve").ok()).as("the person's own script is still active").isTrue();
        String carl = "carl-" + id + "@outside.test";
        Smtp.send(d.host(), carl, USER, mail(carl, "filtertest after " + id, ""));
        awaitCount(d, "Filtered", "filtertest after " + id);
        assertThat(log(d, "vacation response to <" + carl + ">")).isZero();
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aMailboxThatNeverGotMailCanHaveAReplyAndStillGetsMail(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String mary = "mary@example.com";
        String maryPassword = "Mary-Sieve-Pw-1717";
        i.manage(maryPassword + "\n", "users", "add", mary, "--password-stdin");
        assertThat(d.exec("test", "-e", "/var/vmail/example.com/mary").ok()).as("no home before the first mail").isFalse();
        i.manage(null, "users", "vacation", mary, "--on", "--subject", "Away", "--text", "Back soon.");
        // the home made for the script is vmail's, as Dovecot would have made it
        assertThat(d.exec("stat", "-c", "%U", "/var/vmail/example.com/mary", "/var/vmail/example.com/mary/mailwright-sieve").output())
                .isEqualTo("vmail\nvmail\n");
        String id = UUID.randomUUID().toString().substring(0, 8);
        String dora = "dora-" + id + "@outside.test";
        Smtp.send(d.host(), dora, mary, mail(dora, "hello mary " + id, "").replace("To: <" + USER + ">", "To: <" + mary + ">"));
        assertThat(awaitCount(d, mary, maryPassword, "INBOX", "hello mary " + id)).isEqualTo(1);
        assertThat(log(d, "sent vacation response to <" + dora + ">")).isEqualTo(1);
    }

    // ------------------------------------------------------------------ helpers

    private static String mail(String from, String subject, String headers) {
        return "Subject: " + subject + "\r\nFrom: <" + from + ">\r\nTo: <" + USER + ">\r\n" + headers + "\r\nsieve test\r\n";
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** How many of Dovecot's log lines since boot contain {@code text}. */
    private static int log(LabDroplet d, String text) {
        return logLinesAbout(d, text).size();
    }

    private static List<String> logLinesAbout(LabDroplet d, String text) {
        return d.exec("sh", "-c", "journalctl -b --no-pager -o cat | grep -F -- " + org.mailwright.remote.Shell.quote(text) + " || true")
                .output().lines().toList();
    }

    /** The number of messages whose subject contains {@code subject} in {@code folder}, waiting up to 60 s for one. */
    private static int awaitCount(LabDroplet d, String folder, String subject) throws Exception {
        return awaitCount(d, USER, PASSWORD, folder, subject);
    }

    private static int awaitCount(LabDroplet d, String login, String password, String folder, String subject) throws Exception {
        List<String> seen = new ArrayList<>();
        for (int tries = 0; tries < 120; tries++) {
            seen.clear();
            Store store = LabMailServer.session(d, 587).getStore("imaps");
            store.connect(d.host(), login, password);
            try (store) {
                Folder f = store.getFolder(folder);
                if (f.exists()) {
                    f.open(Folder.READ_ONLY);
                    for (Message m : f.getMessages()) {
                        seen.add(m.getSubject());
                    }
                }
            }
            long n = seen.stream().filter(s -> s != null && s.contains(subject)).count();
            if (n > 0) {
                return (int) n;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(folder + " has no '" + subject + "' but " + seen + "; queue: " + d.exec("smtpctl", "show", "queue").output());
    }

    /** A tiny ManageSieve client (RFC 5804): one command at a time, answers read up to OK, NO or BYE. */
    static final class ManageSieve implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;
        final String greeting;
        private final String host;

        private ManageSieve(String host) throws IOException {
            this.host = host;
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, MailPorts.MANAGESIEVE), 10_000);
            socket.setSoTimeout(20_000);
            streams();
            greeting = response();
        }

        static ManageSieve connect(String host) throws IOException {
            return new ManageSieve(host);
        }

        private void streams() throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        void startTls(SSLSocketFactory tls) throws IOException {
            assertThat(command("STARTTLS")).startsWith("OK");
            SSLSocket s = (SSLSocket) tls.createSocket(socket, host, MailPorts.MANAGESIEVE, true);
            s.startHandshake();
            socket = s;
            streams();
            // the server sends its capabilities again after TLS (RFC 5804 2.2)
            assertThat(response()).contains("\"SASL\"");
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return response();
        }

        /** Lines up to the one starting with OK, NO or BYE; that line first, then the others. */
        private String response() throws IOException {
            StringBuilder before = new StringBuilder();
            for (String l; (l = in.readLine()) != null; ) {
                if (l.startsWith("OK") || l.startsWith("NO") || l.startsWith("BYE")) {
                    // a NO may carry its text as a literal {N}: read it too
                    StringBuilder last = new StringBuilder(l);
                    var m = java.util.regex.Pattern.compile("\\{(\\d+)\\}$").matcher(l);
                    if (m.find()) {
                        char[] buf = new char[Integer.parseInt(m.group(1))];
                        int got = 0;
                        while (got < buf.length) {
                            int r = in.read(buf, got, buf.length - got);
                            if (r < 0) {
                                break;
                            }
                            got += r;
                        }
                        last.append('\n').append(buf, 0, got);
                    }
                    return last + "\n" + before;
                }
                before.append(l).append('\n');
            }
            throw new IOException("ManageSieve closed the connection after: " + before);
        }

        @Override
        public void close() throws IOException {
            try {
                command("LOGOUT");
            } catch (IOException e) {
                // already gone
            }
            socket.close();
        }
    }
}
