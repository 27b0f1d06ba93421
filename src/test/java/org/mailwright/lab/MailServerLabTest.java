package org.mailwright.lab;

import org.mailwright.lab.LabMailServer.Installed;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import javax.net.ssl.SSLSocketFactory;
import java.util.Properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;

/**
 * The setup engine on real Debian 12 and 13: a fresh droplet, `apply` with certbot against the lab's pebble, then
 * the mail server checked independently with real clients (angus-mail SMTP and IMAP), a second apply that changes
 * nothing, and a broken config that is rolled back. One droplet per release, set up once, shared by the checks.
 */
@LabTest
class MailServerLabTest {
    static final String PASSWORD = "a'b\"c$(id)-Lab-9";
    static final String USER = LabMailServer.USER;
    /** A fresh server's first apply, apt's run and the work done before it included: the bare rootfs. */
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mw-", PASSWORD).bare();

    static int cli(String[] output, String... args) {
        return LabMailServer.cli(output, null, args);
    }

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    private static Session session(LabDroplet d, int smtpPort) throws Exception {
        return LabMailServer.session(d, smtpPort);
    }

    private static void send(LabDroplet d, int port, String to, String subject) throws Exception {
        LabMailServer.send(d, session(d, port), USER, PASSWORD, to, subject, "hello from the lab test");
    }

