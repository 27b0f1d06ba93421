package org.mailwright.engine.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/** Where the checks from outside land on the dashboard: groups and stable ids. */
class StatusRunTest {
    static final List<String> DOMAINS = List.of("example.com", "mail.example.org", "example.org");

    @Test
    void aDnsFindingGoesToTheLongestDomainItsNameEndsIn() {
        assertThat(StatusRun.dnsCheck(Finding.ok("MX example.com", "ok"), DOMAINS).group()).isEqualTo("example.com");
        assertThat(StatusRun.dnsCheck(Finding.ok("DKIM dkim._domainkey.mail.example.org", "ok"), DOMAINS).group()).isEqualTo("mail.example.org");
        assertThat(StatusRun.dnsCheck(Finding.ok("A mail.example.com", "ok"), DOMAINS).group()).isEqualTo("example.com");
        assertThat(StatusRun.dnsCheck(Finding.ok("SPF example.org", "ok"), DOMAINS).group()).isEqualTo("example.org");
        assertThat(StatusRun.dnsCheck(Finding.ok("PTR 203.0.113.7", "ok"), DOMAINS).group()).isEqualTo(StatusCheck.NETWORK);
        assertThat(StatusRun.dnsCheck(Finding.ok("A mx.elsewhere.net", "ok"), DOMAINS).group()).isEqualTo(StatusCheck.NETWORK);
        // not a suffix match on a label boundary: notexample.com is not example.com
        assertThat(StatusRun.dnsCheck(Finding.ok("MX notexample.com", "ok"), DOMAINS).group()).isEqualTo(StatusCheck.NETWORK);
    }

    @Test
    void idsAreStableMachineNames() {
        assertThat(StatusRun.id("MX example.com")).isEqualTo("dns.mx.example.com");
        assertThat(StatusRun.id("DKIM dkim._domainkey.example.com")).isEqualTo("dns.dkim.dkim._domainkey.example.com");
        assertThat(StatusRun.id("DNSSEC example.com")).isEqualTo("dnssec.example.com");
        assertThat(StatusRun.id("Spamhaus ZEN 203.0.113.7")).isEqualTo("dnsbl.spamhaus.zen.203.0.113.7");
        assertThat(StatusRun.id("PTR 2001:db8::1")).isEqualTo("dns.ptr.2001:db8::1");
    }

    @Test
    void skippedChecksNameTheCheckThatFailedAndDoNotCountTowardsTheWorst() {
        String out = "service.dovecot\tSystem\tERROR\tService dovecot\tdovecot is inactive: mail apps cannot log in or read mail\tStart it\n"
                + "port.993\tNetwork\tSKIPPED\tPort 993\tservice.dovecot\t\n"
                + "noise from a tool\n"
                + "memory\tSystem\tOK\tMemory\t1.0 GiB of 2.0 GiB available\t\n";
        List<StatusCheck> checks = StatusScript.parse(out);
        assertThat(checks).extracting(StatusCheck::id).containsExactly("service.dovecot", "port.993", "memory");
        StatusCheck port = checks.get(1);
        assertThat(port.isSkipped()).isTrue();
        assertThat(port.skippedBecause()).isEqualTo("service.dovecot");
        assertThat(port.finding().message()).isEqualTo("not checked: Service dovecot failed");
        ServerStatus status = new ServerStatus("203.0.113.7", java.time.Instant.EPOCH, checks);
        assertThat(status.worst()).isEqualTo(Severity.ERROR);
        assertThat(status.groups()).containsOnlyKeys("System", "Network");
    }
}
