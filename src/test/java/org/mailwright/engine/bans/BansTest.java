package org.mailwright.engine.bans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BansTest {

    /** What {@link Bans#LIST} prints: fail2ban 1.0.2's and 1.1.0's getBanList(withTime=True) lines under jail markers. */
    static final String OUT = """
            @@jail dovecot
            192.0.2.41 \t2026-12-05 12:01:07 + 3600 = 2026-12-05 13:01:07
            @@jail mailwright-opensmtpd
            2001:db8::7 \t2026-12-05 11:59:00 + 7200 = 2026-12-05 13:59:00
            198.51.100.3 \t2026-12-05 12:30:00 + 3600 = 2026-12-05 13:30:00
            """;

    @Test
    void readsEachBanWithItsJailAndEnd() {
        assertThat(Bans.parse(OUT)).containsExactly(
                new Ban("192.0.2.41", "dovecot", "2026-12-05 12:01:07", 3600, "2026-12-05 13:01:07"),
                new Ban("2001:db8::7", "mailwright-opensmtpd", "2026-12-05 11:59:00", 7200, "2026-12-05 13:59:00"),
                new Ban("198.51.100.3", "mailwright-opensmtpd", "2026-12-05 12:30:00", 3600, "2026-12-05 13:30:00"));
        assertThat(Bans.parse("@@jail dovecot\n@@jail mailwright-opensmtpd\n")).isEmpty();
    }

    @Test
    void aLineItCannotReadIsSaidNotSkipped() {
        assertThatThrownBy(() -> Bans.parse("@@jail dovecot\nSorry but the jail 'x' does not exist\n"))
                .isInstanceOf(BansException.class).hasMessageContaining("Sorry but the jail");
        assertThatThrownBy(() -> Bans.parse("192.0.2.41 \t2026-12-05 12:01:07 + 3600 = 2026-12-05 13:01:07\n"))
                .as("a ban before any jail marker").isInstanceOf(BansException.class);
    }

    @Test
    void onlyOneAddressIsSentToUnban() {
        assertThat(Bans.unbanCommand(" 203.0.113.7 ").line()).isEqualTo("fail2ban-client unban 203.0.113.7");
        assertThat(Bans.unbanCommand("2001:db8::7").line()).isEqualTo("fail2ban-client unban 2001:db8::7");
        for (String bad : new String[] {"10.0.0.0/8", "example.com", "1.2.3.4; reboot", "--all", ""}) {
            assertThatThrownBy(() -> Bans.unbanCommand(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an IP address");
        }
    }
}
