package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.queue.MailQueue;
import org.mailwright.engine.queue.QueuedEnvelope;

/** What {@code mailwright queue} prints for a list: the table with each error in plain words, and the JSON. */
class QueueCommandTest {
    private static final Instant NOW = Instant.ofEpochSecond(1796446340 + 2 * 3600);

    private static List<QueuedEnvelope> queue() {
        // captured on trixie (src/test/resources/org/mailwright/engine/queue)
        return MailQueue.parse("""
                7fb3b4bd1dc161df|local|mta|auth|@|admin@example.com|admin@example.com|1796446239|1796446239|0|1|pending|299|Network error on destination MXs
                979ef3a68eec206b|local|mta|auth|admin@example.com|someone@unreachable.example.net|someone@unreachable.example.net|1796446340|1796446340|1796446340|0|inflight|0|
                """);
    }

    @Test
    void theListShowsRecipientSenderAgeStateAndTheErrorInPlainWords() {
        StringWriter sw = new StringWriter();
        QueueCommand.list(queue(), new PrintWriter(sw, true), NOW);
        String out = sw.toString();
        assertThat(out.lines().toList().get(0)).containsSubsequence("ID", "RECIPIENT", "SENDER", "QUEUED", "STATE");
        assertThat(out).containsSubsequence("7fb3b4bd1dc161df", "admin@example.com", "<> (bounce)", "2 h ago", "pending, 1 try",
                "    no mail server of example.com answered on port 25", "    (smtpd: Network error on destination MXs)",
                "979ef3a68eec206b", "someone@unreachable.example.net", "admin@example.com", "2 h ago", "inflight, 0 tries",
                "2 envelopes in the queue.");
    }

    @Test
    void removeAsksNamingTheMailAndOnlyYesRemoves() {
        assertThat(QueueCommand.question(queue().get(1))).isEqualTo("Remove the mail to someone@unreachable.example.net from admin@example.com"
                + " (envelope 979ef3a68eec206b) for good? The sender is not told. [y/N] ");
        assertThat(QueueCommand.question(queue().get(0))).contains("from <> (bounce)");
        assertThat(List.of("y", "Y", "yes", " YES\n")).allMatch(QueueCommand::isYes);
        assertThat(java.util.Arrays.asList("", "n", "no", "yep", "sure", null)).noneMatch(QueueCommand::isYes);
    }

    @Test
    void anEmptyQueueSaysSo() {
        StringWriter sw = new StringWriter();
        QueueCommand.list(List.of(), new PrintWriter(sw, true), NOW);
        assertThat(sw.toString()).isEqualTo("The queue is empty: OpenSMTPD holds no mail for delivery." + System.lineSeparator());
    }

    @Test
    void jsonHasEveryFieldWithUtcTimes() throws Exception {
        JsonNode a = new ObjectMapper().readTree(QueueCommand.json(queue()));
        assertThat(a).hasSize(2);
        assertThat(a.get(0).get("id").asText()).isEqualTo("7fb3b4bd1dc161df");
        assertThat(a.get(0).get("sender").asText()).isEmpty();
        assertThat(a.get(0).get("queuedAt").asText()).isEqualTo(Instant.ofEpochSecond(1796446239).toString());
        assertThat(a.get(0).get("lastTry").isNull()).isTrue();
        assertThat(a.get(0).get("retries").asInt()).isEqualTo(1);
        assertThat(a.get(0).get("lastError").asText()).isEqualTo("Network error on destination MXs");
        assertThat(a.get(0).get("explained").asText()).startsWith("no mail server of example.com");
        assertThat(a.get(1).get("lastTry").asText()).isEqualTo(Instant.ofEpochSecond(1796446340).toString());
        assertThat(Optional.ofNullable(a.get(1).get("state")).map(JsonNode::asText)).contains("inflight");
    }
}
