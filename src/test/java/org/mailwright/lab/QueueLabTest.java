package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * The mail queue (issue 16) on a server set up by apply (droplets mwq-SUITE): mail submitted on 587 to a domain whose
 * only MX does not answer on port 25 (mx.unreachable.example.net is the droplet's gateway, where nothing listens) sits
 * in {@code mailwright queue} with smtpd's error and its plain words; {@code --retry} makes smtpd try again (the retry
 * count goes up); {@code --remove} refuses without a terminal or {@code --yes}, and with {@code --yes} takes the envelope
 * out of {@code smtpctl show queue}; the gone id is then a clear failure, and a bad id is bad input.
 */
@LabTest
class QueueLabTest {
    static final String PASSWORD = "Queue-lab-pw-4;'q'";
    static final String USER = LabMailServer.USER;
    static final String DOMAIN = "unreachable.example.net";
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwq-", PASSWORD).requireApplied();
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    private static String[] args(Installed i, String... more) {
        return Stream.concat(Stream.of("queue", i.spec().toString(), "--known-hosts", i.knownHosts().toString()), Stream.of(more))
                .toArray(String[]::new);
    }

    private static String ok(Installed i, String... more) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, args(i, more));
        assertThat(exit).as(out[0]).isZero();
        return out[0];
    }

    /** The envelope to {@code to} as --json lists it, once {@code until} holds for it; empty when it never did in time. */
    private static Optional<JsonNode> await(Installed i, String to, java.util.function.Predicate<JsonNode> until, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (JsonNode e : JSON.readTree(ok(i, "--json"))) {
                if (e.get("recipient").asText().equals(to) && until.test(e)) {
                    return Optional.of(e);
                }
            }
            if (System.nanoTime() > deadline) {
                return Optional.empty();
            }
            Thread.sleep(3000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aMessageToAnUnreachableDomainWaitsWithItsErrorAndCanBeRetriedAndRemoved(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        d.addMx(DOMAIN, d.gateway());
        String to = "someone-" + UUID.randomUUID().toString().substring(0, 8) + "@" + DOMAIN;
        LabMailServer.send(d, LabMailServer.session(d, 587), USER, PASSWORD, to, "queue lab " + suite, "this cannot be delivered");

        // smtpd's first try fails at once (connection refused) and the envelope goes back to the queue with its error
        JsonNode e = await(i, to, x -> x.get("retries").asInt() >= 1 && !x.get("lastError").asText().isEmpty(), Duration.ofSeconds(90))
                .orElseThrow(() -> new AssertionError("no envelope to " + to + " with an error in the queue:\n"
                        + d.exec("smtpctl", "show", "queue").output()));
        String id = e.get("id").asText();
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(e.get("sender").asText()).isEqualTo(USER);
        assertThat(e.get("state").asText()).isIn("pending", "inflight");
        assertThat(e.get("lastError").asText()).isEqualTo("Network error on destination MXs");
        assertThat(e.get("explained").asText()).startsWith("no mail server of " + DOMAIN + " answered on port 25")
                .contains("4 days");
        assertThat(d.exec("smtpctl", "show", "queue").output()).contains(id + "|");

        String list = ok(i);
        assertThat(list).contains(id).contains(to).contains(USER).contains("no mail server of " + DOMAIN + " answered on port 25")
                .contains("(smtpd: Network error on destination MXs)");
        assertThat(list).containsPattern("(just now|\\d+ min ago)");

        // retry now: smtpd tries again at once instead of in minutes, and the count goes up
        int before = e.get("retries").asInt();
        assertThat(ok(i, "--retry", id)).contains("Asked OpenSMTPD to try envelope " + id + " (to " + to + ") now");
        JsonNode retried = await(i, to, x -> x.get("retries").asInt() > before, Duration.ofSeconds(90))
                .orElseThrow(() -> new AssertionError("retries of " + id + " did not go past " + before + ":\n"
                        + d.exec("smtpctl", "show", "queue").output()));
        assertThat(retried.get("id").asText()).isEqualTo(id);

        // remove: refused without a terminal and without --yes (nothing sent), then done with --yes
        String[] out = new String[1];
        assertThat(LabMailServer.cli(out, null, args(i, "--remove", id))).as(out[0]).isEqualTo(2);
        assertThat(out[0]).contains("add --yes").contains("Nothing was sent to the server.");
        assertThat(d.exec("smtpctl", "show", "queue").output()).contains(id + "|");

        assertThat(ok(i, "--remove", id, "--yes")).contains("Removed envelope " + id + ": " + to + " will not get this message.");
        assertThat(d.exec("smtpctl", "show", "queue").output()).doesNotContain(id).doesNotContain(to);
        assertThat(ok(i)).doesNotContain(id);

        // the gone envelope is a failure that says so; a malformed id is bad input
        assertThat(LabMailServer.cli(out, null, args(i, "--retry", id))).as(out[0]).isEqualTo(1);
        assertThat(out[0]).contains("Envelope " + id + " is not in the queue any more");
        assertThat(LabMailServer.cli(out, null, args(i, "--remove", id, "--yes"))).as(out[0]).isEqualTo(1);
        assertThat(out[0]).contains("Envelope " + id + " is not in the queue any more").contains("Nothing was removed");
        assertThat(LabMailServer.cli(out, null, args(i, "--retry", "x;reboot"))).as(out[0]).isEqualTo(2);
        assertThat(out[0]).contains("--retry: 'x;reboot' is not an envelope id: that is 16 hex digits");
    }
}
