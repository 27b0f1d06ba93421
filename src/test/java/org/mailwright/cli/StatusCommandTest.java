package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.status.ServerStatus;
import org.mailwright.engine.status.StatusCheck;
import org.mailwright.engine.status.StatusScript;
import org.mailwright.model.Finding;

/** How {@code status} prints: grouped lines with the fix under each problem, and the JSON scripts read. */
class StatusCommandTest {
    static final ServerStatus STATUS = ServerStatus.ordered("203.0.113.10", Instant.parse("2026-12-05T10:00:00Z"), List.of(
            StatusCheck.of("dns.mx.example.com", "example.com", Finding.ok("MX example.com", "mail for example.com goes to mail.example.com")),
            StatusCheck.skipped("tls.993", StatusCheck.NETWORK, "TLS on 993", "service.dovecot", "Service dovecot"),
            StatusScript.parse("service.dovecot\tSystem\tERROR\tService dovecot\tdovecot is inactive: mail apps cannot log in or read mail\t"
                    + "Start it with systemctl restart dovecot on the server.\n").get(0)));

    @Test
    void problemsCarryTheirFixAndSkippedChecksSayWhy() {
        StringWriter out = new StringWriter();
        StatusCommand.print(new PrintWriter(out, true), STATUS);
        assertThat(out.toString()).isEqualTo("""

                System
                  ERROR Service dovecot: dovecot is inactive: mail apps cannot log in or read mail
                         fix: Start it with systemctl restart dovecot on the server.

                Network
                  skip  TLS on 993: not checked: Service dovecot failed

                example.com
                  ok    MX example.com: mail for example.com goes to mail.example.com
                """);
    }

    @Test
    void theJsonHasEveryCheckWithItsSeverityAndWhatItWaitedOn() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(StatusCommand.json(STATUS));
        assertThat(doc.get("worst").asText()).isEqualTo("ERROR");
        assertThat(doc.get("checkedAt").asText()).isEqualTo("2026-12-05T10:00:00Z");
        assertThat(doc.get("checks")).hasSize(3);
        JsonNode tls = doc.get("checks").get(1);
        assertThat(tls.get("id").asText()).isEqualTo("tls.993");
        assertThat(tls.get("severity").asText()).isEqualTo("SKIPPED");
        assertThat(tls.get("skippedBecause").asText()).isEqualTo("service.dovecot");
    }
}
