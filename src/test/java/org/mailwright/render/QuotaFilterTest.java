package org.mailwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the quota filter Mailwright installs ({@link MailRenderer#quotaFilter}) with this machine's perl, as smtpd would
 * (smtpd-filters(7) lines on its standard input and output), against a fake quota-status service on a free loopback
 * port given as the filter's argument.
 */
class QuotaFilterTest {
    private static final String CONFIG = """
            config|smtpd-version|7.6.0
            config|protocol|0.7
            config|smtp-session-timeout|300
            config|subsystem|smtp-in
            config|admd|mail.example.com
            config|ready
            """;

    @TempDir
    Path dir;

    private PolicyServer policy;
    private Process filter;
    private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startPolicy() throws IOException {
        policy = new PolicyServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (filter != null) {
            filter.destroy();
            filter.waitFor(5, TimeUnit.SECONDS);
        }
        policy.close();
    }

    private void startFilter(int port) throws IOException, InterruptedException {
        Path script = dir.resolve("quota-filter");
        Files.writeString(script, MailRenderer.quotaFilter());
        filter = new ProcessBuilder("perl", script.toString(), Integer.toString(port)).start();
        pump(new BufferedReader(new InputStreamReader(filter.getInputStream(), StandardCharsets.UTF_8)), out::add);
        pump(new BufferedReader(new InputStreamReader(filter.getErrorStream(), StandardCharsets.UTF_8)), err::add);
        send(CONFIG);
        assertThat(next()).isEqualTo("register|filter|smtp-in|rcpt-to");
        assertThat(next()).isEqualTo("register|ready");
    }

    private static void pump(BufferedReader in, java.util.function.Consumer<String> to) {
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    to.accept(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private void send(String text) throws IOException {
        OutputStream in = filter.getOutputStream();
        in.write(text.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private void rcpt(String session, String token, String address) throws IOException {
        send("filter|0.7|1733390000.000001|smtp-in|rcpt-to|" + session + "|" + token + "|" + address + "\n");
    }

    private String next() throws InterruptedException {
        String line = out.poll(5, TimeUnit.SECONDS);
        assertThat(line).as("a line from the filter within 5 s (stderr: %s)", err).isNotNull();
        return line;
    }

    @Test
    void aFullMailboxIsRefusedWithDovecotsAnswerAndTheRequestIsAPolicyQueryAtRcpt() throws Exception {
        policy.answer("full@example.com", "action=" + MailRenderer.OVER_QUOTA + "\n\n");
        startFilter(policy.port());
        rcpt("7641df9771b4ed00", "1ef1c203cc576e5d", "full@example.com");
        assertThat(next()).isEqualTo("filter-result|7641df9771b4ed00|1ef1c203cc576e5d|reject|" + MailRenderer.OVER_QUOTA);
        assertThat(policy.requests).singleElement().satisfies(r -> assertThat(r.split("\n", -1)).contains(
                "request=smtpd_access_policy", "protocol_state=RCPT", "recipient=full@example.com", "size=0"));
        assertThat(policy.requests.get(0)).endsWith("\n\n");
    }

    @Test
    void aMailboxWithRoomProceeds() throws Exception {
        policy.answer("john@example.com", "action=DUNNO\n\n");
        startFilter(policy.port());
        rcpt("01", "02", "john@example.com");
        assertThat(next()).isEqualTo("filter-result|01|02|proceed");
    }

    @Test
    void aServiceThatIsDownLetsMailIn() throws Exception {
        int port = policy.port();
        policy.close();
        startFilter(port);
        rcpt("0a", "0b", "john@example.com");
        assertThat(next()).isEqualTo("filter-result|0a|0b|proceed");
        // stderr is read by its own thread: the line may arrive just after the answer on stdout
        long until = System.nanoTime() + 5_000_000_000L;
        while (err.stream().noneMatch(l -> l.contains("accepting 0a")) && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(err).anySatisfy(l -> assertThat(l).contains("127.0.0.1:" + port).contains("accepting 0a"));
    }

    @Test
    void aServiceThatNeverAnswersLetsMailInWithinTwoSeconds() throws Exception {
        policy.silent("slow@example.com");
        startFilter(policy.port());
        long start = System.nanoTime();
        rcpt("0c", "0d", "slow@example.com");
        assertThat(next()).isEqualTo("filter-result|0c|0d|proceed");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(500L, 2_600L);
    }

    @Test
    void answersThatAreNotA4xxOr5xxReplyLetMailIn() throws Exception {
        policy.answer("a@example.com", "action=\n\n");
        policy.answer("b@example.com", "garbage\n\n");
        policy.answer("c@example.com", "action=452\n\n");
        // smtpd would end the whole session on a 421
        policy.answer("d@example.com", "action=421 4.3.2 closing\n\n");
        policy.answer("e@example.com", "action=REJECT full\n\n");
        policy.answer("f@example.com", "action=OK\n\n");
        policy.answer("g@example.com", "action=550 5.2.2 no room"); // closed without the empty line
        startFilter(policy.port());
        for (String user : List.of("a", "b", "c", "d", "e", "f")) {
            rcpt("1" + user.charAt(0), "2", user + "@example.com");
            assertThat(next()).isEqualTo("filter-result|1" + user.charAt(0) + "|2|proceed");
        }
        rcpt("1f0", "2", "g@example.com");
        assertThat(next()).isEqualTo("filter-result|1f0|2|reject|550 5.2.2 no room");
    }

    @Test
    void linesItCannotUseAreSkippedAndTheFilterKeepsServing() throws Exception {
        policy.answer("john@example.com", "action=DUNNO\n\n");
        startFilter(policy.port());
        send("""
                hello
                report|0.7|1733390000.1|smtp-in|link-connect|0123|mail.example.org|pass|192.0.2.1:1234|192.0.2.2:25
                filter|0.7
                filter|0.7|1733390000.2|smtp-in|rcpt-to|not-hex|02|john@example.com
                filter|0.7|1733390000.3|smtp-in|data-line|0aa|02|line
                ||||||||
                \u0000\u00ff\r
                """);
        // a phase it never asked for, or an empty address: proceed, never a session left waiting
        send("filter|0.7|1733390000.4|smtp-in|helo|0ab|02|client.example.org\n");
        assertThat(next()).isEqualTo("filter-result|0ab|02|proceed");
        send("filter|0.7|1733390000.5|smtp-in|rcpt-to|0ac|02|\n");
        assertThat(next()).isEqualTo("filter-result|0ac|02|proceed");
        rcpt("0ad", "02", "john@example.com");
        assertThat(next()).isEqualTo("filter-result|0ad|02|proceed");
        assertThat(filter.isAlive()).isTrue();
        assertThat(out).isEmpty();
    }

    @Test
    void interleavedSessionsGetTheirOwnAnswersAndASlowOneHoldsUpNoOther() throws Exception {
        policy.answer("full@example.com", "action=" + MailRenderer.OVER_QUOTA + "\n\n");
        policy.answer("john@example.com", "action=DUNNO\n\n");
        policy.delay("full@example.com", 800);
        startFilter(policy.port());
        rcpt("aaaa", "0001", "full@example.com");
        rcpt("bbbb", "0002", "john@example.com");
        assertThat(next()).isEqualTo("filter-result|bbbb|0002|proceed");
        assertThat(next()).isEqualTo("filter-result|aaaa|0001|reject|" + MailRenderer.OVER_QUOTA);
    }

    @Test
    void beforeProtocol05TheTokenComesFirst() throws Exception {
        policy.answer("john@example.com", "action=DUNNO\n\n");
        startFilter(policy.port());
        send("filter|0.4|1733390000.000001|smtp-in|rcpt-to|00aa|00bb|john@example.com\n");
        assertThat(next()).isEqualTo("filter-result|00bb|00aa|proceed");
    }

    @Test
    void itExitsWhenSmtpdClosesItsInput() throws Exception {
        startFilter(policy.port());
        filter.getOutputStream().close();
        assertThat(filter.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(filter.exitValue()).isZero();
    }

    @Test
    void theInstalledFilterAsksTheServicesPortAndIsValidPerl() throws Exception {
        String text = MailRenderer.quotaFilter();
        assertThat(text).startsWith("#!/usr/bin/perl\n").contains(": " + MailLayout.QUOTA_STATUS_PORT + ";\n")
                .doesNotContain("{{");
        Path script = dir.resolve("quota-filter");
        Files.writeString(script, text);
        Process check = new ProcessBuilder("perl", "-c", script.toString()).redirectErrorStream(true).start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(said).isZero();
        // only perl-base's modules: the filter must run on a server where nothing else was installed
        assertThat(text.lines().filter(l -> l.startsWith("use ")).map(l -> l.split("[ ;]")[1]))
                .allMatch(m -> List.of("strict", "warnings", "Errno", "Fcntl", "IO::Handle", "IO::Select", "Socket").contains(m));
    }

    /** A quota-status stand-in: answers each recipient as told, or waits, or says nothing at all. */
    private static final class PolicyServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Map<String, String> answers = new ConcurrentHashMap<>();
        private final Map<String, Long> delays = new ConcurrentHashMap<>();
        final List<String> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> open = new CopyOnWriteArrayList<>();

        PolicyServer() throws IOException {
            Thread t = new Thread(this::serve);
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        void answer(String rcpt, String text) {
            answers.put(rcpt, text);
        }

        void delay(String rcpt, long millis) {
            delays.put(rcpt, millis);
        }

        void silent(String rcpt) {
            delays.put(rcpt, Long.MAX_VALUE);
        }

        private void serve() {
            try {
                while (true) {
                    Socket s = server.accept();
                    open.add(s);
                    Thread t = new Thread(() -> handle(s));
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void handle(Socket s) {
            try (s) {
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                StringBuilder request = new StringBuilder();
                String rcpt = "";
                for (String line; (line = in.readLine()) != null; ) {
                    request.append(line).append('\n');
                    if (line.startsWith("recipient=")) {
                        rcpt = line.substring("recipient=".length());
                    }
                    if (line.isEmpty()) {
                        break;
                    }
                }
                requests.add(request.toString());
                long delay = delays.getOrDefault(rcpt, 0L);
                if (delay == Long.MAX_VALUE) {
                    in.read(); // until the filter gives up and closes
                    return;
                }
                Thread.sleep(delay);
                s.getOutputStream().write(answers.getOrDefault(rcpt, "action=DUNNO\n\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException | InterruptedException e) {
                // the filter closed first
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }
}
