package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** DnsChecker against real DNS servers (BIND named, dnsmasq) on loopback. */
class DnsCheckerLoopbackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static TestZones zones;

    @BeforeAll
    static void startServers() throws Exception {
        zones = new TestZones().start();
    }

    @AfterAll
    static void stopServers() {
        if (zones != null) {
            zones.close();
        }
    }

    private static DnsReport check(MailDnsSetup setup) {
        return new DnsChecker(zones.viaNamed(), TIMEOUT, true).check(setup);
    }

    private static Finding only(DnsReport report, String check) {
        List<Finding> found = report.about(check);
        assertThat(found).as("findings about '%s' in %s", check, report.findings()).hasSize(1);
        return found.get(0);
    }

    private static void assertError(Finding f, String... messageParts) {
        assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains(messageParts);
        assertThat(f.fix()).as("fix sentence of " + f).isNotBlank();
    }

    @Test
    void rightDomainIsOkInEveryRecord() {
        DnsReport report = check(TestZones.setup("good.test"));
        assertThat(report.findings()).extracting(Finding::check).containsExactly(
                "A mail.good.test", "AAAA mail.good.test", "PTR 192.0.2.10", "MX good.test", "SPF good.test",
                "DKIM mail._domainkey.good.test", "DMARC good.test");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.OK));
        assertThat(only(report, "PTR").message()).contains("forward-confirmed");
    }

    @Test
    void dkimKeySplitIntoTwoStringsMatchesTheServerKey() {
        DnsAnswer raw = new ServerQuerier(zones.named, TIMEOUT, true).query("mail._domainkey.good.test", Type.TXT).join();
        assertThat(raw.recordsOf(TXTRecord.class)).singleElement()
                .satisfies(r -> assertThat(r.getStringsAsByteArrays()).hasSize(2).allSatisfy(s -> assertThat(s.length).isLessThanOrEqualTo(255)));
        Finding dkim = only(check(TestZones.setup("good.test")), "DKIM");
        assertThat(dkim.severity()).isEqualTo(Severity.OK);
        assertThat(dkim.message()).contains("2048-bit", "2 strings");
    }

    @Test
    void reportsMailHostAddressPointingElsewhere() {
        DnsReport report = check(TestZones.setup("mail.wrong-a.test", "wrong-a.test", "192.0.2.11", TestKeys.serverKey()));
        assertError(only(report, "A mail.wrong-a.test"), "203.0.113.99", "not at this server");
        assertThat(only(report, "A mail.wrong-a.test").fix()).contains("192.0.2.11");
        assertError(only(report, "PTR 192.0.2.11"), "not forward-confirmed");
    }

    @Test
    void reportsMxPointingElsewhere() {
        DnsReport report = check(TestZones.setup("wrong-mx.test"));
        assertError(only(report, "MX wrong-mx.test"), "mx.elsewhere.test", "not at mail.good.test");
        assertThat(only(report, "SPF").severity()).isEqualTo(Severity.OK);
    }

    @Test
    void reportsSpfThatDoesNotAuthorizeTheServer() {
        Finding spf = only(check(TestZones.setup("wrong-spf.test")), "SPF");
        assertError(spf, "does not authorize", "192.0.2.10 gets fail");
        assertThat(spf.fix()).contains("v=spf1 mx -all");
    }

    @Test
    void warnsWhenThePublishedSpfLacksTheRelaysInclude() {
        MailDnsSetup plain = TestZones.setup("good.test");
        MailDnsSetup relayed = new MailDnsSetup(plain.mailHost(), plain.domains(), plain.addresses(), plain.dkimByDomain(),
                DnsOptions.defaults().withSpf(DnsOptions.spfWithInclude("spf.relay.example.net")));
        Finding spf = only(check(relayed), "SPF");
        assertThat(spf.severity()).isEqualTo(Severity.WARN);
        assertThat(spf.message()).contains("does not include the relay's spf.relay.example.net", "fails SPF");
        assertThat(spf.fix()).contains("v=spf1 mx include:spf.relay.example.net -all");
    }

    @Test
    void rejectsPublishedSpfWithElevenLookups() {
        Finding spf = only(check(TestZones.setup("many-lookups.test")), "SPF");
        assertError(spf, "more than 10 DNS lookups");
    }

    @Test
    void reportsDkimRecordWithAnotherKey() {
        Finding dkim = only(check(TestZones.setup("wrong-dkim.test")), "DKIM");
        assertError(dkim, "not the server's key");
    }

    @Test
    void reportsMalformedDmarc() {
        Finding dmarc = only(check(TestZones.setup("bad-dmarc.test")), "DMARC");
        assertError(dmarc, "malformed", "p=block");
        assertThat(dmarc.fix()).contains("v=DMARC1; p=quarantine; rua=mailto:postmaster@bad-dmarc.test");
    }

    @Test
    void reportsAddressWithoutReverseDns() {
        Finding ptr = only(check(TestZones.setup(TestZones.HOST, "good.test", "192.0.2.20", TestKeys.serverKey())), "PTR");
        assertError(ptr, "has no reverse DNS", "NXDOMAIN");
        assertThat(ptr.fix()).contains("hosting provider", "192.0.2.20", TestZones.HOST);
    }

    @Test
    void reportsReverseDnsThatDoesNotForwardConfirm() {
        Finding ptr = only(check(TestZones.setup(TestZones.HOST, "good.test", "192.0.2.30", TestKeys.serverKey())), "PTR");
        assertError(ptr, "does not resolve back", "not forward-confirmed");
    }

    @Test
    void reportsReverseDnsNamingAnotherHost() {
        Finding ptr = only(check(TestZones.setup(TestZones.HOST, "good.test", "192.0.2.40", TestKeys.serverKey())), "PTR");
        assertError(ptr, "host40.provider.test", "not mail.good.test");
    }

    @Test
    void reportsServfailAsServfailNeverAsOk() {
        DnsReport report = check(TestZones.setup("broken.test"));
        List<Finding> aboutDomain = report.findings().stream().filter(f -> f.check().contains("broken.test")).toList();
        assertThat(aboutDomain).hasSize(4).allSatisfy(f -> assertError(f, "SERVFAIL"));
    }

    @Test
    void reportsNonexistentDomainAsNxdomain() {
        DnsReport report = check(TestZones.setup("nothere.good.test"));
        assertError(only(report, "MX nothere.good.test"), "does not exist", "NXDOMAIN");
        assertError(only(report, "SPF nothere.good.test"), "no SPF record", "NXDOMAIN");
    }

    @Test
    void retriesTruncatedUdpAnswerOverTcp() {
        DnsAnswer a = new ServerQuerier(zones.named, TIMEOUT, false).query("big-txt.good.test", Type.TXT).join();
        assertThat(a.status()).isEqualTo(DnsAnswer.Status.ANSWER);
        assertThat(a.viaTcp()).isTrue();
        assertThat(TxtStrings.join(a.recordsOf(TXTRecord.class).get(0).getStrings())).hasSize(700);
    }

    @Test
    void checks4096BitDkimKeyWhoseAnswerNeedsTcp() {
        DnsReport report = new DnsChecker(zones.viaNamed(), TIMEOUT, true, false)
                .check(TestZones.setup(TestZones.HOST, "big-dkim.test", TestZones.SERVER_IP, TestZones.bigKey()));
        Finding dkim = only(report, "DKIM");
        assertThat(dkim.severity()).as(dkim.toString()).isEqualTo(Severity.OK);
        assertThat(dkim.message()).contains("4096-bit", "3 strings");
    }

    @Test
    void reportsTruncationWhenTcpRetryFails() throws Exception {
        // a UDP-only responder that always sets TC: nothing listens on TCP at that port, so the retry must fail
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            CompletableFuture.runAsync(() -> answerTruncated(socket));
            DnsAnswer a = new ServerQuerier((InetSocketAddress) socket.getLocalSocketAddress(), Duration.ofMillis(800), true)
                    .query("x.good.test", Type.TXT).join();
            assertThat(a.status()).isEqualTo(DnsAnswer.Status.TRUNCATED);
            assertThat(a.failed()).isTrue();
            Finding f = DnsChecker.lookupFailed("SPF x.good.test", a);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.fix()).contains("TCP port 53");
        }
    }

    private static void answerTruncated(DatagramSocket socket) {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message r = new Message(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().setFlag(Flags.TC);
                r.addRecord(q.getQuestion(), org.xbill.DNS.Section.QUESTION);
                byte[] wire = r.toWire();
                socket.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (java.io.IOException closed) {
                return;
            }
        }
    }

    @Test
    void reportsSilentServerAsTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsReport report = new DnsChecker(new ResolverChoice.Server((InetSocketAddress) silent.getLocalSocketAddress()),
                    Duration.ofMillis(300), true).check(TestZones.setup("good.test"));
            assertThat(report.findings()).isNotEmpty().allSatisfy(f -> assertError(f, "TIMEOUT"));
        }
    }

    @Test
    void reportsHalfPropagatedZoneWhenAskingTheAuthoritativeServers() {
        DnsReport report = new DnsChecker(zones.authoritative(), TIMEOUT, true).check(TestZones.setup("half.test"));
        Finding propagation = only(report, "Authoritative servers half.test");
        assertThat(propagation.severity()).as(propagation.toString()).isEqualTo(Severity.WARN);
        assertThat(propagation.message()).contains("disagree", "ns1.half.test (127.0.0.2) serve serial 2024010102",
                "ns2.half.test (127.0.0.3) serve serial 2024010101");
        List<Finding> mx = report.about("MX half.test");
        assertThat(mx).hasSize(2);
        assertThat(mx).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.OK);
            assertThat(f.message()).startsWith("at ns1.half.test (127.0.0.2)");
        });
        assertThat(mx).anySatisfy(f -> assertError(f, "at ns2.half.test (127.0.0.3)", "old-mx.half.test"));
        // records both servers agree on are reported once, without a server name
        assertThat(only(report, "DKIM").severity()).isEqualTo(Severity.OK);
        assertThat(only(report, "DKIM").message()).doesNotStartWith("at ");
    }

    @Test
    void reportsLameNameServerAsAnError() {
        DnsReport report = new DnsChecker(zones.authoritative(), TIMEOUT, true).check(TestZones.setup("lame.test"));
        assertError(only(report, "Authoritative servers lame.test"), "ns.lame.test (127.0.0.1) does not serve lame.test", "UNREACHABLE");
        assertThat(report.about("MX lame.test")).isNotEmpty().allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
    }

    @Test
    void authoritativeServersShowTheChangeTheResolverDoesNotYetHave() {
        // named plays a resolver still holding the old MX; asked directly, the fresh server already has the new one
        assertError(only(check(TestZones.setup("half.test")), "MX half.test"), "old-mx.half.test");
    }

    @Test
    void sequentialBaselineFindsTheSameAsParallelButSendsOneQueryAtATime() {
        for (String domain : List.of("good.test", "wrong-spf.test", "many-lookups.test")) {
            MailDnsSetup setup = TestZones.setup(domain);
            DnsReport parallel = new DnsChecker(zones.viaNamed(), TIMEOUT, true).check(setup);
            DnsReport sequential = new DnsChecker(zones.viaNamed(), TIMEOUT, false).check(setup);
            assertThat(sequential.findings()).isEqualTo(parallel.findings());
            assertThat(sequential.queries()).isEqualTo(parallel.queries()).isGreaterThan(5);
        }
    }

    @Test
    void asksEachQuestionOncePerCheck() {
        // good.test: A, AAAA, PTR, MX, TXT, DKIM TXT, DMARC TXT; the SPF "mx" lookup, its A lookup and the
        // FCrDNS forward lookup reuse answers already asked for
        DnsReport report = check(TestZones.setup("good.test"));
        assertThat(report.queries()).isEqualTo(7);
    }

    @Test
    void parsesResolverAddresses() {
        assertThat(ResolverChoice.Server.parse("127.0.0.1:5353").address()).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(ResolverChoice.Server.parse("127.0.0.1").address().getPort()).isEqualTo(53);
        assertThat(ResolverChoice.Server.parse("[::1]:5353").address()).isEqualTo(new InetSocketAddress("::1", 5353));
        assertThat(ResolverChoice.Server.parse("::1").address()).isEqualTo(new InetSocketAddress("::1", 53));
    }

    @Test
    void mergeNamesTheServerOnlyWhereServersDisagree() {
        Finding same = Finding.ok("DKIM x", "fine");
        Finding a = Finding.ok("MX x", "right");
        Finding b = Finding.error("MX x", "wrong", "fix it");
        List<Finding> merged = DnsChecker.merge(Map.of("ns1", List.of(same, a)));
        assertThat(merged).containsExactly(same, a);
        merged = DnsChecker.merge(new java.util.LinkedHashMap<>(Map.of("ns1", List.of(same, a))) {{
            put("ns2", List.of(same, b));
        }});
        assertThat(merged).extracting(Finding::message).containsExactly("fine", "at ns1: right", "at ns2: wrong");
    }
}
