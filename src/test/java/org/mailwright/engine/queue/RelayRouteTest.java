package org.mailwright.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailConfig;
import org.mailwright.render.MailRenderer;
import org.mailwright.spec.SpecReader;
import org.mailwright.spec.SpecWriter;

/** Mail that waits because the relay refuses the login is explained as that, from the server's smtpd.conf and journal. */
class RelayRouteTest {
    private static final String SPEC = """
            server: { host: 203.0.113.7 }
            hostname: mail.example.com
            domains: [example.com]
            users: [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
            tls: { mode: self-signed }
            """;
    /** smtpd's log line when the relay answers AUTH with 535 (mta_session.c mta_error). */
    private static final String JOURNAL = "9c1d3e2f4a5b6c7d mta error reason=AUTH rejected: 535 5.7.8 Error: authentication failed\n";

    private static String conf(String relay) {
        ServerSpec spec = SpecReader.read(SpecWriter.write(SpecReader.read(SPEC), "x") + "relay: " + relay + "\n");
        return MailRenderer.smtpdConf(new MailConfig(spec, "eth0", false, "/etc/ssl/c.pem", "/etc/ssl/k.pem"));
    }

    @Test
    void readsTheRelayAndItsDomainsFromTheRenderedSmtpdConf() {
        RelayRoute some = RelayRoute.parse(conf("{ host: smtp.relay.example.net, port: 587, user: u, password-file: /p, domains: [outlook.com, hotmail.com] }")
                + RelayRoute.SEPARATOR + JOURNAL).orElseThrow();
        assertThat(some.host()).isEqualTo("smtp.relay.example.net");
        assertThat(some.domains()).containsExactly("outlook.com", "hotmail.com");
        assertThat(some.all()).isFalse();
        assertThat(some.authError()).contains("AUTH rejected: 535 5.7.8 Error: authentication failed");
        assertThat(some.carries("x@Outlook.com")).isTrue();
        assertThat(some.carries("x@gmail.com")).isFalse();
        RelayRoute all = RelayRoute.parse(conf("{ host: smtp.relay.example.net, port: 465, user: u, password-file: /p }")).orElseThrow();
        assertThat(all.all()).isTrue();
        assertThat(all.authError()).isEmpty();
        assertThat(RelayRoute.parse(MailRenderer.smtpdConf(new MailConfig(SpecReader.read(SPEC), "eth0", false, "/c", "/k")))).isEmpty();
    }

    @Test
    void aRefusedRelayLoginIsSaidInPlainWordsOnlyForMailThatGoesThroughTheRelay() {
        RelayRoute r = RelayRoute.parse(conf("{ host: smtp.relay.example.net, port: 587, user: u, password-file: /p, domains: [outlook.com] }")
                + RelayRoute.SEPARATOR + JOURNAL).orElseThrow();
        QueuedEnvelope relayed = envelope("a@outlook.com", "Destination seem to reject all mails");
        QueuedEnvelope direct = envelope("b@gmail.com", "Destination seem to reject all mails");
        // what OpenSMTPD 7.6 gave the envelope when the relay answered 535 (RelayLabTest, Debian 13)
        QueuedEnvelope network = envelope("c@outlook.com", "Network error on destination MXs");
        List<QueuedEnvelope> out = MailQueue.withRelay(List.of(relayed, direct, network), r);
        assertThat(out.get(2).explained()).startsWith("the relay smtp.relay.example.net refused this server's login");
        assertThat(out.get(0).explained()).startsWith("the relay smtp.relay.example.net refused this server's login")
                .contains("535 5.7.8", "relay.password-file", "run apply", "4 days");
        assertThat(out.get(1)).isEqualTo(direct);
        // a later error of another session hides the old login error: the relay then did not answer, as far as smtpd says
        RelayRoute later = RelayRoute.parse(conf("{ host: smtp.relay.example.net, port: 587, user: u, password-file: /p }") + RelayRoute.SEPARATOR
                + JOURNAL + "9c1d3e2f4a5b6c7e mta error reason=Connection failed: Connection refused\n").orElseThrow();
        assertThat(later.authError()).isEmpty();
        assertThat(later.explain("Network error on destination MXs", "x@gmail.com")).get().asString().startsWith("the relay smtp.relay.example.net did not answer");
        assertThat(MailQueue.explain("AUTH rejected: 535 5.7.8 Error: authentication failed", "a@outlook.com"))
                .startsWith("the relay refused this server's login").contains("relay.password-file");
    }

    private static QueuedEnvelope envelope(String to, String error) {
        return new QueuedEnvelope("0123456789abcdef", "john@example.com", to, Instant.EPOCH, Optional.empty(), 2, "pending", error,
                MailQueue.explain(error, to));
    }
}
