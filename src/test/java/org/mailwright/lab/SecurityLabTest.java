package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an attacker or a careless admin would find on a server set up by apply, checked from outside with real tools
 * (openssl s_client, raw SMTP) and on the files themselves: TLS 1.2 or newer only, no open relay, no password over
 * plaintext, secrets readable only by the daemons that need them, and all of it still so after a reboot. One droplet
 * per release (mwsec-SUITE); the reboot comes last because it is the only check that disturbs the server.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityLabTest {
    static final String PASSWORD = "Sec-Lab-Pw-7q";
    static final String USER = LabMailServer.USER;
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwsec-", PASSWORD).requireApplied();
    /** s_client flags every handshake gets, so the protocol flag is the only thing that changes between attempts. */
    private static final List<String> LEGACY_ALLOWED = List.of("-cipher", "DEFAULT@SECLEVEL=0");

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    private static void log(String suite, String line) {
        System.err.println("[security " + suite + "] " + line);
    }

    // ------------------------------------------------------------------ 1. TLS versions

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void tlsBelow12IsRefusedOn465And587And993(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();

        // control: openssl 3 refuses TLS < 1.2 on the client side at its default security level, which would make
        // every "refused" below meaningless; with the same flags against a server that speaks only 1.1, it completes
        Handshake control = controlTls11Handshake();
        log(suite, "control s_server -tls1_1, s_client -tls1_1 " + String.join(" ", LEGACY_ALLOWED) + ": " + control);
        assertThat(control.ok()).as(control.output()).isTrue();
        assertThat(control.protocol()).isEqualTo("TLSv1.1");

        long since = Long.parseLong(d.exec("date", "+%s").output().strip()) - 1;
        for (int port : List.of(465, 587, 993)) {
            boolean starttls = port == 587;
            for (String version : List.of("tls1_3", "tls1_2")) {
                Handshake h = sClient(d.host(), port, starttls, version);
                log(suite, port + " -" + version + ": " + h);
                assertThat(h.ok()).as(port + " -" + version + "\n" + h.output()).isTrue();
                assertThat(h.protocol()).isEqualTo(version.equals("tls1_3") ? "TLSv1.3" : "TLSv1.2");
            }
            for (String version : List.of("tls1_1", "tls1")) {
                Handshake h = sClient(d.host(), port, starttls, version);
                log(suite, port + " -" + version + ": " + h);
                assertThat(h.ok()).as(port + " -" + version + " must be refused\n" + h.output()).isFalse();
                // the server's answer to the hello: alert 70 (OpenSSL's servers), or the connection closed without
                // one (Dovecot 2.3); not a refusal on this side or a failed connection
                assertThat(h.error()).containsAnyOf("tlsv1 alert protocol version", "unexpected eof while reading");
            }
        }

        // and the servers say why, in their own words
        String journal = d.exec("journalctl", "--since", "@" + since, "--no-pager", "-o", "cat").output();
        List<String> smtpd = journal.lines().filter(l -> l.contains("smtp disconnected") && l.contains("unsupported protocol")).toList();
        List<String> dovecot = journal.lines().filter(l -> l.contains("imap-login") && l.contains("unsupported protocol")).toList();
        log(suite, "smtpd logged " + smtpd.size() + "x: " + smtpd.stream().findFirst().orElse("-"));
        log(suite, "dovecot logged " + dovecot.size() + "x: " + dovecot.stream().findFirst().orElse("-"));
        assertThat(smtpd).as("smtpd refusals for 465 and 587").hasSizeGreaterThanOrEqualTo(4);
        assertThat(dovecot).as("dovecot refusals for 993").hasSizeGreaterThanOrEqualTo(2);

        // port 25: other servers deliver here and may fall back to plaintext (RFC 3207), so TLS is offered, not
        // required; what it accepts is recorded, and only what is asserted below is required of it
        try (Smtp smtp = new Smtp(d.host(), 25)) {
            assertThat(smtp.ehlo()).contains("STARTTLS");
        }
        Map<String, Boolean> port25 = new LinkedHashMap<>();
        for (String version : List.of("tls1_3", "tls1_2", "tls1_1", "tls1")) {
            Handshake h = sClient(d.host(), 25, true, version);
            log(suite, "25 STARTTLS -" + version + ": " + h);
            port25.put(version, h.ok());
        }
        log(suite, "25 accepts: " + port25);
        assertThat(port25).containsEntry("tls1_2", true).containsEntry("tls1_3", true);
    }

    record Handshake(boolean ok, String protocol, String cipher, String error, String output) {
        @Override
        public String toString() {
            return ok ? "CONNECTION ESTABLISHED, Protocol version: " + protocol + ", Ciphersuite: " + cipher : "refused: " + error;
        }
    }

    private static final Pattern PROTOCOL = Pattern.compile("(?m)^Protocol version: (\\S+)$");
    private static final Pattern CIPHER = Pattern.compile("(?m)^Ciphersuite: (\\S+)$");
    private static final Pattern ERROR = Pattern.compile("(?m)^\\S+:error:\\S+:(.*)$");

    /**
     * {@code s_client -brief} prints "CONNECTION ESTABLISHED" and "Protocol version: V" (the version negotiated) only
     * after a completed handshake, else openssl's error lines, such as the server's alert.
     */
    static Handshake parse(String out) {
        String protocol = find(PROTOCOL, out);
        boolean ok = out.contains("CONNECTION ESTABLISHED") && !protocol.isEmpty();
        return new Handshake(ok, protocol, find(CIPHER, out), find(ERROR, out).strip(), out);
    }

    private static String find(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group(1) : "";
    }

    static Handshake sClient(String host, int port, boolean starttls, String version) {
        List<String> argv = new ArrayList<>(List.of("timeout", "20", "openssl", "s_client", "-brief", "-connect", host + ":" + port,
                "-servername", "mail.example.com", "-" + version));
        argv.addAll(LEGACY_ALLOWED);
        if (starttls) {
            argv.addAll(List.of("-starttls", "smtp"));
        }
        return parse(hostCommand(Duration.ofSeconds(30), argv).output());
    }

    /** A throw-away s_server on loopback that speaks TLS 1.1 only, and the client command the droplet gets. */
    static Handshake controlTls11Handshake() throws Exception {
        Path dir = Files.createTempDirectory("mws-tls-control");
        try {
            Path key = dir.resolve("key.pem");
            Path cert = dir.resolve("cert.pem");
            assertThat(hostCommand(Duration.ofSeconds(60), List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "1", "-subj", "/CN=tls-control", "-keyout", key.toString(), "-out", cert.toString())).exit()).isZero();
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            // stdin stays open: at end of input s_server drops the connection before the handshake
            Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(),
                    "-key", key.toString(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-naccept", "1")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("ACCEPT")) {
                    // "Using default temp DH parameters" and the like
                }
                assertThat(line).as("s_server listening").isEqualTo("ACCEPT");
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                        // s_server gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return sClient("127.0.0.1", port, false, "tls1_1");
            } finally {
                server.destroy();
                if (!server.waitFor(5, TimeUnit.SECONDS)) {
                    server.destroyForcibly();
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    // ------------------------------------------------------------------ 2. relay

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void port25RefusesToRelayForStrangers(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        for (boolean tls : List.of(false, true)) {
            try (Smtp smtp = new Smtp(d.host(), 25)) {
                smtp.ehlo();
                if (tls) {
                    smtp.startTls(d);
                    smtp.ehlo();
                }
                String how = tls ? "after STARTTLS" : "plaintext";
                assertThat(smtp.command("MAIL FROM:<x@elsewhere.test>")).startsWith("250");
                String relay = smtp.command("RCPT TO:<victim@elsewhere.org>");
                log(suite, "25 " + how + ": RCPT TO:<victim@elsewhere.org> -> " + relay);
                assertThat(relay).as("relay to a foreign domain " + how).matches("(?s)5\\d\\d.*");
                // control: the same unauthenticated session may deliver to a local mailbox
                String local = smtp.command("RCPT TO:<" + USER + ">");
                log(suite, "25 " + how + ": RCPT TO:<" + USER + "> -> " + local);
                assertThat(local).startsWith("250");
                assertThat(smtp.command("RSET")).startsWith("250");
                // a forged local sender is no key to relaying either
                assertThat(smtp.command("MAIL FROM:<" + USER + ">")).startsWith("250");
                String forged = smtp.command("RCPT TO:<victim@elsewhere.org>");
                log(suite, "25 " + how + ": MAIL FROM:<" + USER + "> RCPT TO:<victim@elsewhere.org> -> " + forged);
                assertThat(forged).matches("(?s)5\\d\\d.*");
            }
        }
    }

    // ------------------------------------------------------------------ 3. no password in plaintext

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void passwordsNeverTravelInPlaintext(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        String plain = Base64.getEncoder().encodeToString(("\0" + USER + "\0" + PASSWORD).getBytes(StandardCharsets.US_ASCII));

        try (Smtp smtp = new Smtp(d.host(), 587)) {
            String ehlo = smtp.ehlo();
            log(suite, "587 EHLO before STARTTLS: " + ehlo.replace("\r\n", " | "));
            assertThat(ehlo).contains("STARTTLS").doesNotContainPattern("(?m)^250[- ]AUTH");
            // the right password, sent anyway: refused without being checked
            String auth = smtp.command("AUTH PLAIN " + plain);
            log(suite, "587 AUTH PLAIN before STARTTLS -> " + auth);
            assertThat(auth).matches("(?s)5\\d\\d.*");
            // control: the same session after STARTTLS offers AUTH, so the check above could see it
            smtp.command("RSET");
            smtp.startTls(d);
            String after = smtp.ehlo();
            log(suite, "587 EHLO after STARTTLS: " + after.replace("\r\n", " | "));
            assertThat(after).containsPattern("(?m)^250[- ]AUTH PLAIN");
            assertThat(smtp.command("AUTH PLAIN " + plain)).startsWith("235");
        }

        // port 25 is for other servers: no login at all, before or after STARTTLS
        try (Smtp smtp = new Smtp(d.host(), 25)) {
            assertThat(smtp.ehlo()).doesNotContainPattern("(?m)^250[- ]AUTH");
            String auth = smtp.command("AUTH PLAIN " + plain);
            log(suite, "25 AUTH PLAIN -> " + auth);
            assertThat(auth).matches("(?s)5\\d\\d.*");
            smtp.command("RSET");
            smtp.startTls(d);
            String after = smtp.ehlo();
            log(suite, "25 EHLO after STARTTLS: " + after.replace("\r\n", " | "));
            assertThat(after).doesNotContainPattern("(?m)^250[- ]AUTH");
            assertThat(smtp.command("AUTH PLAIN " + plain)).matches("(?s)5\\d\\d.*");
        }

        // IMAP: only 993 (TLS from the first byte); nothing listens on 143, whatever the firewall says
        String listeners = d.exec("ss", "-Hltn").output();
        log(suite, "TCP listeners:\n" + listeners.strip());
        assertThat(listeners).containsPattern("[:*]993\\s").doesNotContainPattern("[:*]143\\s");
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(d.host(), 143), 3000);
            }
        }).isInstanceOf(IOException.class);
    }

    // ------------------------------------------------------------------ 4. secrets on disk

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void secretsAreReadableOnlyByTheDaemonsThatNeedThem(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        Map<String, String> found = new LinkedHashMap<>();
        for (String path : List.of("/etc/dkim", "/etc/dkim/example.com.dkim.key", "/etc/mail/credentials",
                "/etc/letsencrypt/live/mail.example.com/privkey.pem", "/etc/letsencrypt/archive", "/etc/letsencrypt/live")) {
            // -L: certbot's live/ names are symlinks into archive/
            var st = d.exec("stat", "-L", "-c", "%U:%G %a", path);
            assertThat(st.exitCode()).as(path + ": " + st.errors()).isZero();
            found.put(path, st.output().strip());
        }
        log(suite, "owners and modes: " + found);
        // exactly what the Dkim and OpenSmtpd steps set: rspamd signs, smtpd and dovecot's auth check passwords
        assertThat(found.get("/etc/dkim")).isEqualTo("root:_rspamd 750");
        assertThat(found.get("/etc/dkim/example.com.dkim.key")).isEqualTo("root:_rspamd 440");
        assertThat(found.get("/etc/mail/credentials")).isEqualTo("opensmtpd:dovecot 440");
        // certbot's own choice; what matters is that the key is root's and nobody else's
        assertThat(found.get("/etc/letsencrypt/live/mail.example.com/privkey.pem")).startsWith("root:").matches(".* [0-7][0-7]0");
        for (String secret : List.of("/etc/dkim/example.com.dkim.key", "/etc/mail/credentials", "/etc/letsencrypt/live/mail.example.com/privkey.pem")) {
            assertThat(found.get(secret)).as(secret + " is world-readable").matches(".* [0-7][0-7]0");
        }

        String credentials = d.exec("cat", "/etc/mail/credentials").output();
        assertThat(credentials.lines()).isNotEmpty().allSatisfy(line -> {
            Matcher m = Pattern.compile("^[^:]+:\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}::::::$").matcher(line);
            assertThat(m.matches()).as("a bcrypt line: " + line).isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("bcrypt cost").isGreaterThanOrEqualTo(12);
        });
        log(suite, "credentials: " + credentials.lines().map(l -> l.replaceAll("\\$[./A-Za-z0-9]{53}", "\\$<53 chars>")).toList());
        // the password itself is nowhere in the configuration, root's files or the mailboxes
        var grep = d.exec("grep", "-rlsF", "--", PASSWORD, "/etc", "/root", "/var/vmail");
        assertThat(grep.output()).as("files holding the password").isBlank();
    }

    // ------------------------------------------------------------------ 5. reboot

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void afterARebootEverythingComesBackByItself(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        String ufwBefore = d.exec("ufw", "status", "verbose").output();
        assertThat(ufwBefore).contains("Status: active");
        assertFirewallDropsAnUnlistedPort(d, suite, "before the reboot");

        long t0 = System.nanoTime();
        Duration reboot = d.reboot();
        log(suite, "lab/droplet reboot: " + reboot.toMillis() + " ms (shutdown " + d.env().get("SHUTDOWN_SECONDS") + " s)");

        List<String> services = List.of("opensmtpd", "dovecot", "rspamd", "redis-server");
        String states = "";
        for (int i = 0; i < 120; i++) {
            states = d.exec(Stream.concat(Stream.of("systemctl", "is-active"), services.stream()).toArray(String[]::new)).output();
            if (states.lines().allMatch("active"::equals)) {
                break;
            }
            Thread.sleep(500);
        }
        log(suite, "services active " + (System.nanoTime() - t0) / 1_000_000 + " ms after systemctl reboot: "
                + String.join(",", states.lines().toList()));
        assertThat(states.lines().toList()).as(String.join(",", services)).containsExactly("active", "active", "active", "active");
        log(suite, "failed units after the reboot: [" + d.exec("systemctl", "--failed", "--no-legend", "--plain").output().strip() + "]");

        // the lab emptied the firewall during the reboot: these rules were loaded again by the droplet itself
        String ufwAfter = d.exec("ufw", "status", "verbose").output();
        assertThat(ufwAfter).isEqualTo(ufwBefore);
        assertFirewallDropsAnUnlistedPort(d, suite, "after the reboot");

        String subject = "after reboot " + UUID.randomUUID();
        Session s = LabMailServer.session(d, 587);
        LabMailServer.send(d, s, USER, PASSWORD, USER, subject, "sent after a reboot");
        boolean found = LabMailServer.awaitInInbox(d, s, USER, PASSWORD, subject, 60, Duration.ofSeconds(1)).isPresent();
        log(suite, "mail sent on 587 and read over IMAPS " + (System.nanoTime() - t0) / 1_000_000 + " ms after systemctl reboot");
        assertThat(found).as("the message sent after the reboot arrived").isTrue();
    }

    /**
     * ufw must be enforcing, not just report itself active: a port something listens on but no rule allows is
     * unreachable from outside while it answers inside.
     */
    private static void assertFirewallDropsAnUnlistedPort(LabDroplet d, String suite, String when) throws Exception {
        String unit = "mws-probe-" + UUID.randomUUID().toString().substring(0, 8);
        var started = d.exec("systemd-run", "--unit=" + unit, "--collect", "--property=RuntimeMaxSec=120",
                "openssl", "s_server", "-accept", "9999", "-nocert", "-quiet");
        assertThat(started.exitCode()).as(started.errors()).isZero();
        try {
            String listening = "";
            for (int i = 0; i < 50 && listening.isBlank(); i++) {
                listening = d.exec("ss", "-Hltn", "sport = :9999").output();
                Thread.sleep(100);
            }
            assertThat(listening).as("probe listener on 9999 inside").isNotBlank();
            // a timeout, not "connection refused": the SYN was dropped, which only a firewall does to a listening port
            assertThatThrownBy(() -> {
                try (Socket sock = new Socket()) {
                    sock.connect(new InetSocketAddress(d.host(), 9999), 3000);
                }
            }).as("9999 reachable from outside " + when).isInstanceOf(java.net.SocketTimeoutException.class);
            // and it was listening all along
            assertThat(d.exec("ss", "-Hltn", "sport = :9999").output()).isNotBlank();
            assertThat(d.exec("timeout", "3", "bash", "-c", "exec 3<>/dev/tcp/" + d.host() + "/9999").ok())
                    .as("9999 reachable inside the droplet").isTrue();
            log(suite, "firewall " + when + ": 9999 listens inside, the host's SYN is dropped");
        } finally {
            d.exec("systemctl", "stop", unit);
        }
    }

    // ------------------------------------------------------------------ helpers

    record HostResult(int exit, String output) {
    }

    /** A command on this machine (not the droplet), stdout and stderr together. */
    static HostResult hostCommand(Duration timeout, List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException e) {
                    // process gone
                }
            });
            pump.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + argv);
            }
            pump.join(5000);
            return new HostResult(p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A raw SMTP session: every reply as the server sent it, so the tests see exact codes and capabilities. */
    static final class Smtp implements Closeable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;
        private final String host;

        Smtp(String host, int port) throws IOException {
            this.host = host;
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), 10_000);
            socket.setSoTimeout(30_000);
            streams();
            String greeting = reply();
            assertThat(greeting).startsWith("220");
        }

        private void streams() throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
        }

        String ehlo() throws IOException {
            String r = command("EHLO client.elsewhere.test");
            assertThat(r).startsWith("250");
            return r;
        }

        String command(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply();
        }

        /** One reply, all its lines ("250-..." up to "250 ..."), joined by CRLF. */
        String reply() throws IOException {
            StringBuilder sb = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed after: " + sb);
                }
                sb.append(sb.length() == 0 ? "" : "\r\n").append(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            return sb.toString();
        }

        void startTls(LabDroplet d) throws Exception {
            assertThat(command("STARTTLS")).startsWith("220");
            SSLSocket tls = (SSLSocket) LabMailServer.trustingLabCa(d).createSocket(socket, host, socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            streams();
        }

        @Override
        public void close() throws IOException {
            try {
                command("QUIT");
            } catch (IOException e) {
                // already closed by the server
            } finally {
                socket.close();
            }
        }
    }
}
