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
    void addressesAreOneIpv4OrIpv6LiteralAndNetworksMayHaveAPrefix() {
        assertThat(List.of("203.0.113.7", "2001:db8::7", "::1", "fe80::1", "::", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::"))
                .allMatch(ProtectionSettings::isAddress);
        assertThat(List.of("1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::1", ":1::", "::ffff:192.0.2.300")).noneMatch(ProtectionSettings::isAddress);
        assertThat(List.of("203.0.113.256", "mail.example.com", "[2001:db8::7]", "10.0.0.0/8", "", "1.2.3", "2001:db8::g"))
                .noneMatch(ProtectionSettings::isAddress);
        assertThat(List.of("10.0.0.0/8", "2001:db8::/48", "198.51.100.7", "::/0")).allMatch(ProtectionSettings::isNetwork);
        assertThat(List.of("10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/x", "example.com/24"))
                .noneMatch(ProtectionSettings::isNetwork);
    }

    @Test
    void theDefaultsAreFineAndEachLimitIsNamed() {
        assertThat(ProtectionSettings.DEFAULT.problems()).isEmpty();
        var p = new ProtectionSettings(false, 21, 30, ProtectionSettings.MAX_BANTIME_SECONDS + 1, List.of("x"));
        assertThat(p.problems()).extracting(SpecProblem::path)
                .containsExactly("protection.maxretry", "protection.findtime", "protection.bantime", "protection.ignore[0]");
    }
}
