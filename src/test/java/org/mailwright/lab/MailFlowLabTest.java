package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * Issue 14: mail the server handled wrongly, on one live server per release (mwf-SUITE) that came with exim4 (as many
 * images do) before apply. Subaddresses and upper case reach the mailbox; the server's own mail (sendmail root, mail to
 * root@MAILHOST, a cron job's, www-data's) reaches a person once; a forward to another server leaves SRS-rewritten
 * and its bounce comes back to the original sender; what our user sends keeps its sender and is DKIM-signed; the plan
 * said exim4 goes; a second apply changes nothing.
 *
 * <p>Other servers are one SMTP sink in this JVM on the droplet's gateway, port 25 (the droplet reaches nothing
 * else): the droplet's DNS gives {@code elsewhere.org} and {@code outside.test} an MX there.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MailFlowLabTest {
    static final String PASSWORD = "Mail-Flow-Lab-14";
    static final String USER = LabMailServer.USER;
    static final String FORWARD = "fwd@example.com";
    static final String JANE = "jane@elsewhere.org";
    static final String OUTSIDER = "alice@outside.test";

    private static final Map<String, String> PLANS = new ConcurrentHashMap<>();
    private static final Map<String, Sink> SINKS = new ConcurrentHashMap<>();

    /** Bare: the image with the mail packages cannot show apt replacing exim4. */
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwf-", PASSWORD).requireApplied().rememberFailure().bare()
            .before(-1, (d, spec, knownHosts) -> {
                Instant t0 = Instant.now();
                // an image with a mail server of its own: bsd-mailx (for `mail`) pulls in exim4 as Debian's default MTA
                var exim = d.exec("sh", "-c", "export DEBIAN_FRONTEND=noninteractive; apt-get -q update >/dev/null && "
                        + "apt-get -qy install --no-install-recommends bsd-mailx >/dev/null && dpkg-query -W -f '${Status}' exim4-daemon-light");
                assertThat(exim.output()).as(exim.errors()).isEqualTo("install ok installed");
                System.err.println("[" + d.name() + "] exim4 installed in " + Duration.between(t0, Instant.now()).toSeconds() + " s");
                Files.writeString(spec, Files.readString(spec).replaceFirst("(?m)^aliases:  \\{ ", "aliases:  { " + FORWARD + ": " + JANE + ", "));
                d.addMx("elsewhere.org", d.gateway());
                d.addMx("outside.test", d.gateway());
                d.addTxt("outside.test", "v=spf1 -all");
                String[] out = new String[1];
                int exit = LabMailServer.cli(out, null, "plan", spec.toString(), "--accept-host-key", d.hostKeySha256(),
                        "--known-hosts", knownHosts.toString(), "--dns-server", d.gateway(), "--no-internet-checks");
                assertThat(exit).as(out[0]).isZero();
                PLANS.put(d.suite(), out[0]);
            });

    @AfterAll
    static void tearDown() {
        SINKS.values().forEach(Sink::close);
        SERVERS.close();
    }

    private static Installed server(String suite) throws Exception {
        Instant t0 = Instant.now();
        Installed i = SERVERS.get(suite);
        SINKS.computeIfAbsent(suite, s -> Sink.on(i.droplet().gateway()));
        long took = Duration.between(t0, Instant.now()).toSeconds();
        if (took > 5) {
            System.err.println("[" + i.droplet().name() + "] droplet, exim4, plan and first apply: " + took + " s");
        }
        return i;
    }

    // ------------------------------------------------------------------ 6. an MTA already there

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void thePlanSaysExim4IsRemovedAndApplyReplacesIt(String suite) throws Exception {
        LabDroplet d = server(suite).droplet();
        assertThat(PLANS.get(suite)).containsPattern("note: installing these packages removes [^\\n]*exim4-daemon-light");
        assertThat(d.exec("sh", "-c", "dpkg-query -W -f '${Status}' exim4-daemon-light 2>/dev/null; true").output())
                .doesNotContain("install ok installed");
        assertThat(d.exec("systemctl", "is-active", "opensmtpd").output().strip()).isEqualTo("active");
    }

    // ------------------------------------------------------------------ 1. subaddresses and case

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void everyFormOfAnAddressEndsInItsMailbox(String suite) throws Exception {
        LabDroplet d = server(suite).droplet();
        List<String> forms = List.of("john+news@example.com", "JOHN@EXAMPLE.COM", "John+X@Example.Com", "info+x@example.com",
                "Info@Example.com");
        List<String> subjects = new ArrayList<>();
        for (String to : forms) {
            String subject = "to " + to + " " + UUID.randomUUID();
            Smtp.send(d.host(), OUTSIDER, to, "Subject: " + subject + "\r\nFrom: <" + OUTSIDER + ">\r\n\r\nsubaddress test\r\n");
            subjects.add(subject);
        }
        for (String subject : subjects) {
            assertThat(count(d, USER, subject, 1)).as(subject).isEqualTo(1);
        }
        // the login name is lower-cased as the tables are: the same INBOX
        assertThat(count(d, "John@Example.COM", subjects.get(0), 1)).isEqualTo(1);
        assertThat(d.exec("sh", "-c", "ls -1 /var/vmail/example.com").output().strip()).as("no stray maildir").isEqualTo("john");
    }

    // ------------------------------------------------------------------ 2. the server's own mail

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void theServersOwnMailReachesAPersonOnce(String suite) throws Exception {
        LabDroplet d = server(suite).droplet();
        String since = d.exec("date", "+%Y-%m-%d %H:%M:%S").output().strip();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String sendmail = "sendmail root " + id;
        String mail = "mail root@MAILHOST " + id;
        String cron = "Cron <root@mail> run-parts /etc/cron.daily " + id;
        String webapp = "www-data cron job " + id;
        run(d, "printf 'Subject: " + sendmail + "\\n\\ntest\\n' | /usr/sbin/sendmail root");
        run(d, "echo test | mail -s '" + mail + "' root@" + d.mailHost());
        // as cron(8) sends a job's output: headers of its own, -i -B8BITMIME -oem, to the crontab's owner
        run(d, "printf 'From: root (Cron Daemon)\\nTo: root\\nSubject: " + cron + "\\n\\n/etc/cron.daily/logrotate: done\\n'"
                + " | /usr/sbin/sendmail -FCronDaemon -i -B8BITMIME -oem root");
        run(d, "printf 'From: www-data (Cron Daemon)\\nTo: www-data\\nSubject: " + webapp + "\\n\\nphp: done\\n'"
                + " | runuser -u www-data -- /usr/sbin/sendmail -FCronDaemon -i -B8BITMIME -oem www-data");
        for (String subject : List.of(sendmail, mail, cron)) {
            Optional<String> m = find(d, subject);
            assertThat(m).as(subject).isPresent();
            assertThat(m.get()).as("a fully qualified envelope sender").contains("Return-Path: <root@" + d.mailHost() + ">");
        }
        assertThat(find(d, webapp)).get().asString().contains("Return-Path: <www-data@" + d.mailHost() + ">");
        Thread.sleep(3000);
        for (String subject : List.of(sendmail, mail, cron, webapp)) {
            assertThat(count(d, USER, subject, 1)).as("once: " + subject).isEqualTo(1);
        }
        String journal = d.exec("journalctl", "-u", "opensmtpd", "--since", since, "--no-pager").output();
        assertThat(journal).doesNotContainIgnoringCase("loop").doesNotContain("Invalid recipient").doesNotContain("result=PermFail");
        assertThat(d.exec("smtpctl", "show", "queue").output().strip()).as("nothing left in the queue").isEmpty();

        // from outside: postmaster@ and root@ the host name take mail (a bounce of root's mail), no other name there does
        String bounce = "bounce to root " + id;
        String complaint = "to postmaster@HOSTNAME " + id;
        Smtp.send(d.host(), "", "ROOT@" + d.mailHost().toUpperCase(), "Subject: " + bounce + "\r\nFrom: MAILER-DAEMON@outside.test\r\n\r\nx\r\n");
        Smtp.send(d.host(), OUTSIDER, "postmaster@" + d.mailHost(), "Subject: " + complaint + "\r\nFrom: " + OUTSIDER + "\r\n\r\nx\r\n");
        assertThat(count(d, USER, bounce, 1)).isEqualTo(1);
        assertThat(count(d, USER, complaint, 1)).isEqualTo(1);
        assertThat(Smtp.trySend(d.host(), OUTSIDER, "www-data@" + d.mailHost(), "Subject: x\r\n\r\nx\r\n")).startsWith("5");

        // the server's own mail to another server leaves with a qualified sender and a DKIM signature
        String out = "root to outside " + id;
        run(d, "printf 'Subject: " + out + "\\n\\nreport\\n' | /usr/sbin/sendmail " + JANE);
        Sink.Mail leaving = SINKS.get(suite).await(m -> m.data().contains(out));
        System.err.println("[" + d.name() + "] root's mail to another server: MAIL FROM:<" + leaving.from() + ">, "
                + leaving.data().lines().filter(l -> l.startsWith("DKIM-Signature:")).findFirst().orElse("no DKIM-Signature"));
        assertThat(leaving.from()).isEqualTo("root@" + d.mailHost());
        assertThat(leaving.data()).containsPattern("(?i)DKIM-Signature:[^\\n]*(\\n\\s[^\\n]*)*d=example\\.com");
    }

    // ------------------------------------------------------------------ 3. forwarding and SRS

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aForwardLeavesWithAnSrsSenderAndItsBounceReturnsToTheOriginalSender(String suite) throws Exception {
        LabDroplet d = server(suite).droplet();
        Sink sink = SINKS.get(suite);
        String subject = "forwarded " + UUID.randomUUID();
        Smtp.send(d.host(), OUTSIDER, FORWARD, "Subject: " + subject + "\r\nFrom: <" + OUTSIDER + ">\r\n\r\nplease forward\r\n");
        Sink.Mail forwarded = sink.await(m -> m.data().contains(subject));
        assertThat(forwarded.rcpts()).containsExactly(JANE);
        assertThat(forwarded.from()).as("the envelope sender our server sends under (SPF of example.com)")
                .matches("(?i)SRS0=[^@]+=outside\\.test=alice@example\\.com");

        // elsewhere.org bounces it: the bounce to the SRS address goes back to alice, with an empty sender
        String bounce = "bounce " + UUID.randomUUID();
        Smtp.send(d.host(), "", forwarded.from(), "Subject: " + bounce + "\r\nFrom: MAILER-DAEMON@elsewhere.org\r\n\r\n550 no such user\r\n");
        Sink.Mail back = sink.await(m -> m.data().contains(bounce));
        System.err.println("[" + d.name() + "] forwarded: MAIL FROM:<" + forwarded.from() + "> RCPT TO:" + forwarded.rcpts()
                + "; its bounce: MAIL FROM:<" + back.from() + "> RCPT TO:" + back.rcpts());
        assertThat(back.rcpts()).containsExactly(OUTSIDER);
        assertThat(back.from()).isEmpty();
        // a forged SRS address (a wrong hash) is not relayed anywhere
        String forged = forwarded.from().replaceFirst("(?i)^SRS0=[^=]+=", "SRS0=AAAA=");
        assertThat(Smtp.trySend(d.host(), "", forged, "Subject: forged\r\n\r\nx\r\n")).startsWith("5");
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void whatOurUserSendsKeepsItsSenderAndIsSigned(String suite) throws Exception {
        LabDroplet d = server(suite).droplet();
        String subject = "from john " + UUID.randomUUID();
        LabMailServer.send(d, LabMailServer.session(d, 587), USER, PASSWORD, JANE, subject, "not a forward");
        Sink.Mail sent = SINKS.get(suite).await(m -> m.data().contains(subject));
        System.err.println("[" + d.name() + "] john's own mail to " + JANE + ": MAIL FROM:<" + sent.from() + ">");
        assertThat(sent.from()).isEqualTo(USER);
        assertThat(sent.rcpts()).containsExactly(JANE);
        assertThat(sent.data()).containsPattern("(?i)DKIM-Signature:[^\\n]*(\\n\\s[^\\n]*)*d=example\\.com");
    }

    // ------------------------------------------------------------------ idempotence

    @Order(6)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aSecondApplyChangesNothingAndKeepsTheSrsSecret(String suite) throws Exception {
        Installed i = server(suite);
        LabDroplet d = i.droplet();
        String before = d.exec("sha256sum", "/etc/mail/srs.conf").output();
        assertThat(d.exec("stat", "-c", "%a %U %G", "/etc/mail/srs.conf").output().strip()).isEqualTo("600 root root");
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "apply", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", d.gateway(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).contains("Nothing to change");
        assertThat(d.exec("sha256sum", "/etc/mail/srs.conf").output()).isEqualTo(before);
        String secret = d.exec("sh", "-c", "sed -n 's/^srs key \"\\(.*\\)\"$/\\1/p' /etc/mail/srs.conf").output().strip();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.readString(i.transcript())).doesNotContain(secret);
        assertThat(out[0]).doesNotContain(secret);
    }

    // ------------------------------------------------------------------ helpers

    private static void run(LabDroplet d, String script) {
        var r = d.exec("sh", "-c", script);
        assertThat(r.exitCode()).as(script + "\n" + r.output() + r.errors()).isZero();
    }

    private static Optional<String> find(LabDroplet d, String subject) throws Exception {
        return LabMailServer.awaitInInbox(d, LabMailServer.session(d, 587), USER, PASSWORD, subject, 60, Duration.ofMillis(500));
    }

    /** How many messages in {@code login}'s INBOX have this subject, after waiting up to 30 s for at least {@code atLeast}. */
    private static int count(LabDroplet d, String login, String subject, int atLeast) throws Exception {
        int n = 0;
        for (int tries = 0; tries < 60; tries++) {
            try (Store store = LabMailServer.session(d, 587).getStore("imaps")) {
                store.connect(d.host(), login, PASSWORD);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                n = 0;
                for (Message m : inbox.getMessages()) {
                    if (subject.equals(m.getSubject())) {
                        n++;
                    }
                }
            }
            if (n >= atLeast) {
                return n;
            }
            Thread.sleep(500);
        }
        return n;
    }

    /** A plain SMTP client for port 25, as another server talks to ours (no TLS: the lab's own network). */
    static final class Smtp {
        static void send(String host, String from, String to, String data) throws IOException {
            String reply = trySend(host, from, to, data);
            assertThat(reply).as("MAIL FROM:<" + from + "> RCPT TO:<" + to + ">").startsWith("250");
        }

        /** The reply to RCPT TO if it failed, else to the end of DATA. */
        static String trySend(String host, String from, String to, String data) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, 25), 10_000);
                s.setSoTimeout(60_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                reply(in);
                command(in, out, "EHLO mx.outside.test");
                command(in, out, "MAIL FROM:<" + from + ">");
                String rcpt = command(in, out, "RCPT TO:<" + to + ">");
                if (!rcpt.startsWith("250")) {
                    return rcpt;
                }
                command(in, out, "DATA");
                out.write((data.replace("\r\n.", "\r\n..") + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String end = reply(in);
                command(in, out, "QUIT");
                return end;
            }
        }

        /** Sends one command line and returns the last line of its reply (QuotaLabTest's transactions use it too). */
        static String command(BufferedReader in, OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply(in);
        }

        /** The last line of a (multi-line) reply. */
        static String reply(BufferedReader in) throws IOException {
            String line;
            StringBuilder all = new StringBuilder();
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed after " + all);
                }
                all.append(line).append('\n');
            } while (line.length() > 3 && line.charAt(3) == '-');
            return all.toString().substring(all.lastIndexOf(line));
        }
    }

    /** The other mail servers: accepts every message on ADDRESS:25 and records its envelope and content. */
    static final class Sink implements AutoCloseable {
        /** @param peer the address the message came from (the sending server's source address) */
        record Mail(String from, List<String> rcpts, String data, InetAddress peer) {
        }

        private static final Pattern PATH = Pattern.compile("(?i)^(?:MAIL FROM|RCPT TO):\\s*<([^>]*)>");
        private final ServerSocket server;
        private final List<Mail> received = new CopyOnWriteArrayList<>();

        private Sink(ServerSocket server) {
            this.server = server;
            Thread t = new Thread(this::serve, "smtp-sink-" + server.getInetAddress().getHostAddress());
            t.setDaemon(true);
            t.start();
        }

        static Sink on(String address) {
            try {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(address), 25));
                return new Sink(s);
            } catch (IOException e) {
                throw new IllegalStateException("cannot listen on " + address + ":25", e);
            }
        }

        /** What it has received so far. */
        List<Mail> received() {
            return List.copyOf(received);
        }

        Mail await(Predicate<Mail> which) throws InterruptedException {
            for (int i = 0; i < 240; i++) {
                for (Mail m : received) {
                    if (which.test(m)) {
                        return m;
                    }
                }
                Thread.sleep(250);
            }
            throw new AssertionError("no such message reached the sink in 60 s; it has: " + received);
        }

        /** The first message {@code which} matches within {@code seconds} (0: only those here now), or empty. */
        java.util.Optional<Mail> seen(Predicate<Mail> which, int seconds) throws InterruptedException {
            for (int i = 0; i <= seconds * 4; i++) {
                for (Mail m : received) {
                    if (which.test(m)) {
                        return java.util.Optional.of(m);
                    }
                }
                if (i < seconds * 4) {
                    Thread.sleep(250);
                }
            }
            return java.util.Optional.empty();
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket c = server.accept()) {
                    c.setSoTimeout(30_000);
                    session(c, c.getInetAddress());
                } catch (IOException e) {
                    // closed, or a client that went away: wait for the next
                }
            }
        }

        private void session(Socket c, InetAddress peer) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = c.getOutputStream();
            say(out, "220 sink ESMTP");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String upper = line.toUpperCase();
                Matcher m = PATH.matcher(line);
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    say(out, "250 sink");
                } else if (upper.startsWith("MAIL FROM") && m.find()) {
                    from = m.group(1);
                    rcpts = new ArrayList<>();
                    say(out, "250 ok");
                } else if (upper.startsWith("RCPT TO") && m.find()) {
                    rcpts.add(m.group(1));
                    say(out, "250 ok");
                } else if (upper.equals("DATA")) {
                    say(out, "354 go on");
                    StringBuilder data = new StringBuilder();
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        data.append(line.startsWith("..") ? line.substring(1) : line).append('\n');
                    }
                    received.add(new Mail(from, List.copyOf(rcpts), data.toString(), peer));
                    say(out, "250 queued");
                } else if (upper.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "250 ok");
                }
            }
        }

        private static void say(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
