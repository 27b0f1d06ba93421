package org.mailwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.model.ProtectionSettings;

class Fail2banTest {
    static final ProtectionSettings P = ProtectionSettings.DEFAULT;

    @Test
    void theJailBansOnTheLoginPortsInItsOwnNftablesTableAndNeverTheIgnoredAddresses() {
        List<String> ignore = Fail2ban.ignored(new ProtectionSettings(false, 5, 600, 3600, List.of("198.51.100.0/24", "203.0.113.9")),
                List.of("203.0.113.9"));
        assertThat(ignore).containsExactly("127.0.0.1/8", "::1", "203.0.113.9", "198.51.100.0/24");
        String jail = Fail2ban.jail(P, Fail2ban.Ssh.OFF, List.of(22), ignore);
        assertThat(jail).contains("ignoreip = 127.0.0.1/8 ::1 203.0.113.9 198.51.100.0/24\n")
                .contains("banaction = nftables[type=multiport]\n")
                .contains("backend = systemd\n")
                .contains("maxretry = 5\nfindtime = 600\nbantime = 3600\nbantime.increment = true\nbantime.maxtime = 2419200\n")
                .contains("[dovecot]\nenabled = true\nbackend = systemd\nport = 465,587,993,4190\n")
                .contains("[mailwright-opensmtpd]\nenabled = true\nbackend = systemd\nfilter = mailwright-opensmtpd\nport = 465,587,993,4190\n")
                .contains("[sshd]\nenabled = false\n");
        assertThat(Fail2ban.hasSshSection(jail)).isTrue();
    }

    @Test
    void sshIsBannedOnlyWhenAskedAndLeftAloneWhenFail2banWasThereFirst() {
        String on = Fail2ban.jail(P, Fail2ban.Ssh.ON, List.of(22, 2222), List.of("127.0.0.1/8"));
        assertThat(on).contains("[sshd]\nenabled = true\nbackend = systemd\njournalmatch = _SYSTEMD_UNIT=ssh.service + _COMM=sshd\nport = 22,2222\n");
        assertThat(Fail2ban.hasSshSection(on)).isTrue();
        String untouched = Fail2ban.jail(P, Fail2ban.Ssh.UNTOUCHED, List.of(22), List.of("127.0.0.1/8"));
        assertThat(untouched).doesNotContain("[sshd]");
        assertThat(Fail2ban.hasSshSection(untouched)).isFalse();
        assertThat(Fail2ban.jails(Fail2ban.Ssh.ON)).containsExactly("dovecot", "mailwright-opensmtpd", "sshd");
        assertThat(Fail2ban.jails(Fail2ban.Ssh.UNTOUCHED)).containsExactly("dovecot", "mailwright-opensmtpd");
    }

    @Test
    void theFiltersKeepTheStockRegexesAndLinkSmtpdFailuresToTheConnectedLine() {
        assertThat(Fail2ban.dovecotFilter()).contains("failregex = %(known/failregex)s\n").contains("^Login aborted: ");
        assertThat(Fail2ban.opensmtpdFilter()).contains("<F-MLFID>[0-9a-f]{16}</F-MLFID>")
                .contains("^authentication user=<F-USER>\\S*</F-USER> result=permfail$")
                .contains("journalmatch = _SYSTEMD_UNIT=opensmtpd.service");
        assertThat(Fail2ban.files(P, Fail2ban.Ssh.OFF, List.of(22), List.of())).containsOnlyKeys(
                Fail2ban.SERVER, Fail2ban.DOVECOT_FILTER, Fail2ban.OPENSMTPD_FILTER, Fail2ban.JAIL);
        assertThat(Fail2ban.server()).contains("dbpurgeage = 30d");
    }
}
