package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.lab.MailFlowLabTest.Sink;
import org.mailwright.lab.MailFlowLabTest.Smtp;
import org.xbill.DNS.ReverseMap;

/**
 * Issue 18, IPv6 end to end, on one droplet per release (mw6-SUITE) booted with {@code lab/droplet up --ipv6}: eth0 has
 * 10.200.N.2 and fd00:200:N::2, the lab's DNS gives mail.example.com an AAAA and an ip6.arpa PTR. Both addresses are
 * private (RFC 1918, RFC 4193 unique local), so Mailwright takes them both as the server's addresses, as it does for
 * any server on a private network: no public-address rule is bent for the lab.
 *
 * <p>Other servers are SMTP sinks in this JVM on the droplet's two gateway addresses, port 25: {@code v6only.test}'s MX
 * has only an AAAA record (the IPv6 gateway), {@code dual.test}'s has an A and an AAAA record. The sink records the
 * peer address, which is the droplet's source address for the message.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Ipv6LabTest {
    static final String PASSWORD = "Ipv6-Lab-18";
    static final String USER = LabMailServer.USER;

    private record Lab(Installed server, Sink v4, Sink v6) {
        LabDroplet droplet() {
            return server.droplet();
        }
    }

    private static final Map<String, Lab> LABS = new ConcurrentHashMap<>();
    private static final Map<String, Throwable> BROKEN = new ConcurrentHashMap<>();

    @AfterAll
    static void tearDown() {
        for (Lab l : LABS.values()) {
            l.v4().close();
            l.v6().close();
            l.droplet().close();
        }
        LABS.clear();
    }

    private static synchronized Lab lab(String suite) throws Exception {
        Lab known = LABS.get(suite);
        if (known != null) {
            return known;
        }
        if (BROKEN.containsKey(suite)) {
            throw new IllegalStateException("the " + suite + " droplet could not be set up", BROKEN.get(suite));
        }
        LabDroplet d = LabDroplet.upWithMailPackages(suite, "mw6-" + suite, "--ipv6");
        Sink v4 = null;
        Sink v6 = null;
        try {
            assertThat(d.host6()).as("lab/droplet up --ipv6 printed HOST6").isNotEmpty();
            v4 = Sink.on(d.gateway());
            v6 = Sink.on(d.gateway6());
            d.addMx("v6only.test", d.gateway6());
            d.addMx("dual.test", d.gateway() + "," + d.gateway6());
            Installed i = LabMailServer.apply(d, USER, PASSWORD, d.sshPort(), LabMailServer.BeforeApply.NOTHING);
            assertThat(i.firstExit()).as(i.firstRun()).isZero();
            Lab l = new Lab(i, v4, v6);
            LABS.put(suite, l);
            return l;
        } catch (Exception | Error e) {
            BROKEN.put(suite, e);
            if (v4 != null) {
                v4.close();
            }
            if (v6 != null) {
                v6.close();
            }
            d.close();
            throw e;
        }
    }

    private static String cli(Lab l, String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {l.server().spec().toString(), "--known-hosts", l.server().knownHosts().toString(),
                "--dns-server", l.droplet().gateway(), "--no-internet-checks"}, 0, all, args.length, 6);
        String[] out = new String[1];
        LabMailServer.cli(out, null, all);
        return out[0];
    }

    /** Mail from john@ on the server itself to {@code to}: smtpd relays it to the recipient domain's MX. */
    private static String sendFromServer(LabDroplet d, String to) {
        String token = "ipv6-lab-" + UUID.randomUUID();
        String message = "From: " + USER + "\nTo: " + to + "\nSubject: " + token + "\nMessage-ID: <" + token + "@" + d.mailHost()
                + ">\n\nWhich family did this leave over?\n";
        var r = d.exec("sh", "-c", "printf '%s' '" + message + "' | sendmail -f " + USER + " " + to);
        assertThat(r.exitCode()).as(r.output() + r.errors()).isZero();
        return token;
    }

    // ------------------------------------------------------------------ the server finds and uses its IPv6 address

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void applyPlansAaaaAndTheIp6ArpaPtrAndListensOnTheIpv6Address(String suite) throws Exception {
        Lab l = lab(suite);
        LabDroplet d = l.droplet();
        String first = l.server().firstRun();
        // the DKIM record was not published yet, so the first apply listed every record to publish (RFC 3596, RFC 3152)
        assertThat(first).contains(d.mailHost() + ".\t3600\tIN\tAAAA\t" + d.host6())
                .contains("; " + ReverseMap.fromAddress(InetAddress.getByName(d.host6())) + "\t3600\tIN\tPTR\t" + d.mailHost() + ".");
        assertThat(first).containsPattern("ok +Port 25 on " + Pattern.quote(d.host6()) + ": smtpd listens on \\[" + Pattern.quote(d.host6()) + "\\]:25");
        assertThat(first).containsPattern("ok +IPv6 sending: mail may leave over IPv6 from " + Pattern.quote(d.host6()));
        assertThat(d.exec("ss", "-Htln").output()).contains("[" + d.host6() + "]:25");
        assertThat(d.exec("grep", "-c", "mta limit", "/etc/smtpd.conf").output().strip()).isEqualTo("0");
        assertThat(d.exec("systemctl", "show", "-p", "After", "opensmtpd").output()).contains("network-online.target");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void checkShowsAaaaPtrForwardConfirmedAndSpfForTheIpv6Address(String suite) throws Exception {
        Lab l = lab(suite);
        LabDroplet d = l.droplet();
        String out = cli(l, "check");
        String v6 = Pattern.quote(d.host6());
        assertThat(out).containsPattern("ok +AAAA " + Pattern.quote(d.mailHost()) + ": .*points at this server \\(" + v6 + "\\)")
                .containsPattern("ok +PTR " + v6 + ": " + v6 + " reverses to " + Pattern.quote(d.mailHost()) + " .*\\(forward-confirmed\\)")
                .containsPattern("ok +SPF example\\.com: the SPF record of example\\.com authorizes [^\\n]*" + v6);
        // the dashboard's status asks the same rule
        var status = StatusLabTest.status(l.server(), new String[1]);
        assertThat(StatusLabTest.severity(status, "ipv6.sending")).as(String.valueOf(status.get("ipv6.sending"))).isEqualTo("OK");
        assertThat(status.get("ipv6.sending").get("message").asText()).contains("mail may leave over IPv6 from " + d.host6());
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void receivesMailOnItsIpv6Address(String suite) throws Exception {
        Lab l = lab(suite);
        LabDroplet d = l.droplet();
        String token = "ipv6-in-" + UUID.randomUUID();
        try (Socket s = new Socket()) {
            // from the host's IPv6 gateway address, as another server on the internet would come over IPv6
            s.bind(new InetSocketAddress(InetAddress.getByName(d.gateway6()), 0));
            s.connect(new InetSocketAddress(InetAddress.getByName(d.host6()), 25), 10_000);
            s.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(Smtp.reply(in)).startsWith("220");
            assertThat(Smtp.command(in, out, "EHLO mx.v6only.test")).startsWith("250");
            assertThat(Smtp.command(in, out, "MAIL FROM:<alice@v6only.test>")).startsWith("250");
            assertThat(Smtp.command(in, out, "RCPT TO:<" + USER + ">")).startsWith("250");
            assertThat(Smtp.command(in, out, "DATA")).startsWith("354");
            String data = "From: alice@v6only.test\r\nTo: " + USER + "\r\nSubject: " + token + "\r\nMessage-ID: <" + token
                    + "@v6only.test>\r\nDate: Sat, 05 Dec 2026 12:00:00 +0000\r\n\r\nOver IPv6.\r\n.\r\n";
            out.write(data.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(Smtp.reply(in)).startsWith("250");
            Smtp.command(in, out, "QUIT");
        }
        var found = d.exec("sh", "-c", "for i in $(seq 60); do f=$(grep -rl '" + token + "' /var/vmail/example.com/john/new "
                + "/var/vmail/example.com/john/cur 2>/dev/null | head -n1); [ -n \"$f\" ] && { sed -n '1,/^$/p' \"$f\"; exit 0; }; sleep 0.5; done; exit 1");
        assertThat(found.exitCode()).as("the message over IPv6 reached john's maildir: " + found.errors()).isZero();
        // smtpd's Received line names the IPv6 peer
        assertThat(found.output().toLowerCase()).contains(d.gateway6());
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void sendsFromItsIpv6AddressWhenAllowed(String suite) throws Exception {
        Lab l = lab(suite);
        LabDroplet d = l.droplet();
        String token = sendFromServer(d, "alice@v6only.test");
        Sink.Mail m = l.v6().await(x -> x.data().contains(token));
        assertThat(m.peer()).isEqualTo(InetAddress.getByName(d.host6()));
        // where the MX has both: which family smtpd picks is its own choice; recorded for the log
        String dual = sendFromServer(d, "bob@dual.test");
        Sink.Mail both = null;
        for (int i = 0; i < 240 && both == null; i++) {
            both = java.util.stream.Stream.concat(l.v4().received().stream(), l.v6().received().stream())
                    .filter(x -> x.data().contains(dual)).findFirst().orElse(null);
            Thread.sleep(250);
        }
        assertThat(both).as("the message to dual.test reached one of its MX addresses in 60 s").isNotNull();
        System.err.println("[" + d.name() + "] with ipv6.send auto, mail to dual.test left from " + both.peer().getHostAddress());
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void sendsOverIpv4OnlyWhenTold(String suite) throws Exception {
        Lab l = lab(suite);
        LabDroplet d = l.droplet();
        Files.writeString(l.server().spec(), Files.readString(l.server().spec()) + "ipv6:     { send: off }\n");
        String plan = cli(l, "plan");
        assertThat(plan).containsPattern("\\+ *mta limit inet4");
        String out = cli(l, "apply");
        assertThat(out).containsPattern("ok +IPv6 sending: mail leaves over IPv4 only \\(ipv6.send: off\\)");
        // smtpd -n accepted the undocumented grammar on this release (apply validates before it replaces smtpd.conf)
        assertThat(d.exec("grep", "-x", "mta limit inet4", "/etc/smtpd.conf").exitCode()).isZero();
        for (int round = 0; round < 3; round++) {
            String token = sendFromServer(d, "carol" + round + "@dual.test");
            Sink.Mail m = l.v4().await(x -> x.data().contains(token));
            assertThat(m.peer()).isEqualTo(InetAddress.getByName(d.host()));
            assertThat(l.v6().received()).noneMatch(x -> x.data().contains(token));
        }
        // an MX with only an AAAA record is not tried at all now: smtpd logs the family mismatch and keeps the mail
        String token = sendFromServer(d, "dave@v6only.test");
        var log = d.exec("sh", "-c", "for i in $(seq 60); do journalctl -u opensmtpd --no-pager -n 200 | grep -q 'Address family mismatch'"
                + " && exit 0; sleep 0.5; done; exit 1");
        assertThat(log.exitCode()).as("smtpd logged an address family mismatch for v6only.test").isZero();
        assertThat(l.v6().received()).noneMatch(x -> x.data().contains(token));
    }

    @Order(6)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aSecondApplyChangesNothing(String suite) throws Exception {
        Lab l = lab(suite);
        String out = cli(l, "apply");
        assertThat(out).contains("Nothing to change");
    }
}
