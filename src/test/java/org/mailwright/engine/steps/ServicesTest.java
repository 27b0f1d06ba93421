package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The services' one read: its script runs here under {@code sh} against a stand-in {@code systemctl}. */
class ServicesTest {
    // rspamd disabled but running, dovecot enabled but failed, redis static (exit 0, another word), opensmtpd fine
    private static final String SYSTEMCTL = """
            #!/bin/sh
            case "$1 $2" in
              "is-enabled rspamd") echo disabled; exit 1 ;;
              "is-enabled redis-server") echo static ;;
              is-enabled*) echo enabled ;;
              "is-active dovecot") echo failed; exit 3 ;;
              is-active*) echo active ;;
            esac
            """;

    @Test
    void everyServiceIsReadInOneCommandWithItsExitsAndWords(@TempDir Path dir) throws IOException, InterruptedException {
        String out = StandInCommands.run(dir, Services.STATES.line(), Map.of("systemctl", SYSTEMCTL));

        Map<String, Services.State> states = Services.states(out);
        assertThat(states.keySet()).containsExactlyElementsOf(Services.SERVICES);
        assertThat(states.get("redis-server")).isEqualTo(new Services.State(true, true, "static", "active"));
        assertThat(states.get("rspamd")).isEqualTo(new Services.State(false, true, "disabled", "active"));
        assertThat(states.get("opensmtpd").words()).isEqualTo("enabled/active");
        assertThat(states.get("dovecot")).isEqualTo(new Services.State(true, false, "enabled", "failed"));
    }

    @Test
    void aServiceTheOutputDoesNotNameIsNeitherEnabledNorActive() {
        Map<String, Services.State> states = Services.states("rspamd\t0\t0\tenabled\tactive\n");
        assertThat(states.get("dovecot")).isEqualTo(new Services.State(false, false, "unknown", "unknown"));
        assertThat(states.get("rspamd").enabled()).isTrue();
    }
}
