package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * "Keep it managed" (issue 16) on real Debian 12 and 13 droplets set up by apply: {@code mailwright status} on a
 * healthy server, a stopped Dovecot shown in red with its fix (its port and TLS skipped, not failed twice), the alert
 * timer's mails to the postmaster for the new problem and for its fix, read over IMAPS and DKIM-signed, and a nearly
 * full /var/vmail (a small file system mounted over it) as a warning.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusLabTest {
    static final String PASSWORD = "Status-lab-pw-3;'x'";
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mws-", PASSWORD).requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    /** Runs {@code status --json} and returns the checks by id, with the exit status under "exit". */
    static Map<String, JsonNode> status(Installed i, String[] human) throws Exception {
        String[] out = new String[1];
        long start = System.nanoTime();
        int exit = LabMailServer.cli(out, null, "status", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks", "--json");
        System.err.printf("[status] %s took %.1f s%n", i.droplet().name(), (System.nanoTime() - start) / 1e9);
        human[0] = out[0];
        String text = out[0];
        JsonNode doc = new ObjectMapper().readTree(text.substring(text.indexOf('{'), text.lastIndexOf('}') + 1));
        Map<String, JsonNode> byId = new HashMap<>();
        doc.get("checks").forEach(c -> byId.put(c.get("id").asText(), c));
        byId.put("exit", new ObjectMapper().getNodeFactory().numberNode(exit));
        return byId;
    }

    static String severity(Map<String, JsonNode> checks, String id) {
        assertThat(checks).as("check " + id).containsKey(id);
        return checks.get(id).get("severity").asText();
    }

    /** The alert mail with this subject that mentions {@code about}, read over IMAPS as it arrived (headers included). */
    static Optional<String> awaitAlert(LabDroplet d, Session s, String subject, String about) throws Exception {
        for (int n = 0; n < 40; n++) {
            try (Store store = s.getStore("imaps")) {
                store.connect(d.host(), LabMailServer.USER, PASSWORD);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message m : inbox.getMessages()) {
                    if (subject.equals(m.getSubject())) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        m.writeTo(raw);
                        if (raw.toString(java.nio.charset.StandardCharsets.UTF_8).contains(about)) {
                            return Optional.of(raw.toString(java.nio.charset.StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            Thread.sleep(1000);
        }
        return Optional.empty();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aHealthyServerIsGreenWhereItMatters(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        String[] out = new String[1];
        Map<String, JsonNode> checks = status(i, out);
        assertThat(checks.get("exit").asInt()).as(out[0]).isZero();
        for (String id : new String[] {"service.opensmtpd", "service.dovecot", "service.rspamd", "service.redis-server", "port.25", "port.465",
            "port.587", "port.993", "port.4190", "tls.25", "tls.465", "tls.587", "tls.993", "disk.vmail", "inodes.vmail", "memory", "certificate", "renewal",
            "dns.mx.example.com", "dns.dkim.dkim._domainkey.example.com"}) {
            assertThat(severity(checks, id)).as(id + ": " + checks.get(id)).isEqualTo("OK");
        }
        assertThat(checks.get("tls.993").get("message").asText()).contains("certificate for mail.example.com");
        assertThat(checks.get("certificate").get("message").asText()).matches("the certificate for mail.example.com is valid for \\d+ more days");
        // the lab's droplets accept root passwords over SSH: the warning says how to stop that
        assertThat(severity(checks, "ssh.password")).isEqualTo("WARN");
        assertThat(checks.get("ssh.password").get("fix").asText()).contains("PasswordAuthentication no");
        assertThat(checks.get("dns.mx.example.com").get("group").asText()).isEqualTo("example.com");
        assertThat(checks).containsKeys("backup", "updates.security", "reboot", "dnssec.example.com");
        var timer = i.droplet().exec("systemctl", "is-active", "mailwright-status.timer");
        assertThat(timer.output().strip()).as("the alert timer runs").isEqualTo("active");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aStoppedDovecotIsRedAndThePostmasterIsMailedTheProblemAndItsFix(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        // the alert's baseline: whatever the healthy server has now (the lab's SSH password warning, say)
        var baseline = d.exec("systemctl", "start", "mailwright-status.service");
        assertThat(baseline.exitCode()).as(baseline.errors()).isZero();
        String[] out = new String[1];
        try {
            assertThat(d.exec("systemctl", "stop", "dovecot").exitCode()).isZero();
            Map<String, JsonNode> checks = status(i, out);
            assertThat(checks.get("exit").asInt()).as(out[0]).isEqualTo(1);
            assertThat(severity(checks, "service.dovecot")).isEqualTo("ERROR");
            assertThat(checks.get("service.dovecot").get("message").asText()).isEqualTo("dovecot is inactive: mail apps cannot log in or read mail, and incoming mail waits in the queue");
            assertThat(checks.get("service.dovecot").get("fix").asText()).contains("systemctl restart dovecot");
            assertThat(severity(checks, "port.993")).isEqualTo("SKIPPED");
            assertThat(checks.get("port.993").get("skippedBecause").asText()).isEqualTo("service.dovecot");
            assertThat(severity(checks, "tls.993")).isEqualTo("SKIPPED");
            assertThat(severity(checks, "tls.587")).isEqualTo("OK");

            var problem = d.exec("systemctl", "start", "mailwright-status.service");
            assertThat(problem.exitCode()).as(problem.errors()).isZero();
        } finally {
            d.exec("systemctl", "start", "dovecot");
        }
        var fixed = d.exec("systemctl", "start", "mailwright-status.service");
        assertThat(fixed.exitCode()).as(fixed.errors()).isZero();

        // postmaster@ is an alias of the spec's mailbox: both mails arrive there, signed by rspamd
        Session s = LabMailServer.session(d, 587);
        Optional<String> first = awaitAlert(d, s, "mail.example.com: 1 new problem", "Service dovecot");
        assertThat(first).as("the new-problem mail").isPresent();
        assertThat(first.get()).contains("Service dovecot: dovecot is inactive: mail apps cannot log in or read mail, and incoming mail waits in the queue",
                "Fix: Start it with systemctl restart dovecot", "Auto-Submitted: auto-generated", "From: Mailwright on mail.example.com <postmaster@example.com>");
        assertThat(first.get()).as("its port is not a second problem").doesNotContain("Port 993");
        assertThat(first.get()).containsPattern("(?m)^DKIM-Signature: .*").contains("d=example.com");
        Optional<String> second = awaitAlert(d, s, "mail.example.com: 1 fixed", "Service dovecot");
        assertThat(second).as("the fixed mail").isPresent();
        assertThat(second.get()).contains("Fixed:", "OK    Service dovecot: running");

        // nothing changed since: the timer's next run writes nothing
        String before = d.exec("sh", "-c", "ls /var/vmail/example.com/john/new /var/vmail/example.com/john/cur | wc -l").output().strip();
        assertThat(d.exec("systemctl", "start", "mailwright-status.service").exitCode()).isZero();
        Thread.sleep(3000);
        String after = d.exec("sh", "-c", "ls /var/vmail/example.com/john/new /var/vmail/example.com/john/cur | wc -l").output().strip();
        assertThat(after).as("no mail when nothing changed").isEqualTo(before);
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aNearlyFullMailStoreIsAWarning(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        // a small file system over /var/vmail (tmpfs: loop devices are not available in the lab's containers), 93 % filled
        var fill = d.exec("sh", "-c", "set -e; mount -t tmpfs -o size=10m,mode=0755 lab-vmail /var/vmail;"
                + " dd if=/dev/zero of=/var/vmail/filler bs=64k count=150 2>/dev/null; df -P /var/vmail");
        assertThat(fill.exitCode()).as(fill.output() + fill.errors()).isZero();
        try {
            String[] out = new String[1];
            Map<String, JsonNode> checks = status(i, out);
            assertThat(severity(checks, "disk.vmail")).as(out[0]).isEqualTo("WARN");
            assertThat(checks.get("disk.vmail").get("message").asText()).matches("9\\d % used, .* free of 10\\.0 MiB \\(on /var/vmail\\)");
            assertThat(checks.get("disk.vmail").get("fix").asText()).contains("delete old mail");
        } finally {
            d.exec("umount", "/var/vmail");
        }
    }
}
