package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailwright.dns.SpfEvaluator.Result;

class SpfEvaluatorTest {

    /** DNS data as maps; a name in {@code failing} answers like a SERVFAIL. */
    static final class FakeDns implements SpfEvaluator.Lookups {
        final Map<String, List<String>> txt = new HashMap<>();
        final Map<String, List<String>> a = new HashMap<>();
        final Map<String, List<String>> mx = new HashMap<>();
        final Set<String> failing = new HashSet<>();
        int queries;

        FakeDns txt(String name, String... values) {
            txt.put(name, List.of(values));
            return this;
        }

        FakeDns a(String name, String... addrs) {
            a.put(name, List.of(addrs));
            return this;
        }

        FakeDns mx(String name, String... hosts) {
            mx.put(name, List.of(hosts));
            return this;
        }

        private void fail(String name) throws SpfEvaluator.TemporaryFailure {
            queries++;
            if (failing.contains(name)) {
                throw new SpfEvaluator.TemporaryFailure("SERVFAIL");
            }
        }

        @Override
        public List<String> txt(String name) throws SpfEvaluator.TemporaryFailure {
            fail(name);
            return txt.getOrDefault(name, List.of());
        }

        @Override
        public List<InetAddress> addresses(String name, boolean ipv6) throws SpfEvaluator.TemporaryFailure {
            fail(name);
            List<InetAddress> out = new ArrayList<>();
            for (String s : a.getOrDefault(name, List.of())) {
                InetAddress addr = ip(s);
                if ((addr instanceof java.net.Inet6Address) == ipv6) {
                    out.add(addr);
                }
            }
            return out;
        }

        @Override
        public List<String> mx(String name) throws SpfEvaluator.TemporaryFailure {
            fail(name);
            return mx.getOrDefault(name, List.of());
        }
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static Result check(FakeDns dns, String ip) {
        return new SpfEvaluator(dns).checkHost(ip(ip), "example.com").result();
    }

    @ParameterizedTest(name = "{0} for {1} -> {2}")
    @CsvSource({
            "'v=spf1 ip4:192.0.2.10 -all', 192.0.2.10, PASS",
            "'v=spf1 ip4:192.0.2.0/24 -all', 192.0.2.77, PASS",
            "'v=spf1 ip4:192.0.2.0/25 -all', 192.0.2.200, FAIL",
            "'v=spf1 ip4:192.0.2.10 ~all', 198.51.100.1, SOFTFAIL",
            "'v=spf1 ip4:192.0.2.10 ?all', 198.51.100.1, NEUTRAL",
            "'v=spf1 ip4:192.0.2.10', 198.51.100.1, NEUTRAL",
            "'v=spf1 ip6:2001:db8::/32 -all', 2001:db8::10, PASS",
            "'v=spf1 ip6:2001:db8::/32 -all', 192.0.2.10, FAIL",
            "'v=spf1 -ip4:192.0.2.10 +all', 192.0.2.10, FAIL",
            "'v=spf1 ip4:192.0.2.300 -all', 192.0.2.10, PERMERROR",
            "'v=spf1 ip4:192.0.2.0/33 -all', 192.0.2.10, PERMERROR",
            "'v=spf1 foo:bar -all', 192.0.2.10, PERMERROR",
            "'v=spf1 exp=explain._spf.example.com ip4:192.0.2.10 -all', 192.0.2.10, PASS",
    })
    void evaluatesAddressMechanismsAndQualifiers(String record, String ip, Result expected) {
        assertThat(check(new FakeDns().txt("example.com", record), ip)).isEqualTo(expected);
    }

