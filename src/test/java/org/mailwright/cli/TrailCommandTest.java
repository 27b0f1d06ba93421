package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.trail.MessageTrail;
import org.mailwright.engine.trail.MessageTrail.Hop;
import org.mailwright.engine.trail.MessageTrail.Kind;

/** How `mailwright trail` prints: one header line per message, its hops indented, failures marked with "!". */
class TrailCommandTest {

    @Test
    void eachMessageIsAHeaderAndItsHopsWithFailuresMarked() {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        try {
            Instant t = Instant.parse("2024-03-09T10:15:30Z");
            MessageTrail m = new MessageTrail("abc@outside.test", "alice@outside.test", List.of("john@example.com"), "", List.of(
                    new Hop(t, Kind.RECEIVED, "received on port 25 from mx.outside.test [203.0.113.5] (TLSv1.3)", false),
                    new Hop(t.plusSeconds(1), Kind.DEFERRED, "not yet delivered to the mailbox of john@example.com: quota (smtpd tries again)", true)));
            MessageTrail bounce = new MessageTrail("0a1b2c3d", "", List.of("alice@outside.test"), "", List.of());
            StringWriter sw = new StringWriter();
            TrailCommand.print(new PrintWriter(sw, true), List.of(m, bounce), "john@example.com", Optional.of(LocalDate.of(2024, 3, 9)));
            assertThat(sw.toString()).isEqualTo("""
                    2024-03-09 10:15:30  alice@outside.test -> john@example.com  abc@outside.test
                        10:15:30  received on port 25 from mx.outside.test [203.0.113.5] (TLSv1.3)
                      ! 10:15:31  not yet delivered to the mailbox of john@example.com: quota (smtpd tries again)
                    1970-01-01 00:00:00  <> -> alice@outside.test  0a1b2c3d
                        (no delivery logged yet: still in the queue (smtpctl show queue on the server), or delivered after the period read)
                    2 messages from or to john@example.com on 2024-03-09.
                    """);
        } finally {
            TimeZone.setDefault(before);
        }
    }

    @Test
    void noMessageSaysWhereItLooked() {
        StringWriter sw = new StringWriter();
        TrailCommand.print(new PrintWriter(sw, true), List.of(), "john@example.com", Optional.empty());
        assertThat(sw.toString()).isEqualTo("No message from or to john@example.com in the last 7 days in the server's journal.\n");
    }

    @Test
    void theDayIsACalendarDate() {
        assertThat(TrailCommand.parseDay(null)).isEmpty();
        assertThat(TrailCommand.parseDay("2024-02-29")).contains(LocalDate.of(2024, 2, 29));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrailCommand.parseDay("2023-02-29"))
                .hasMessage("--day: '2023-02-29' is not a date; write it as YYYY-MM-DD, such as 2024-03-09.");
    }
}
