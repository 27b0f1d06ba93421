package org.mailwright.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailwright.remote.FakeRemoteHost;

/** The queue's parser on lines captured from real servers (see the fixtures' README), its plain words, and its commands. */
class MailQueueTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = MailQueueTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void trixieLinesAreReadOldestFirstWithTheirStateAndError() throws IOException {
        List<QueuedEnvelope> q = MailQueue.parse(fixture("smtpctl-show-queue-trixie-7.6.0p1.txt"));
        assertThat(q).hasSize(2);
        QueuedEnvelope bounce = q.get(0);
        assertThat(bounce.id()).isEqualTo("7fb3b4bd1dc161df");
        assertThat(bounce.sender()).as("a bounce's sender is <>").isEmpty();
        assertThat(bounce.recipient()).isEqualTo("admin@example.com");
        assertThat(bounce.queuedAt()).isEqualTo(Instant.ofEpochSecond(1796446239));
        assertThat(bounce.lastTry()).as("smtpd writes last-try 0 once the envelope is back in the queue").isEmpty();
        assertThat(bounce.retries()).isEqualTo(1);
        assertThat(bounce.state()).isEqualTo("pending");
        assertThat(bounce.lastError()).isEqualTo("Network error on destination MXs");
        assertThat(bounce.explained()).isEqualTo("no mail server of example.com answered on port 25 (refused, timed out or cut off);"
                + " smtpd keeps trying for 4 days after the message arrived, then returns it to the sender.");

