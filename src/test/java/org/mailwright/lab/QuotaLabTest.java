package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;

/**
 * Issue 17, quotas: on one live server per release (mwk-SUITE), a mailbox with a 1 MiB limit gets Dovecot's 90 %
 * warning mail; the mail that takes it over its limit is still delivered (Dovecot's grace), and from then on mail for
 * it is refused at RCPT TO on port 25 with Dovecot's {@code 452 4.2.2} by Mailwright's quota filter, while another mailbox in the same transaction still gets its copy and nothing for the
 * full one waits in smtpd's queue. With Dovecot stopped the filter lets mail in (fail open).
 *
 * <p>The limit is set with {@code mailwright users quota}, shown by {@code users list} and the status, and raised
 * again with it.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuotaLabTest {
    static final String PASSWORD = "Quota-Lab-17-Pw";
    static final String USER = LabMailServer.USER;
    static final String MARY = "mary@example.com";
    static final String MARY_PASSWORD = "Mary-Quota-Pw-1717";
    static final long LIMIT = 1L << 20;

    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwk-", PASSWORD).requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void theFilterLetsMailInWhenDovecotIsNotAnswering(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        i.manage(MARY_PASSWORD + "\n", "users", "add", MARY, "--password-stdin");
        assertThat(d.exec("smtpd", "-n").ok()).isTrue();
        assertThat(d.exec("cat", MailLayout.SMTPD_CONF).output()).contains("filter quota proc-exec \"" + MailLayout.QUOTA_FILTER + "\"");
        assertThat(d.exec("stat", "-c", "%U %a", MailLayout.QUOTA_FILTER).output().strip()).isEqualTo("root 755");
        String id = UUID.randomUUID().toString().substring(0, 8);
        try {
            assertThat(d.exec("systemctl", "stop", "dovecot").ok()).isTrue();
            // connection refused on 12340: the filter says proceed and smtpd queues the mail until Dovecot is back
            assertThat(transaction(d, "ann-" + id + "@outside.test", List.of(MARY), mail("dovecot down " + id, 1)))
                    .containsExactly("250", "250");
        } finally {
            d.exec("systemctl", "start", "dovecot");
        }
        d.exec("sh", "-c", "sleep 1; smtpctl schedule all");
        assertThat(awaitSubject(d, MARY, MARY_PASSWORD, "dovecot down " + id)).isTrue();
        // smtpd logs what its filter "quota" writes to stderr, prefixed with the filter's name
        assertThat(journal(d, "quota: quota-status on 127.0.0.1:" + MailLayout.QUOTA_STATUS_PORT + ": Connection refused, accepting"))
                .as("the filter said why it let the mail in").isNotEmpty();
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aMailboxNearItsLimitGetsTheWarningMail(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        // the person's way: users quota, which writes the release's userdb field and flushes Dovecot's cache
        String said = i.manage(null, "users", "quota", USER, "1M");
        assertThat(said).contains("quota of " + USER + ": no limit -> 1M");
        assertThat(d.exec("cat", MailLayout.CREDENTIALS).output())
                .contains(suite.equals("trixie") ? "userdb_quota_storage_size=1M" : "userdb_quota_rule=*:storage=1M");
        assertThat(d.exec("stat", "-c", "%U:%G %a", MailLayout.CREDENTIALS).output().strip()).isEqualTo("opensmtpd:dovecot 440");
        // Dovecot's passwd-file looks at the file at most once a second (db-passwd-file.c passwd_file_sync): a lookup in
        // the second of the write can still get the old line
        String user = "";
        for (int n = 0; n < 20 && !user.contains("storage"); n++) {
            Thread.sleep(250);
            user = d.exec("doveadm", "user", USER).output();
        }
        assertThat(quota(d)).as(user).contains("Limit=1024");

        // three 310 KiB mails through port 25: about 91 % with the headers added on the way
        String id = UUID.randomUUID().toString().substring(0, 8);
        for (int n = 1; n <= 3; n++) {
            assertThat(transaction(d, "bulk-" + id + "@outside.test", List.of(USER), mail("filling " + n + " " + id, 310)))
                    .containsExactly("250", "250");
        }
        assertThat(awaitSubject(d, USER, PASSWORD, "filling 3 " + id)).isTrue();
        assertThat(awaitSubject(d, USER, PASSWORD, "Your mailbox is 90% full")).as(quota(d)).isTrue();

        // users list shows it from Dovecot's count; the status warns about it
        String list = i.manage(null, "users", "list");
        assertThat(list).containsPattern("(?m)^" + java.util.regex.Pattern.quote(USER) + "\\s+9\\d\\d\\.\\d KiB\\s+1M\\s+9\\d %\\s");
        String[] human = new String[1];
        var checks = StatusLabTest.status(i, human);
        assertThat(StatusLabTest.severity(checks, "quota")).as(human[0]).isEqualTo("WARN");
        assertThat(checks.get("quota").get("message").asText()).startsWith("nearly full: " + USER + " (9").contains("of 1.0 MiB, 9");
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aFullMailboxIsRefusedAtRcptAndNothingForItIsQueued(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        // the mail that takes the mailbox over its limit is still delivered (Dovecot's grace); smtpd cannot know the size
        // at RCPT, so quota-status answers 452 only once the mailbox is over
        String over = UUID.randomUUID().toString().substring(0, 8);
        assertThat(transaction(d, "over-" + over + "@outside.test", List.of(USER), mail("over the edge " + over, 150)))
                .as("at about 91 % a 150 KiB mail still fits the grace").containsExactly("250", "250");
        assertThat(awaitSubject(d, USER, PASSWORD, "over the edge " + over)).isTrue();
        long value = Long.parseLong(quota(d).replaceAll("(?s).*Type=STORAGE Value=(\\d+).*", "$1"));
        assertThat(value).as(quota(d)).isGreaterThan(1024);

        String id = UUID.randomUUID().toString().substring(0, 8);
        List<String> replies = transaction(d, "late-" + id + "@outside.test", List.of(USER, MARY), mail("too late " + id, 1));
        assertThat(replies.get(0)).as("RCPT TO:<%s>", USER).isEqualTo(MailRenderer.OVER_QUOTA);
        assertThat(replies.subList(1, 3)).as("RCPT TO:<%s> and the end of DATA", MARY).containsExactly("250", "250");
        assertThat(awaitSubject(d, MARY, MARY_PASSWORD, "too late " + id)).isTrue();
        String queue = "";
        for (int n = 0; n < 20; n++) {
            queue = d.exec("smtpctl", "show", "queue").output();
            if (queue.isBlank()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(queue).as("smtpctl show queue").doesNotContain(USER).isBlank();

        String[] human = new String[1];
        var checks = StatusLabTest.status(i, human);
        assertThat(StatusLabTest.severity(checks, "quota")).as(human[0]).isEqualTo("ERROR");
        assertThat(checks.get("quota").get("message").asText()).contains(USER + " (1.");
        // raised again, the next mail gets in at once
        i.manage(null, "users", "quota", USER, "2M");
        String again = UUID.randomUUID().toString().substring(0, 8);
        List<String> later = List.of();
        for (int n = 0; n < 20; n++) {
            Thread.sleep(250);
            later = transaction(d, "late-" + again + "@outside.test", List.of(USER), mail("room again " + again, 1));
            if (later.get(0).equals("250")) {
                break;
            }
        }
        assertThat(later).containsExactly("250", "250");
        assertThat(awaitSubject(d, USER, PASSWORD, "room again " + again)).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static String quota(LabDroplet d) {
        return d.exec("doveadm", "-f", "flow", "quota", "get", "-u", USER).output();
    }

    private static List<String> journal(LabDroplet d, String text) {
        return d.exec("sh", "-c", "journalctl -b --no-pager -o cat | grep -F -- " + Shell.quote(text) + " || true").output().lines().toList();
    }

    /** A message of about {@code kib} KiB: a subject and lines of text (CRLF, no line starting with a dot). */
    private static String mail(String subject, int kib) {
        StringBuilder m = new StringBuilder("Subject: " + subject + "\r\nFrom: <sender@outside.test>\r\nTo: <" + USER + ">\r\n\r\n");
        String line = "Quota lab filler text, the same words again and again until the message is large enough.\r\n";
        while (m.length() < kib * 1024) {
            m.append(line);
        }
        return m.toString();
    }

    /**
     * One SMTP transaction on port 25: MAIL FROM, each RCPT TO, and DATA when one recipient was taken. Returns each RCPT
     * reply ("250", or the whole reply line when refused), then "250" or the reply line at the end of DATA.
     */
    private static List<String> transaction(LabDroplet d, String from, List<String> to, String data) throws IOException {
        List<String> replies = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(d.host(), 25), 10_000);
            s.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            MailFlowLabTest.Smtp.reply(in);
            MailFlowLabTest.Smtp.command(in, out, "EHLO mx.outside.test");
            assertThat(MailFlowLabTest.Smtp.command(in, out, "MAIL FROM:<" + from + ">")).startsWith("250");
            boolean any = false;
            for (String rcpt : to) {
                String r = MailFlowLabTest.Smtp.command(in, out, "RCPT TO:<" + rcpt + ">");
                any |= r.startsWith("250");
                replies.add(r.startsWith("250") ? "250" : r.strip());
            }
            if (any) {
                assertThat(MailFlowLabTest.Smtp.command(in, out, "DATA")).startsWith("354");
                out.write((data + ".\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String end = MailFlowLabTest.Smtp.reply(in);
                replies.add(end.startsWith("250") ? "250" : end.strip());
            }
            MailFlowLabTest.Smtp.command(in, out, "QUIT");
        }
        return replies;
    }

    private static boolean awaitSubject(LabDroplet d, String user, String password, String subject) throws Exception {
        return LabMailServer.awaitInInbox(d, LabMailServer.session(d, 587), user, password, subject, 60, Duration.ofMillis(500)).isPresent();
    }
}
