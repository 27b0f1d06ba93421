package org.mailwright.engine.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwright.engine.trail.MessageTrail.Kind;

/**
 * The parser on real logs of lab servers (Debian 12: OpenSMTPD 7.4, rspamd 3.4; Debian 13: OpenSMTPD 7.6, rspamd
 * 3.12): john@example.com sent one message to himself and one to jane@elsewhere.org over 587 (whose MX refused the
 * connection), alice@outside.test sent one to John+News@example.com on port 25 and was refused for nobody@example.com.
 */
class JournalTrailTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = JournalTrailTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<MessageTrail> trails(String suite, String address) throws IOException {
        List<MessageTrail> t = JournalTrail.parse(fixture(suite + "-journal.json"), fixture(suite + "-rspamd.log"), address);
        t.forEach(m -> {
            System.err.println(m.firstSeen() + " " + m.from() + " -> " + m.to() + " " + m.messageId());
            m.hops().forEach(h -> System.err.println("   " + h.kind() + (h.failed() ? " !" : "") + " " + h.text()));
        });
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"bookworm", "trixie"})
    void theMailJohnSubmittedWasScannedAndDeliveredOrWaitsForTheRelay(String suite) throws IOException {
        List<MessageTrail> t = trails(suite, "JOHN@example.com");
        assertThat(t).hasSize(3);
        MessageTrail toSelf = t.stream().filter(m -> m.to().equals(List.of("john@example.com"))).findFirst().orElseThrow();
        assertThat(toSelf.from()).isEqualTo("john@example.com");
        assertThat(toSelf.messageId()).endsWith("@localhost");
        assertThat(toSelf.hops()).extracting(MessageTrail.Hop::kind).containsExactly(Kind.SUBMITTED, Kind.SCANNED, Kind.DELIVERED);
        assertThat(toSelf.hops().get(0).text()).startsWith("submitted on port 587/465 from mx.elsewhere.org [10.200.")
                .endsWith("(john@example.com logged in, TLSv1.3)");
        assertThat(toSelf.hops().get(1).text()).isEqualTo("rspamd: score 0.4 of 15, no action (MID_RHS_NOT_FQDN 0.50)");
        assertThat(toSelf.hops().get(2).text()).isEqualTo("delivered to the mailbox of john@example.com");
        assertThat(toSelf.hops()).noneMatch(MessageTrail.Hop::failed);

        MessageTrail toJane = t.stream().filter(m -> m.to().equals(List.of("jane@elsewhere.org"))).findFirst().orElseThrow();
        // the relay had not answered when the log was read: accepted and scanned, nothing more
        assertThat(toJane.hops()).extracting(MessageTrail.Hop::kind).containsExactly(Kind.SUBMITTED, Kind.SCANNED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bookworm", "trixie"})
    void mailFromOutsideToATaggedAddressShowsPort25TheScoreAndTheMailbox(String suite) throws IOException {
        // smtpd 7.x logs no MAIL FROM: the refused recipient is found by its own address, not by the sender's
        List<MessageTrail> t = trails(suite, "alice@outside.test");
        assertThat(t).hasSize(1);
        List<MessageTrail> n = trails(suite, "nobody@example.com");
        assertThat(n).hasSize(1);
        MessageTrail refused = n.get(0);
        assertThat(refused.from()).isEmpty();
        assertThat(refused.to()).containsExactly("nobody@example.com");
        assertThat(refused.hops()).extracting(MessageTrail.Hop::kind).containsExactly(Kind.RECEIVED, Kind.REJECTED);
        assertThat(refused.hops().get(1).text())
                .isEqualTo("refused at RCPT TO:<nobody@example.com>: 524 5.2.4 Mailing list expansion problem: <nobody@example.com>");
        assertThat(refused.hops().get(1).failed()).isTrue();

        MessageTrail in = t.get(0);
        assertThat(in.from()).isEqualTo("alice@outside.test");
        assertThat(in.to()).containsExactly("John+News@example.com");
        assertThat(in.messageId()).endsWith("@outside.test");
        assertThat(in.hops()).extracting(MessageTrail.Hop::kind).containsExactly(Kind.RECEIVED, Kind.SCANNED, Kind.DELIVERED);
        assertThat(in.hops().get(0).text()).matches("received on port 25 from mx\\.elsewhere\\.org \\[10\\.200\\.\\d+\\.1\\] \\(no TLS\\)");
        assertThat(in.hops().get(1).text()).isEqualTo("rspamd: score 3 of 15, no action (MISSING_TO 2.00, MISSING_DATE 1.00, RCVD_NO_TLS_LAST 0.10)");
        assertThat(in.hops().get(2).text()).isEqualTo("delivered to the mailbox of john@example.com (sent to John+News@example.com)");
    }

    @Test
    void aTaggedAddressFindsOnlyItsTagAndAnUnknownOneNothing() throws IOException {
        assertThat(trails("trixie", "john+news@example.com")).hasSize(1);
        assertThat(trails("trixie", "john+other@example.com")).isEmpty();
        assertThat(trails("trixie", "jane@example.com")).isEmpty();
        // the journal of mailwright's own check (apply's mailwright-check-… mailbox) is not john's
        assertThat(trails("trixie", "jane@elsewhere.org")).hasSize(1);
    }

    @Test
    void newestFirstAndLinesThatAreNotJsonAreSkipped() throws IOException {
        List<MessageTrail> t = JournalTrail.parse("not json\n" + fixture("trixie-journal.json") + "\n{\"MESSAGE\":1}\n", "", "john@example.com");
        assertThat(t).hasSize(3);
        assertThat(t.get(0).firstSeen()).isAfterOrEqualTo(t.get(1).firstSeen());
        assertThat(t.get(1).firstSeen()).isAfterOrEqualTo(t.get(2).firstSeen());
        // without rspamd's log: smtpd's message id and no scan
        assertThat(t).allMatch(m -> m.messageId().matches("[0-9a-f]{8}"));
        assertThat(t).allMatch(m -> m.hops().stream().noneMatch(h -> h.kind() == Kind.SCANNED));
    }

    @Test
    void theCommandsQuoteEveryValueAndAreBounded() {
        String line = JournalTrail.journalCommand(java.util.Optional.of(java.time.LocalDate.of(2024, 3, 9))).line();
        assertThat(line).contains("'2024-03-09 00:00:00'").contains("'2024-03-10 00:00:00'").contains("-n 100000")
                .contains("-u opensmtpd -u rspamd -u dovecot");
        assertThat(JournalTrail.journalCommand(java.util.Optional.empty()).line()).contains("--since -7d").doesNotContain("--until");
        assertThat(line).endsWith(" | grep -E -i '" + JournalTrail.WANTED + "'; test $? -le 1");
        assertThat(JournalTrail.rspamdCommand(List.of("4458eb2c")).line())
                .isEqualTo("zgrep -h -F -e 'qid: <4458eb2c>' -- /var/log/rspamd/rspamd.log* 2>/dev/null; true");
    }

    /**
     * Real lines of a second run, where elsewhere.org's server took taken-…@, deferred later-…@ with 451 and refused
     * refuse-…@ with 550; smtpd then bounced the last one to john.
     */
    static List<MessageTrail> relayTrails(String suite, String address) throws IOException {
        return JournalTrail.parse(fixture(suite + "-relay-journal.json"), fixture(suite + "-relay-rspamd.log"), address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bookworm", "trixie"})
    void relayedDeferredAndRefusedRecipientsShowTheRemoteServerAndItsAnswer(String suite) throws IOException {
        List<MessageTrail> t = relayTrails(suite, "john@example.com");
        MessageTrail taken = only(t, "taken-");
        assertThat(taken.hops()).extracting(MessageTrail.Hop::kind).containsExactly(Kind.SUBMITTED, Kind.SCANNED, Kind.RELAYED);
        assertThat(taken.hops().get(2).text()).matches("relayed to mx\\.elsewhere\\.org \\[10\\.200\\.\\d+\\.1\\] for taken-[0-9a-f]{8}@elsewhere\\.org: "
                + "250 2\\.0\\.0 Ok: queued as TRAIL");
        assertThat(taken.hops()).noneMatch(MessageTrail.Hop::failed);

        MessageTrail later = only(t, "later-");
        assertThat(later.hops().get(2).kind()).isEqualTo(Kind.DEFERRED);
        assertThat(later.hops().get(2).failed()).isTrue();
        assertThat(later.hops().get(2).text()).matches("not yet relayed to mx\\.elsewhere\\.org \\[10\\.200\\.\\d+\\.1\\] for later-[0-9a-f]{8}@elsewhere\\.org: "
                + "451 4\\.3\\.0 try again later \\(smtpd tries again\\)");

        MessageTrail refused = only(t, "refuse-");
        assertThat(refused.hops().get(2).kind()).isEqualTo(Kind.BOUNCED);
        assertThat(refused.hops().get(2).text()).matches("refused by mx\\.elsewhere\\.org \\[10\\.200\\.\\d+\\.1\\] for refuse-[0-9a-f]{8}@elsewhere\\.org: "
                + "550 5\\.1\\.1 no such user here \\(a bounce goes to the sender\\)");

        // the bounce itself: made on the server, from <>, delivered to john, newest of all
        MessageTrail bounce = t.get(0);
        assertThat(bounce.from()).isEmpty();
        assertThat(bounce.to()).containsExactly("john@example.com");
        assertThat(bounce.hops()).extracting(MessageTrail.Hop::text).contains("made on the server: a bounce, the report of a failed delivery",
                "delivered to the mailbox of john@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bookworm", "trixie"})
    void mailToAnAliasShowsTheMailboxItReachedAndAFailedLoginIsNeverShown(String suite) throws IOException {
        // apply's own test mail: postmaster@ is an alias of john@ (the spec's info@ and postmaster@ point at him)
        MessageTrail verify = relayTrails(suite, "postmaster@example.com").stream()
                .filter(m -> m.messageId().startsWith("mailwright-verify-")).findFirst().orElseThrow();
        assertThat(verify.hops()).extracting(MessageTrail.Hop::text).contains("received from a program on the server (sendmail)",
                "delivered to the mailbox of john@example.com (sent to postmaster@example.com)");
        // apply's check of a login without TLS left "AUTH PLAIN <base64>" in the journal: no trail repeats it
        assertThat(fixture(suite + "-relay-journal.json")).contains("AUTH PLAIN");
        for (String who : List.of("john@example.com", "test@example.com", "postmaster@example.com", "relay-test@example.org")) {
            assertThat(relayTrails(suite, who)).allSatisfy(m -> assertThat(m.hops()).noneMatch(h -> h.text().contains("AUTH")));
        }
    }

    private static MessageTrail only(List<MessageTrail> trails, String prefix) {
        List<MessageTrail> found = trails.stream().filter(m -> m.to().size() == 1 && m.to().get(0).startsWith(prefix)).toList();
        assertThat(found).as(prefix).hasSize(1);
        return found.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bookworm-relay", "trixie-relay", "bookworm", "trixie"})
    void onlyTheLinesTheParserReadsLeaveTheServerAndTheyGiveTheSameTrails(String fixture) throws IOException {
        java.util.regex.Pattern wanted = java.util.regex.Pattern.compile(JournalTrail.WANTED, java.util.regex.Pattern.CASE_INSENSITIVE);
        String all = fixture(fixture + "-journal.json");
        String sent = all.lines().filter(l -> wanted.matcher(l).find()).collect(java.util.stream.Collectors.joining("\n"));
        assertThat(sent.lines().count()).isLessThan(all.lines().count()).isGreaterThan(10);
        assertThat(sent).doesNotContain("AUTH PLAIN").doesNotContain("imap-login").contains("RCPT TO:<");
        String rspamd = fixture(fixture + "-rspamd.log");
        for (String who : List.of("john@example.com", "alice@outside.test", "postmaster@example.com")) {
            assertThat(JournalTrail.parse(sent, rspamd, who)).isEqualTo(JournalTrail.parse(all, rspamd, who));
        }
    }

    @Test
    void rspamdsLineInTheJournalCountsAsWellAsItsLogFile() throws IOException {
        // rspamd set to log to the journal instead of its file: the same line as MESSAGE
        String line = fixture("trixie-rspamd.log").lines().filter(l -> l.contains("alice@outside.test")).findFirst().orElseThrow();
        String message = line.substring(line.indexOf("rspamd_task_write_log"));
        String json = fixture("trixie-journal.json") + "{\"__REALTIME_TIMESTAMP\":\"1796446267300000\",\"SYSLOG_IDENTIFIER\":\"rspamd\",\"MESSAGE\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(message) + "}\n";
        MessageTrail in = JournalTrail.parse(json, "", "alice@outside.test").get(0);
        assertThat(in.hops()).extracting(MessageTrail.Hop::kind).containsExactly(Kind.RECEIVED, Kind.SCANNED, Kind.DELIVERED);
        assertThat(in.messageId()).endsWith("@outside.test");
    }
}