    @Test
    void authorizesTheMxHostsAddresses() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 mx -all").mx("example.com", "mail.example.com")
                .a("mail.example.com", "192.0.2.10", "2001:db8::10");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PASS);
        assertThat(check(dns, "2001:db8::10")).isEqualTo(Result.PASS);
        assertThat(check(dns, "192.0.2.11")).isEqualTo(Result.FAIL);
    }

    @Test
    void appliesDualCidrToAMechanism() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 a:mail.example.com/24//64 -all")
                .a("mail.example.com", "192.0.2.10", "2001:db8::10");
        assertThat(check(dns, "192.0.2.99")).isEqualTo(Result.PASS);
        assertThat(check(dns, "2001:db8::ffff")).isEqualTo(Result.PASS);
        assertThat(check(dns, "192.0.3.1")).isEqualTo(Result.FAIL);
    }

    @Test
    void followsIncludesAndUsesOnlyTheirPass() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 include:_spf.provider.test -all")
                .txt("_spf.provider.test", "v=spf1 ip4:198.51.100.0/24 -all");
        assertThat(check(dns, "198.51.100.7")).isEqualTo(Result.PASS);
        // the include's own -all means "no match" here, so the outer -all decides
        assertThat(check(dns, "192.0.2.1")).isEqualTo(Result.FAIL);
    }

    @Test
    void followsRedirectWhenNothingMatched() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 redirect=_spf.example.net")
                .txt("_spf.example.net", "v=spf1 ip4:192.0.2.10 ~all");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PASS);
        assertThat(check(dns, "192.0.2.11")).isEqualTo(Result.SOFTFAIL);
    }

    @Test
    void reportsIncludeOfDomainWithoutSpfAsPermerror() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 include:nothing.test -all");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PERMERROR);
    }

    @Test
    void rejectsSpfWithElevenLookups() {
        FakeDns dns = new FakeDns();
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 1; i <= 11; i++) {
            record.append(" include:s").append(i).append(".test");
            dns.txt("s" + i + ".test", "v=spf1 ip4:203.0.113." + i + " -all");
        }
        dns.txt("example.com", record + " ip4:192.0.2.10 -all");
        SpfEvaluator.Outcome outcome = new SpfEvaluator(dns).checkHost(ip("192.0.2.10"), "example.com");
        assertThat(outcome.result()).isEqualTo(Result.PERMERROR);
        assertThat(outcome.detail()).contains("more than 10 DNS lookups");
    }

    @Test
    void acceptsSpfWithExactlyTenLookups() {
        FakeDns dns = new FakeDns();
        StringBuilder record = new StringBuilder("v=spf1");
        for (int i = 1; i <= 10; i++) {
            record.append(" include:s").append(i).append(".test");
            dns.txt("s" + i + ".test", "v=spf1 ip4:203.0.113." + i + " -all");
        }
        dns.txt("example.com", record + " ip4:192.0.2.10 -all");
        SpfEvaluator.Outcome outcome = new SpfEvaluator(dns).checkHost(ip("192.0.2.10"), "example.com");
        assertThat(outcome.result()).isEqualTo(Result.PASS);
        assertThat(outcome.lookups()).isEqualTo(10);
    }

    @Test
    void countsNestedIncludesTowardsTheLimit() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 include:a.test -all");
        // a chain of 11 includes: each counts once wherever it appears
        for (int i = 0; i < 11; i++) {
            dns.txt(i == 0 ? "a.test" : "a" + i + ".test", "v=spf1 include:a" + (i + 1) + ".test -all");
        }
        dns.txt("a11.test", "v=spf1 ip4:192.0.2.10 -all");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PERMERROR);
    }

    @Test
    void worstCaseCountsLookupsAfterAnEarlyMatch() {
        FakeDns dns = new FakeDns();
        StringBuilder record = new StringBuilder("v=spf1 ip4:192.0.2.10");
        for (int i = 1; i <= 11; i++) {
            record.append(" a:h").append(i).append(".test");
            dns.a("h" + i + ".test", "203.0.113." + i);
        }
        dns.txt("example.com", record + " -all");
        SpfEvaluator evaluator = new SpfEvaluator(dns);
        assertThat(evaluator.checkHost(ip("192.0.2.10"), "example.com").result()).isEqualTo(Result.PASS);
        assertThat(evaluator.worstCase("example.com").result()).isEqualTo(Result.PERMERROR);
    }

    @Test
    void rejectsTwoSpfRecords() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 mx -all", "v=spf1 ip4:192.0.2.10 -all", "google-site-verification=x");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PERMERROR);
    }

    @Test
    void ignoresOtherTxtRecordsAndReportsNoneWithoutSpf() {
        FakeDns dns = new FakeDns().txt("example.com", "google-site-verification=x", "v=spf10 nonsense");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.NONE);
    }

    @Test
    void turnsServfailIntoTemperror() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 include:broken.test -all");
        dns.failing.add("broken.test");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.TEMPERROR);
    }

    @Test
    void limitsVoidLookupsToTwo() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 a:gone1.test a:gone2.test a:gone3.test ip4:192.0.2.10 -all");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PERMERROR);
    }

    @Test
    void expandsDomainMacroInExists() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 exists:%{d}.allow.test -all").a("example.com.allow.test", "127.0.0.2");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PASS);
    }

    @Test
    void reportsMacroTransformersAsUnsupportedRatherThanGuessing() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 exists:%{ir}.list.test -all");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.UNSUPPORTED);
    }

    @Test
    void stopsIncludeLoopsAtTheLookupLimit() {
        FakeDns dns = new FakeDns().txt("example.com", "v=spf1 include:example.com -all");
        assertThat(check(dns, "192.0.2.10")).isEqualTo(Result.PERMERROR);
        assertThat(dns.queries).isLessThanOrEqualTo(12);
    }
}
