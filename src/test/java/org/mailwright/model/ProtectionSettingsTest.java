package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProtectionSettingsTest {

    @Test
    void durationsAreFail2bansAbbreviationsInSecondsAndWrittenBackInTheLargestUnit() {
        assertThat(ProtectionSettings.seconds("k", "90s")).isEqualTo(90);
        assertThat(ProtectionSettings.seconds("k", "10m")).isEqualTo(600);
        assertThat(ProtectionSettings.seconds("k", " 1h ")).isEqualTo(3600);
        assertThat(ProtectionSettings.seconds("k", "2d")).isEqualTo(172_800);
        assertThat(ProtectionSettings.seconds("k", "1w")).isEqualTo(604_800);
        assertThat(ProtectionSettings.text(600)).isEqualTo("10m");
        assertThat(ProtectionSettings.text(5400)).isEqualTo("90m");
        assertThat(ProtectionSettings.text(ProtectionSettings.MAX_BANTIME_SECONDS)).isEqualTo("4w");
        assertThat(ProtectionSettings.text(61)).isEqualTo("61s");
        for (String bad : new String[] {"600", "1 h", "1H", "1y", "-1h", "", "1.5h"}) {
            assertThatThrownBy(() -> ProtectionSettings.seconds("protection.bantime", bad)).as(bad)
                    .hasMessageStartingWith("protection.bantime: '" + bad + "' is not a duration");
        }
    }

    @Test
    void theDefaultsAreFineAndEachLimitIsNamed() {
        assertThat(ProtectionSettings.DEFAULT.problems()).isEmpty();
        var p = new ProtectionSettings(false, 21, 30, ProtectionSettings.MAX_BANTIME_SECONDS + 1, List.of("x"));
        assertThat(p.problems()).extracting(SpecProblem::path)
                .containsExactly("protection.maxretry", "protection.findtime", "protection.bantime", "protection.ignore[0]");
    }
}