    /** Polls the INBOX over IMAPS until a message with this subject is there. */
    private static Optional<String> fetchRaw(LabDroplet d, String subject) throws Exception {
        return LabMailServer.awaitInInbox(d, session(d, 587), USER, PASSWORD, subject, 40, Duration.ofMillis(500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void applySucceedsWithCertbotAndVerifiesItself(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        assertThat(i.firstExit()).as(i.firstRun()).isZero();
        assertThat(i.firstRun()).contains("Verify the mail server").doesNotContain("ERROR");
        String issuer = i.droplet().exec("openssl", "x509", "-in", "/etc/letsencrypt/live/mail.example.com/fullchain.pem", "-noout", "-issuer").output();
        assertThat(issuer).containsIgnoringCase("pebble");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void submissionOn587And465IsDeliveredAndReadableOverImaps(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        String s587 = "via 587 " + UUID.randomUUID();
        String s465 = "via 465 " + UUID.randomUUID();
        send(d, 587, USER, s587);
        send(d, 465, USER, s465);
        assertThat(fetchRaw(d, s587)).isPresent();
        assertThat(fetchRaw(d, s465)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aliasDeliversAndMailIsDkimSignedAndVerifiable(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        String subject = "alias " + UUID.randomUUID();
        send(d, 587, "info@" + d.domain(), subject);
        String raw = fetchRaw(d, subject).orElseThrow(() -> new AssertionError("alias mail never arrived"));
        assertThat(raw).contains("DKIM-Signature:").containsPattern("d=example\\.com;");
        // verify the delivered file on the server; rspamd treats lab (10.x) senders as local unless told otherwise
        var check = d.exec("sh", "-c", "f=$(grep -rl '" + subject + "' /var/vmail/example.com/ | head -n1); rspamc -i 192.0.2.10 symbols < \"$f\"");
        assertThat(check.output()).contains("R_DKIM_ALLOW");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void wrongPasswordAndPlaintextAuthAreRefused(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        Session s = session(d, 587);
        assertThatThrownBy(() -> {
            try (Transport t = s.getTransport("smtp")) {
                t.connect(d.host(), 587, USER, "not-the-password-1");
            }
        }).isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
        // swaks without --tls: the server must not even offer AUTH before STARTTLS
        var swaks = new ProcessBuilder("swaks", "--server", d.host(), "--port", "587", "--from", USER, "--to", USER,
                "--auth", "PLAIN", "--auth-user", USER, "--auth-password", PASSWORD, "--quit-after", "AUTH", "--timeout", "20")
                .redirectErrorStream(true).start();
        String dialogue = new String(swaks.getInputStream().readAllBytes());
        swaks.waitFor();
        assertThat(dialogue).contains("250").doesNotContain("235 ");
        assertThat(dialogue).containsPattern("did not advertise|<~?\\*? ?5\\d\\d");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void isNotAnOpenRelay(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        var swaks = new ProcessBuilder("swaks", "--server", d.host(), "--port", "25", "--from", "spammer@example.net",
                "--to", "victim@example.org", "--quit-after", "RCPT", "--timeout", "20").redirectErrorStream(true).start();
        String out = new String(swaks.getInputStream().readAllBytes());
        swaks.waitFor();
        assertThat(out).containsPattern("<\\*\\* 5\\d\\d").doesNotContain("<-  250 2.1.5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void secondApplyChangesNothingAndPlanSaysNoChanges(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        String[] out = new String[1];
        int exit = cli(out, "apply", i.spec().toString(), "--known-hosts", i.knownHosts().toString(), "--dns-server", i.droplet().gateway(),
                "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).contains("Nothing to change").doesNotContain("      - ");
        exit = cli(out, "plan", i.spec().toString(), "--known-hosts", i.knownHosts().toString(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).contains("no changes");
    }

    /** A real client configured only from the exported Thunderbird autoconfig file sends and reads a message. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void exportedSettingsWorkInARealClient(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        Path out = Files.createTempDirectory("mailwright-export");
        String[] log = new String[1];
        assertThat(cli(log, "export", i.spec().toString(), "--out", out.toString())).as(log[0]).isZero();
        Path xml;
        try (var files = Files.walk(out)) {
            xml = files.filter(f -> f.getFileName().toString().equals("config-v1.1.xml")).findFirst().orElseThrow();
        }
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        var in = (org.w3c.dom.Element) doc.getElementsByTagName("incomingServer").item(0);
        var smtp = (org.w3c.dom.Element) doc.getElementsByTagName("outgoingServer").item(0);
        java.util.function.BiFunction<org.w3c.dom.Element, String, String> text = (e, tag) -> e.getElementsByTagName(tag).item(0).getTextContent();
        assertThat(text.apply(in, "hostname")).isEqualTo(d.mailHost());
        assertThat(text.apply(smtp, "hostname")).isEqualTo(d.mailHost());
        assertThat(text.apply(in, "username")).isEqualTo("%EMAILADDRESS%");

        // the lab has no public DNS for the client: mail.example.com is this droplet
        SSLSocketFactory tls = LabMailServer.trustingLabCa(d);
        Properties p = new Properties();
        p.put("mail.smtp.port", text.apply(smtp, "port"));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.ssl.socketFactory", tls);
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        if (text.apply(smtp, "socketType").equals("STARTTLS")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        } else {
            p.put("mail.smtp.ssl.enable", "true");
        }
        String imapProtocol = text.apply(in, "socketType").equals("SSL") ? "imaps" : "imap";
        p.put("mail." + imapProtocol + ".port", text.apply(in, "port"));
        p.put("mail." + imapProtocol + ".ssl.socketFactory", tls);
        p.put("mail." + imapProtocol + ".ssl.checkserveridentity", "false");
        Session s = Session.getInstance(p);
        String subject = "exported settings " + UUID.randomUUID();
        LabMailServer.send(s, d.host(), USER, PASSWORD, USER, subject, "sent with the exported settings");
        boolean found = LabMailServer.awaitInInbox(s, imapProtocol, d.host(), USER, PASSWORD, subject, 40, Duration.ofMillis(500)).isPresent();
        assertThat(found).as("the message sent with the exported settings arrived").isTrue();
    }

    /**
     * Issue 19: the records of the running server (its DKIM key read from it) shown as zone lines and JSON, then
     * published by RFC 2136 with a tsig-keygen key to a real BIND on this machine holding records Mailwright did not
     * make; a second publish changes nothing, and check is green against that BIND.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void dnsShowAndPublishThroughRfc2136ToARealBind(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String pub = d.exec("sh", "-c", "openssl pkey -in /etc/dkim/example.com.dkim.key -pubout | grep -v -- -----").output().replace("\n", "");
        String[] out = new String[1];
        assertThat(cli(out, "dns", "show", i.spec().toString(), "--known-hosts", i.knownHosts().toString())).as(out[0]).isZero();
        assertThat(out[0]).contains("mail.example.com.\t3600\tIN\tA\t" + d.host()).contains("example.com.\t3600\tIN\tMX\t10 mail.example.com.")
                .contains("dkim._domainkey.example.com.\t3600\tIN\tTXT\t(").contains(pub.substring(0, 200));
        assertThat(cli(out, "dns", "show", i.spec().toString(), "--format", "json", "--known-hosts", i.knownHosts().toString())).as(out[0]).isZero();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out[0].substring(out[0].indexOf('{')));
        assertThat(json.get("records").findValuesAsText("value")).contains("v=DKIM1; k=rsa; p=" + pub, "10 mail.example.com.");

        Path dir = Files.createTempDirectory("mailwright-lab-bind");
        Process keygen = new ProcessBuilder(org.mailwright.dns.LoopbackDns.requireBinary("tsig-keygen", "bind9"), "mailwright").start();
        String key = new String(keygen.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(keygen.waitFor()).isZero();
        Path keyFile = Files.writeString(dir.resolve("tsig.key"), key);
        String[] octets = d.host().split("\\.");
        try (org.mailwright.dns.LoopbackDns dns = new org.mailwright.dns.LoopbackDns()) {
            var zones = org.mailwright.dns.LoopbackDns.zones();
            zones.put("example.com", org.mailwright.dns.LoopbackDns.zone("example.com", 1, "@ MX 10 mx.old-host.test.\n"
                    + "@ TXT \"google-site-verification=lab\"\nwww A 192.0.2.80\n"));
            zones.put(octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa", org.mailwright.dns.LoopbackDns.zone(
                    octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa", 1, octets[3] + " PTR mail.example.com.\n"));
            var named = dns.startNamed(zones, key, "update-policy { grant mailwright zonesub ANY; }; allow-transfer { key mailwright; };");
            String server = "127.0.0.1:" + named.getPort();
            Path spec = Files.writeString(dir.resolve("server.yaml"), Files.readString(i.spec())
                    + "dns: { provider: rfc2136, server: \"" + server + "\", key-file: " + keyFile + " }\n");

            int exit = cli(out, "dns", "publish", spec.toString(), "--known-hosts", i.knownHosts().toString(), "--wait", "30");
            assertThat(exit).as(out[0]).isZero();
            assertThat(out[0]).contains("+ mail.example.com 3600 A " + d.host(), "- example.com 300 MX 10 mx.old-host.test.",
                    "\"google-site-verification=lab\"  (kept)", "Every authoritative server answers the new records");
            assertThat(out[0]).doesNotContain(key.substring(key.indexOf("secret \"") + 8, key.indexOf("secret \"") + 30));

            exit = cli(out, "dns", "publish", spec.toString(), "--known-hosts", i.knownHosts().toString());
            assertThat(exit).as(out[0]).isZero();
            assertThat(out[0]).contains("0 to create, 0 to change").contains("Nothing to change.");

            exit = cli(out, "check", i.spec().toString(), "--known-hosts", i.knownHosts().toString(), "--dns-server", server, "--no-internet-checks");
            assertThat(exit).as(out[0]).isZero();
            assertThat(out[0]).contains("ok  A mail.example.com").contains("ok  MX example.com").contains("ok  SPF example.com")
                    .contains("ok  PTR " + d.host()).contains("ok  DMARC example.com").contains("ok  DKIM dkim._domainkey.example.com");
            var txt = new org.mailwright.dns.ServerQuerier(named, Duration.ofSeconds(2), true).query("example.com", org.xbill.DNS.Type.TXT).join();
            assertThat(txt.records()).extracting(org.xbill.DNS.Record::rdataToString).contains("\"google-site-verification=lab\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void checkReportsTheLabsPublishedRecordsAsRight(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        String[] out = new String[1];
        int exit = cli(out, "check", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).contains("ok  A mail.example.com").contains("ok  MX example.com").contains("ok  SPF example.com")
                .contains("ok  PTR " + i.droplet().host()).contains("ok  DMARC example.com")
                .containsPattern("ok  DKIM dkim._domainkey.example.com: .*2048-bit key \\(2 strings");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void brokenSmtpdConfigIsRolledBackAndSmtpdKeepsRunning(String suite) throws Exception {
        LabDroplet d = SERVERS.get(suite).droplet();
        try (SshRemoteHost host = SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), "root", Auth.keyFile(d.sshKey())),
                new HostKeyStore(SERVERS.get(suite).knownHosts()), HostKeyPrompt.rejectUnknown())) {
            StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);
            String before = new String(host.read("/etc/smtpd.conf").orElseThrow());
            // a syntax error: smtpd names its line (a valid line with a wrong value, e.g. an unknown interface, it does not)
            String text = before + (before.endsWith("\n") ? "" : "\n") + "this is not smtpd syntax at all\n";
            long line = text.lines().count();
            FileChange broken = ConfigFiles.plan(ctx, "/etc/smtpd.conf", text, 0644, "root", "root", false).orElseThrow();
            assertThatThrownBy(() -> ConfigFiles.write(ctx, List.of(broken), Optional.of(Command.of("smtpd", "-n")), "smtpd -n"))
                    .isInstanceOf(StepFailedException.class).hasMessageContaining("rolled back")
                    // smtpd names the line, and Mailwright quotes it from the file it tried to write
                    .hasMessageContaining("/etc/smtpd.conf:" + line + ": syntax error")
                    .hasMessageContaining("/etc/smtpd.conf line " + line + ": \"this is not smtpd syntax at all\"");
            assertThat(new String(host.read("/etc/smtpd.conf").orElseThrow())).isEqualTo(before);
            assertThat(host.exec(Command.of("systemctl", "is-active", "opensmtpd")).stdout().strip()).isEqualTo("active");
            assertThat(host.exec(Command.of("smtpd", "-n")).ok()).isTrue();
        }
    }
}
