package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec.Ipv6Send;
import org.mailwright.model.Severity;

/** The one rule for sending over IPv6: data in (setting, addresses, PTR results), decision out. */
class Ipv6SendingTest {
    private static final String HOST = "mail.example.com";

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static MailDnsSetup setup(String... addresses) throws Exception {
        List<InetAddress> a = new ArrayList<>();
        for (String s : addresses) {
            a.add(ip(s));
        }
        return new MailDnsSetup(HOST, List.of("example.com"), a, Map.of(), null);
    }

    private static DnsChecker.PtrCheck confirmed(InetAddress a) {
        return new DnsChecker.PtrCheck(a, true, Finding.ok("PTR " + a, "forward-confirmed"));
    }

    private static DnsChecker.PtrCheck missing(InetAddress a) {
        return new DnsChecker.PtrCheck(a, false, Finding.error("PTR " + Addresses.text(a), Addresses.text(a) + " has no reverse DNS (NXDOMAIN)", "ask"));
    }

    @Test
    void autoSendsOverIpv6WhenThePtrIsForwardConfirmed() throws Exception {
        Ipv6Sending.Decision d = Ipv6Sending.decide(Ipv6Send.AUTO, setup("203.0.113.7", "2001:db8::7"), v6 -> v6.stream().map(Ipv6SendingTest::confirmed).toList());
        assertThat(d.route()).isEqualTo(Ipv6Sending.Route.IPV4_AND_IPV6);
        assertThat(d.ipv4Only()).isFalse();
        assertThat(d.finding().severity()).isEqualTo(Severity.OK);
        assertThat(d.finding().message()).contains("2001:db8::7").contains("forward-confirmed");
    }

    @Test
    void autoSendsOverIpv4OnlyWhenAPtrIsMissingAndSaysWhyAndHowToKeepIt() throws Exception {
        Ipv6Sending.Decision d = Ipv6Sending.decide(Ipv6Send.AUTO, setup("203.0.113.7", "2001:db8::7"), v6 -> v6.stream().map(Ipv6SendingTest::missing).toList());
        assertThat(d.ipv4Only()).isTrue();
        assertThat(d.finding().severity()).isEqualTo(Severity.WARN);
        assertThat(d.finding().message()).contains("IPv4 only").contains("2001:db8::7 has no reverse DNS").contains("IPv6AuthError");
        assertThat(d.finding().fix()).contains("set the reverse DNS (PTR) of 2001:db8::7 to mail.example.com")
                .contains("ipv6: { send: off }");
    }

    @Test
    void oneUnconfirmedAddressOfSeveralIsEnoughForIpv4Only() throws Exception {
        Ipv6Sending.Decision d = Ipv6Sending.decide(Ipv6Send.AUTO, setup("2001:db8::7", "2001:db8::8"),
                v6 -> List.of(confirmed(v6.get(0)), missing(v6.get(1))));
        assertThat(d.ipv4Only()).isTrue();
        assertThat(d.finding().fix()).contains("2001:db8::8").doesNotContain("2001:db8::7");
    }

    @Test
    void offSendsOverIpv4OnlyWithoutAskingDns() throws Exception {
        Ipv6Sending.Decision d = Ipv6Sending.decide(Ipv6Send.OFF, setup("203.0.113.7", "2001:db8::7"), v6 -> {
            throw new AssertionError("no DNS needed");
        });
        assertThat(d.ipv4Only()).isTrue();
        assertThat(d.finding().severity()).isEqualTo(Severity.OK);
        assertThat(d.finding().message()).contains("ipv6.send: off");
    }

    @Test
    void aServerWithoutPublicIpv6NeedsNoLimitAndNoDns() throws Exception {
        // fd00::/8 is a unique local address (RFC 4193): not public while the server has a public IPv4 address
        for (Ipv6Send s : Ipv6Send.values()) {
            Ipv6Sending.Decision d = Ipv6Sending.decide(s, setup("203.0.113.7", "fd00:200:1::2", "fe80::1"), v6 -> {
                throw new AssertionError("no DNS needed");
            });
            assertThat(d.route()).isEqualTo(Ipv6Sending.Route.NO_IPV6);
            assertThat(d.ipv4Only()).isFalse();
        }
    }

    @Test
    void aServerThatDoesNotFollowTheRuleYetIsAWarningToApply() throws Exception {
        MailDnsSetup s = setup("203.0.113.7", "2001:db8::7");
        Ipv6Sending.Decision ipv6 = Ipv6Sending.decide(Ipv6Send.AUTO, s, v6 -> v6.stream().map(Ipv6SendingTest::confirmed).toList());
        Ipv6Sending.Decision ipv4 = Ipv6Sending.decide(Ipv6Send.OFF, s, v6 -> List.of());
        // the server's smtpd.conf as MailRenderer.sendsIpv4Only reads it
        java.util.Optional<Boolean> limited = java.util.Optional.of(true);
        java.util.Optional<Boolean> both = java.util.Optional.of(false);
        assertThat(Ipv6Sending.onServer(ipv4, limited)).isEqualTo(ipv4.finding());
        assertThat(Ipv6Sending.onServer(ipv6, both)).isEqualTo(ipv6.finding());
        assertThat(Ipv6Sending.onServer(ipv6, java.util.Optional.empty())).isEqualTo(ipv6.finding());
        // the PTR was fixed after the last apply: the rule says IPv6, the server still limits
        Finding stale = Ipv6Sending.onServer(ipv6, limited);
        assertThat(stale.severity()).isEqualTo(Severity.WARN);
        assertThat(stale.message()).endsWith("but the server's smtpd.conf still sends over IPv4 only");
        assertThat(stale.fix()).isEqualTo("Run apply to put this into effect.");
        assertThat(Ipv6Sending.onServer(ipv4, both).message()).endsWith("still sends over IPv6 too");
    }

    @Test
    void onAPrivateNetworkInBothFamiliesTheUniqueLocalAddressCounts() throws Exception {
        // the lab: 10.200.N.2 and fd00:200:N::2, nothing public, so all addresses are taken as given (MailDnsSetup)
        InetAddress ula = ip("fd00:200:1::2");
        Ipv6Sending.Decision d = Ipv6Sending.decide(Ipv6Send.AUTO, setup("10.200.1.2", "fd00:200:1::2"), v6 -> {
            assertThat(v6).containsExactly(ula);
            return v6.stream().map(Ipv6SendingTest::confirmed).toList();
        });
        assertThat(d.route()).isEqualTo(Ipv6Sending.Route.IPV4_AND_IPV6);
    }
}
