package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/** Verify's check that smtpd listens on port 25 of each IPv6 address: ss output in, findings out. */
class VerifyIpv6Test {
    private static ServerFacts facts(List<String> ipv6) {
        return new ServerFacts("debian", "trixie", "Debian GNU/Linux 13 (trixie)", true, 18_000_000, 2_000_000, "eth0",
                List.of("203.0.113.7"), ipv6, Set.of(22));
    }

    // ss -Htln on a trixie droplet with smtpd's listen on eth0 (captured in the lab)
    private static final String SS = """
            LISTEN 0      128        203.0.113.7:25        0.0.0.0:*
            LISTEN 0      128        203.0.113.7:587       0.0.0.0:*
            LISTEN 0      128    [2001:db8::7]:25           [::]:*
            LISTEN 0      128    [2001:db8::7]:587          [::]:*
            LISTEN 0      100               [::]:993           [::]:*
            """;

    @Test
    void port25OnEachIpv6AddressIsOk() {
        List<Finding> f = Verify.listeningOnIpv6(SS, facts(List.of("2001:db8::7")));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.severity()).isEqualTo(Severity.OK);
            assertThat(x.message()).isEqualTo("smtpd listens on [2001:db8::7]:25");
        });
    }

    @Test
    void anAddressThatCameAfterSmtpdStartedIsAnErrorWithTheRestart() {
        List<Finding> f = Verify.listeningOnIpv6(SS, facts(List.of("2001:db8::7", "2001:db8::8")));
        assertThat(f).hasSize(2);
        assertThat(f.get(1).severity()).isEqualTo(Severity.ERROR);
        assertThat(f.get(1).message()).contains("[2001:db8::8]:25").contains("when it started");
        assertThat(f.get(1).fix()).contains("systemctl restart opensmtpd");
        // port 587 on an address is not port 25
        assertThat(Verify.listeningOnIpv6(SS.replace("[2001:db8::7]:25 ", "[2001:db8::9]:25 "), facts(List.of("2001:db8::7"))).get(0).severity())
                .isEqualTo(Severity.ERROR);
    }

    @Test
    void aServerWithoutIpv6GetsNoFinding() {
        assertThat(Verify.listeningOnIpv6(SS, facts(List.of()))).isEmpty();
    }
}
