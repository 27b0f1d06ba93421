package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.model.MailPorts;
import org.mailwright.render.Fail2ban;

/**
 * Issue 18, brute-force protection, on one live server per release (mwx-SUITE). The lab gives the host end of the
 * droplet's link more addresses, so three "clients" reach the server from their own address besides the one Mailwright
 * itself connects from (the gateway):
 * <ul>
 *   <li>A guesses SMTP passwords ten times on 587 and 465 (swaks, one AUTH each) and is then refused on 465, 587, 993
 *       and 4190, while SSH and port 25 still answer it;</li>
 *   <li>B, meanwhile, logs in with the right password and sends;</li>
 *   <li>C guesses IMAP passwords (curl, a connection each: Dovecot logs one failure per connection) and is banned by
 *       Dovecot's jail;</li>
 *   <li>the address Mailwright connects from fails twenty times and is never banned.</li>
 * </ul>
 * The bans are listed by {@code mailwright status}, survive a reboot of the droplet (whose firewall starts empty: the
 * lab flushes the namespace's rules), and {@code mailwright unban} lifts one.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BruteForceLabTest {
    static final String PASSWORD = "Brute-Force-Lab-18";
    static final String USER = LabMailServer.USER;

    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwx-", PASSWORD).requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    /** The gateway's network with another last number: an address of this host on the droplet's link. */
    static String client(LabDroplet d, int last) throws Exception {
        String gw = d.gateway();
        String address = gw.substring(0, gw.lastIndexOf('.') + 1) + last;
        String hostIf = "mwh" + gw.split("\\.")[2];
        // already there after a rerun of one method: "File exists" is fine
        run("ip", "addr", "replace", address + "/32", "dev", hostIf);
        return address;
    }

    static String run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + String.join(" ", argv));
        }
        return out;
    }

    /** One SMTP AUTH with a wrong password from {@code from}, with STARTTLS on 587 or implicit TLS on 465. */
    static void wrongSmtpLogin(LabDroplet d, String from, int port) throws Exception {
        run("swaks", "--server", d.host(), "--port", String.valueOf(port), port == MailPorts.SUBMISSIONS ? "--tls-on-connect" : "--tls",
                "--local-interface", from, "--auth", "PLAIN", "--auth-user", USER, "--auth-password", "wrong-" + port,
                "--quit-after", "AUTH", "--timeout", "10");
    }

    /** One IMAP LOGIN with a wrong password from {@code from}, in a connection of its own. */
    static void wrongImapLogin(LabDroplet d, String from) throws Exception {
        run("curl", "-s", "-k", "--max-time", "15", "--interface", from, "--user", USER + ":wrong-imap", "imaps://" + d.host() + "/");
    }

    /** Whether a TCP connection from {@code from} to the droplet's {@code port} is accepted within 3 s. */
    static boolean connects(LabDroplet d, String from, int port) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress(d.host(), port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether {@code condition} holds within {@code seconds}, asked twice a second. */
    static boolean within(int seconds, BooleanSupplier condition) throws InterruptedException {
        for (int n = 0; n < seconds * 2; n++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    /** Whether connections from {@code from} to {@code port} are refused within {@code seconds}. */
    static boolean refusedWithin(LabDroplet d, String from, int port, int seconds) throws InterruptedException {
        return within(seconds, () -> !connects(d, from, port));
    }

    static String banned(LabDroplet d, String jail) {
        return d.exec("fail2ban-client", "get", jail, "banip").output();
    }

    /** Waits up to 30 s for {@code address} to be in {@code jail}'s ban list. */
    static boolean awaitBan(LabDroplet d, String jail, String address) throws InterruptedException {
        return within(30, () -> List.of(banned(d, jail).strip().split("\\s+")).contains(address));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void failedSmtpLoginsBanTheAddressFromTheLoginPortsOnly(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "BruteForceLabTest");
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        assertThat(i.firstRun()).contains("never banned: " + d.gateway() + " (the address Mailwright connects from)");
        String jails = d.exec("fail2ban-client", "status").output();
        assertThat(jails).contains(Fail2ban.DOVECOT_JAIL).contains(Fail2ban.OPENSMTPD_JAIL).doesNotContain(Fail2ban.SSHD_JAIL);
        assertThat(d.exec("systemctl", "is-enabled", "nftables").output().strip()).as("nftables.service would flush ufw").isNotEqualTo("enabled");

        String a = client(d, 201);
        String b = client(d, 202);
        assertThat(connects(d, a, MailPorts.SUBMISSION)).as("A reaches 587 before it guesses").isTrue();
        for (int n = 0; n < 10; n++) {
            wrongSmtpLogin(d, a, n % 2 == 0 ? MailPorts.SUBMISSION : MailPorts.SUBMISSIONS);
        }
        assertThat(awaitBan(d, Fail2ban.OPENSMTPD_JAIL, a)).as(d.exec("tail", "-n", "30", "/var/log/fail2ban.log").output()).isTrue();
        for (int port : MailPorts.LOGIN) {
            assertThat(refusedWithin(d, a, port, 30)).as("A on " + port).isTrue();
        }
        assertThat(connects(d, a, 22)).as("SSH is left to its own settings").isTrue();
        assertThat(connects(d, a, MailPorts.SMTP)).as("25 stays open: other servers' mail is never refused for a login ban").isTrue();

        // another address logs in and sends meanwhile
        String sent = run("swaks", "--server", d.host(), "--port", "587", "--tls", "--local-interface", b, "--auth", "PLAIN",
                "--auth-user", USER, "--auth-password", PASSWORD, "--from", USER, "--to", USER, "--header", "Subject: from B", "--timeout", "20");
        assertThat(sent).contains("Authentication succeeded").containsPattern("<~\\s+250 2\\.0\\.0 .* Message accepted for delivery");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void failedImapLoginsBanTooButNeverMailwrightsOwnAddress(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "BruteForceLabTest");
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String c = client(d, 203);
        for (int n = 0; n < 6; n++) {
            wrongImapLogin(d, c);
        }
        assertThat(awaitBan(d, Fail2ban.DOVECOT_JAIL, c)).as(d.exec("journalctl", "-u", "dovecot", "-n", "20", "--no-pager").output()).isTrue();
        assertThat(refusedWithin(d, c, MailPorts.IMAPS, 30)).isTrue();
        assertThat(refusedWithin(d, c, MailPorts.SUBMISSION, 30)).as("a Dovecot ban covers every login port").isTrue();

        // the address Mailwright connects from: twenty failures, never banned
        String self = d.gateway();
        for (int n = 0; n < 10; n++) {
            wrongSmtpLogin(d, self, MailPorts.SUBMISSION);
            wrongImapLogin(d, self);
        }
        Thread.sleep(3000);
        assertThat(banned(d, Fail2ban.OPENSMTPD_JAIL)).doesNotContain(self);
        assertThat(banned(d, Fail2ban.DOVECOT_JAIL)).doesNotContain(self);
        assertThat(connects(d, self, MailPorts.SUBMISSION)).isTrue();
        assertThat(connects(d, self, MailPorts.IMAPS)).isTrue();
        // fail2ban's own log (Debian's logtarget), as "[dovecot] Ignore 10.200.1.1 by ip"
        assertThat(d.exec("cat", "/var/log/fail2ban.log").output()).contains("Ignore " + self);
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void statusListsTheBansAReebootKeepsThemAndUnbanLiftsOne(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "BruteForceLabTest");
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String a = client(d, 201);
        String c = client(d, 203);
        JsonNode doc = statusJson(i);
        assertThat(doc.get("checks").toString()).contains("\"id\":\"protection\"");
        List<String> listed = new ArrayList<>();
        doc.get("bans").forEach(b -> listed.add(b.get("address").asText() + " " + b.get("jail").asText()));
        assertThat(listed).contains(a + " " + Fail2ban.OPENSMTPD_JAIL, c + " " + Fail2ban.DOVECOT_JAIL);
        for (JsonNode check : doc.get("checks")) {
            if (check.get("id").asText().equals("protection")) {
                assertThat(check.get("severity").asText()).isEqualTo("OK");
                assertThat(check.get("message").asText()).contains("2 bans now");
            }
        }

        // a reboot starts with an empty firewall (the lab flushes the namespace): fail2ban puts the bans back
        d.reboot();
        assertThat(awaitBan(d, Fail2ban.OPENSMTPD_JAIL, a)).as("A is banned again after the reboot").isTrue();
        // fail2ban lists a restored ban before its action has put it into nftables (a CI run on a loaded machine
        // connected in between): the bans must take effect, within seconds
        assertThat(refusedWithin(d, a, MailPorts.SUBMISSION, 30)).as("A's restored ban blocks submission").isTrue();
        assertThat(refusedWithin(d, c, MailPorts.IMAPS, 30)).as("C's restored ban blocks IMAPS").isTrue();

        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "unban", i.spec().toString(), a, "--known-hosts", i.knownHosts().toString());
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).contains("Lifted the ban on " + a);
        assertThat(connects(d, a, MailPorts.SUBMISSION)).isTrue();
        assertThat(connects(d, c, MailPorts.IMAPS)).as("only A was lifted").isFalse();
        exit = LabMailServer.cli(out, null, "unban", i.spec().toString(), a, "--known-hosts", i.knownHosts().toString());
        assertThat(out[0]).contains(a + " was not banned.");
        exit = LabMailServer.cli(out, null, "unban", i.spec().toString(), "10.0.0.0/8", "--known-hosts", i.knownHosts().toString());
        assertThat(exit).isEqualTo(2);
        assertThat(out[0]).contains("is not an IP address").contains("Nothing was sent to the server.");

        // a second apply changes nothing
        exit = LabMailServer.cli(out, null, "plan", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", d.gateway(), "--no-internet-checks");
        assertThat(out[0]).contains("no changes");
    }

    static JsonNode statusJson(Installed i) throws Exception {
        String[] out = new String[1];
        LabMailServer.cli(out, null, "status", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks", "--json");
        String text = out[0];
        return new ObjectMapper().readTree(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1));
    }
}