        QueuedEnvelope first = q.get(1);
        assertThat(first.id()).isEqualTo("979ef3a68eec206b");
        assertThat(first.sender()).isEqualTo("admin@example.com");
        assertThat(first.recipient()).isEqualTo("someone@unreachable.example.net");
        assertThat(first.state()).isEqualTo("inflight");
        assertThat(first.lastTry()).contains(Instant.ofEpochSecond(1796446340));
        assertThat(first.retries()).isZero();
        assertThat(first.lastError()).isEmpty();
        assertThat(first.explained()).isEmpty();
    }

    @Test
    void bookwormHasTheSameFormat() throws IOException {
        List<QueuedEnvelope> q = MailQueue.parse(fixture("smtpctl-show-queue-bookworm-6.8.0p2.txt"));
        assertThat(q).extracting(QueuedEnvelope::id).containsExactly("ffe0edea8c72f245", "1be063da3d6017e5");
        assertThat(q.get(1).explained()).startsWith("no mail server of unreachable.example.net answered on port 25");
        assertThat(q).allSatisfy(e -> assertThat(e.state()).isEqualTo("pending"));
    }

    @Test
    void aRetriedEnvelopeCountsItsTriesAndAStoppedSmtpdReadsOffline() throws IOException {
        assertThat(MailQueue.parse(fixture("smtpctl-show-queue-trixie-7.6.0p1-retried.txt"))).extracting(QueuedEnvelope::retries)
                .containsExactlyInAnyOrder(2, 1);
        assertThat(MailQueue.parse(fixture("smtpctl-show-queue-trixie-7.6.0p1-offline.txt"))).extracting(QueuedEnvelope::state)
                .containsOnly("offline");
    }

    @Test
    void aPausedEnvelopeIsFrozenAndAPipeInTheErrorIsKept() {
        // smtpctl.c prints the flags list with suspend/hold for a paused envelope, and the error last, unescaped
        QueuedEnvelope e = MailQueue.parseLine("979ef3a68eec206b|inet4|mta|auth,suspend|a@example.com|b@example.org|b@example.org"
                + "|1796446340|1796446340|0|3|pending|100|550 5.7.1 rejected | see https://example.org");
        assertThat(e.state()).isEqualTo("frozen");
        assertThat(e.lastError()).isEqualTo("550 5.7.1 rejected | see https://example.org");
    }

    @Test
    void emptyOutputIsAnEmptyQueueAndAStrangeLineIsNamed() {
        assertThat(MailQueue.parse("")).isEmpty();
        assertThat(MailQueue.parse("\n")).isEmpty();
        assertThatThrownBy(() -> MailQueue.parse("smtpctl: smtpd doesn't seem to be running\n")).isInstanceOf(QueueException.class)
                .hasMessageContaining("cannot read: smtpctl: smtpd doesn't seem to be running");
        assertThatThrownBy(() -> MailQueue.parseLine("979ef3a68eec206b|local|mta|auth|@|a@b.c|a@b.c|x|0|0|1|pending|1|"))
                .isInstanceOf(QueueException.class).hasMessageContaining("979ef3a68eec206b|local");
    }

    /** smtpd's error (mta.c failstr, mta_session.c mta_error, or the receiving server's reply) | what the sentence starts with. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "550 5.7.1 Service unavailable; client [203.0.113.9] blocked using zen.spamhaus.org, your IP is listed|"
                    + "the receiving server refused it: 550 5.7.1 Service unavailable; client [203.0.113.9] blocked using zen.spamhaus.org, your IP is listed (this server's IP address is on a blocklist it uses).",
            "550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown|the receiving server refused it: 550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown.",
            "421 4.7.0 Try again later, closing connection.|temporary: the receiving server said: 421 4.7.0 Try again later, closing connection.; smtpd keeps trying",
            "451 4.7.1 Greylisting in action, please come back later|temporary: the receiving server said: 451 4.7.1 Greylisting",
            "EHLO rejected: 554 5.7.1 go away|the receiving server refused it: 554 5.7.1 go away.",
            "Domain does not exist|the domain example.org does not exist: check the address for a typo.",
            "Invalid domain name|the domain example.org does not exist",
            "No MX found for domain|example.org has no mail server (no MX or address record); smtpd keeps trying for 4 days",
            "Temporary failure in MX lookup|the DNS lookup of example.org's mail server failed for now",
            "Domain does not accept mail|example.org says it accepts no mail at all (null MX).",
            "Connection timeout|no mail server of example.org answered on port 25",
            "IO Error: Connection refused|no mail server of example.org answered on port 25",
            "Network error on destination MXs|no mail server of example.org answered on port 25 (refused, timed out or cut off); smtpd keeps trying for 4 days",
            "Loop detected|the message went round in a loop",
            // Dovecot's LMTP answers as smtpd keeps them (seen in the newcomer trial and the lab, docs/design/issue-17-delivery-notes.md)
            "\"mail.lmtp: LMTP server error: 552 5.2.2 <bob@example.org> Quota exceeded (mailbox for user is full)\"|"
                    + "the mailbox bob@example.org is full (its quota): it is delivered once there is room; the person deletes mail, or give more"
                    + " room with mailwright users quota bob@example.org SIZE; smtpd keeps trying for 4 days",
            "mail.lmtp: connect: Permission denied|Dovecot is not taking mail for the mailboxes right now",
            "Something new in smtpd 8|smtpd says: Something new in smtpd 8"})
    void errorsReadAsPlainWords(String error, String said) {
        assertThat(MailQueue.explain(error, "bob@example.org")).startsWith(said);
    }

    @Test
    void idsAreCheckedBeforeAnythingIsSent() {
        FakeRemoteHost host = new FakeRemoteHost();
        for (String bad : List.of("", "979ef3a6", "979ef3a68eec206", "979ef3a68eec206bb", "979ef3a68eec206g", "x;reboot", "all")) {
            assertThatThrownBy(() -> MailQueue.remove(host, bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an envelope id: that is 16 hex digits");
            assertThatThrownBy(() -> MailQueue.retry(host, bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> MailQueue.envelopeId("x;reboot")).hasMessageStartingWith("'x;reboot' is not an envelope id");
        assertThatThrownBy(() -> MailQueue.envelopeId(null)).hasMessageStartingWith("Nothing is not an envelope id");
        assertThat(host.executed()).isEmpty();
        assertThat(MailQueue.envelopeId("979EF3A68EEC206B")).isEqualTo("979ef3a68eec206b");
    }

    @Test
    void retryAndRemoveSendSmtpctlAndAGoneEnvelopeIsSaid() {
        FakeRemoteHost host = new FakeRemoteHost()
                .on("smtpctl schedule 979ef3a68eec206b", 0, "1 envelope scheduled\n")
                .on("smtpctl remove 979ef3a68eec206b", 0, "1 envelope removed\n")
                .on("smtpctl schedule 0123456789abcdef", 0, "0 envelope scheduled\n")
                .on("smtpctl remove 0123456789abcdef", 0, "0 envelope removed\n")
                .on("smtpctl remove 1111111111111111", 1, "smtpctl: smtpd doesn't seem to be running\n")
                .on("smtpctl schedule 979ef3a68eec206c", 0, "0 envelope scheduled\n")
                .on("smtpctl show queue", 0, "979ef3a68eec206c|local|mta|auth|a@example.com|b@example.org|b@example.org"
                        + "|1796446340|1796446340|1796446340|0|inflight|3|\n");
        MailQueue.retry(host, "979ef3a68eec206b");
        MailQueue.remove(host, "979EF3A68EEC206B");
        assertThat(host.executed()).containsExactly("smtpctl schedule 979ef3a68eec206b", "smtpctl remove 979ef3a68eec206b");
        assertThatThrownBy(() -> MailQueue.retry(host, "979ef3a68eec206c")).isInstanceOf(QueueException.class)
                .hasMessageStartingWith("Envelope 979ef3a68eec206c was not retried: smtpd is delivering it right now");
        assertThatThrownBy(() -> MailQueue.retry(host, "0123456789abcdef")).isInstanceOf(QueueException.class)
                .hasMessage("Envelope 0123456789abcdef is not in the queue any more: it was delivered, bounced or removed meanwhile"
                        + " (mailwright queue lists what is there now).");
        assertThatThrownBy(() -> MailQueue.remove(host, "0123456789abcdef")).isInstanceOf(QueueException.class)
                .hasMessageContaining("is not in the queue any more");
        assertThatThrownBy(() -> MailQueue.remove(host, "1111111111111111")).isInstanceOf(QueueException.class)
                .hasMessageStartingWith("OpenSMTPD is not running on").hasMessageContaining("nothing can be removed");
    }

    @Test
    void readListsWhatSmtpctlPrints() throws IOException {
        FakeRemoteHost host = new FakeRemoteHost().on("smtpctl show queue", 0, fixture("smtpctl-show-queue-bookworm-6.8.0p2.txt"));
        assertThat(MailQueue.read(host)).hasSize(2);
        assertThat(MailQueue.read(new FakeRemoteHost().on("smtpctl show queue", 0, ""))).isEmpty();
        assertThatThrownBy(() -> MailQueue.read(new FakeRemoteHost().on("smtpctl show queue", 1, "smtpctl: /var/spool/smtpd: No such file")))
                .isInstanceOf(QueueException.class).hasMessageContaining("smtpctl show queue failed").hasMessageContaining("No such file");
    }
}
