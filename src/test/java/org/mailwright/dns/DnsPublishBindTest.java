package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.mailwright.dns.publish.DnsProviderException;
import org.mailwright.dns.publish.DnsPublisher;
import org.mailwright.dns.publish.PublishPlan;
import org.mailwright.dns.publish.RecordChange;
import org.mailwright.dns.publish.RecordSet;
import org.mailwright.dns.publish.Rfc2136Provider;
import org.mailwright.dns.publish.TsigKey;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * {@code dns publish} through RFC 2136 dynamic update with TSIG against a real BIND {@code named} on loopback: the
 * zone holds records Mailwright did not make (a site verification TXT beside an old SPF, a web server's A, an old MX);
 * publishing creates and changes only what is planned, leaves the rest, is idempotent, and the DNS check is green
 * against the result. The key is made by BIND's own {@code tsig-keygen}, so its file format is the real one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DnsPublishBindTest {
    private static final String ZONE = "pub.test";
    private static final String HOST = "mail.pub.test";
    private static LoopbackDns dns;
    private static InetSocketAddress named;
    private static TsigKey key;
    private static TsigKey readOnly;

    @BeforeAll
    static void start() throws Exception {
        dns = new LoopbackDns();
        String keyFile = keygen("mailwright");
        String readOnlyFile = keygen("readonly");
        key = TsigKey.parse(keyFile, Optional.empty(), Optional.empty());
        readOnly = TsigKey.parse(readOnlyFile, Optional.empty(), Optional.empty());
        Map<String, String> zones = LoopbackDns.zones();
        zones.put(ZONE, LoopbackDns.zone(ZONE, 1, "@ MX 10 mx.old-provider.test.\n"
                + "@ TXT \"google-site-verification=abc123\"\n"
                + "@ TXT \"v=spf1 include:old-provider.test -all\"\n"
                + "www A 192.0.2.80\n"
                + "_dmarc TXT \"v=DMARC1; p=none\"\n"));
        zones.put("2.0.192.in-addr.arpa", LoopbackDns.zone("2.0.192.in-addr.arpa", 1, "10 PTR " + HOST + ".\n11 PTR " + HOST + ".\n"));
        named = dns.startNamed(zones, keyFile + readOnlyFile,
                "update-policy { grant mailwright zonesub ANY; }; allow-transfer { key mailwright; key readonly; };");
    }

    private static String keygen(String name) throws Exception {
        Process p = new ProcessBuilder(LoopbackDns.requireBinary("tsig-keygen", "bind9"), name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    private static MailDnsSetup setup(String ip) throws Exception {
        return new MailDnsSetup(HOST, List.of(ZONE), List.of(InetAddress.getByName(ip)), Map.of(ZONE, TestZones.bigKey()),
                DnsOptions.defaults());
    }

    private static DnsPublisher publisher(TsigKey k) {
        return new DnsPublisher(new Rfc2136Provider(named, k, Duration.ofSeconds(3)));
    }

    private static List<String> publish(DnsPublisher p, PublishPlan plan) throws InterruptedException {
        List<String> progress = new ArrayList<>();
        p.apply(plan, (m, d, t) -> progress.add(m));
        List<String> late = p.awaitAuthoritative(plan, z -> List.of(named), Duration.ofSeconds(10), Duration.ofMillis(200),
                (m, d, t) -> progress.add(m));
        assertThat(late).as("record sets still old at the authoritative server").isEmpty();
        return progress;
    }

    private static RecordChange change(PublishPlan plan, String name, String type) {
        return plan.changes().stream().filter(c -> c.after().key().equals(name + " " + type)).findFirst().orElseThrow(
                () -> new AssertionError("no change for " + name + " " + type + " in\n" + plan.describe()));
    }

    private static List<String> txt(String name) {
        return new ServerQuerier(named, Duration.ofSeconds(2), true).query(name, Type.TXT).join().recordsOf(TXTRecord.class).stream()
                .map(t -> TxtStrings.join(t.getStrings())).toList();
    }

    @Test
    @Order(1)
    void firstPublishCreatesAndChangesOnlyWhatIsPlannedAndTheCheckIsGreen() throws Exception {
        DnsPublisher p = publisher(key);
        PublishPlan plan = p.plan(new RecordPlanner().plan(setup("192.0.2.10")));

        assertThat(plan.zones()).extracting(PublishPlan.Zone::zone).containsExactly(ZONE);
        assertThat(change(plan, HOST, "A").action()).isEqualTo(RecordChange.Action.CREATE);
        assertThat(change(plan, ZONE, "MX").action()).isEqualTo(RecordChange.Action.CHANGE);
        RecordChange spf = change(plan, ZONE, "TXT");
        assertThat(spf.action()).isEqualTo(RecordChange.Action.CHANGE);
        assertThat(spf.after().values()).containsExactlyInAnyOrder("google-site-verification=abc123", "v=spf1 mx -all");
        assertThat(change(plan, "mail._domainkey." + ZONE, "TXT").action()).isEqualTo(RecordChange.Action.CREATE);
        assertThat(change(plan, "_dmarc." + ZONE, "TXT").action()).isEqualTo(RecordChange.Action.CHANGE);
        assertThat(plan.elsewhere()).extracting(PlannedRecord::type).containsExactly("PTR");
        assertThat(plan.describe()).contains("- pub.test 300 MX 10 mx.old-provider.test.", "+ pub.test 3600 MX 10 mail.pub.test.",
                "\"google-site-verification=abc123\"  (kept)", "- pub.test 300 TXT \"v=spf1 include:old-provider.test -all\"");

        List<String> progress = publish(p, plan);
        assertThat(progress).last().asString().contains("Every authoritative server answers the new records");

        assertThat(txt(ZONE)).containsExactlyInAnyOrder("google-site-verification=abc123", "v=spf1 mx -all");
        assertThat(txt("mail._domainkey." + ZONE)).containsExactly(TestZones.bigKey().recordValue());
        ServerQuerier q = new ServerQuerier(named, Duration.ofSeconds(2), true);
        assertThat(q.query("www." + ZONE, Type.A).join().records()).hasSize(1); // a record it did not make: untouched
        assertThat(q.query(ZONE, Type.MX).join().recordsOf(MXRecord.class)).extracting(r -> r.getTarget().toString())
                .containsExactly(HOST + ".");

        List<Finding> findings = new DnsChecker(new ResolverChoice.Server(named), Duration.ofSeconds(2), true).check(setup("192.0.2.10")).findings();
        assertThat(findings).as("the DNS check against the published zone").isNotEmpty()
                .allSatisfy(f -> assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.OK));
    }

    @Test
    @Order(2)
    void secondPublishChangesNothing() {
        PublishPlan plan = publisher(key).plan(new RecordPlanner().plan(setup192()));
        assertThat(plan.writes()).as(plan.describe()).isFalse();
        assertThat(plan.summary()).startsWith("0 to create, 0 to change, 5 already right");
    }

    private static MailDnsSetup setup192() {
        try {
            return setup("192.0.2.10");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(3)
    void aNewAddressChangesTheARecordOnly() throws Exception {
        DnsPublisher p = publisher(key);
        PublishPlan plan = p.plan(new RecordPlanner().plan(setup("192.0.2.11")));
        assertThat(plan.changes()).filteredOn(RecordChange::writes).extracting(c -> c.after().key()).containsExactly(HOST + " A");
        publish(p, plan);
        assertThat(p.plan(new RecordPlanner().plan(setup("192.0.2.11"))).writes()).isFalse();
        assertThat(txt(ZONE)).contains("google-site-verification=abc123");
    }

    @Test
    @Order(4)
    void aKeyWithoutTheRightToUpdateIsToldWhichRightIsMissing() throws Exception {
        DnsPublisher p = publisher(readOnly);
        PublishPlan plan = p.plan(new RecordPlanner().plan(setup("192.0.2.12")));
        assertThatThrownBy(() -> p.apply(plan, (m, d, t) -> { }))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.PERMISSION);
                    assertThat(e.getMessage()).contains("update-policy { grant readonly zonesub ANY; }").doesNotContain(readOnly.secret());
                });
        assertThat(new ServerQuerier(named, Duration.ofSeconds(2), true).query(HOST, Type.A).join().records().get(0).rdataToString())
                .isEqualTo("192.0.2.11");
    }

    @Test
    @Order(5)
    void aWrongSecretIsALoginErrorThatNeverShowsTheSecret() {
        TsigKey wrong = new TsigKey("mailwright", "hmac-sha256", "c2VjcmV0LXRoYXQtaXMtd3Jvbmc=");
        assertThatThrownBy(() -> publisher(wrong).plan(new RecordPlanner().plan(setup192())))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.LOGIN);
                    assertThat(e.getMessage()).contains("mailwright").doesNotContain(wrong.secret()).doesNotContain(key.secret());
                });
    }

    @Test
    @Order(6)
    void aZoneTheServerDoesNotHoldIsNamed() {
        assertThatThrownBy(() -> new Rfc2136Provider(named, key, Duration.ofSeconds(2)).zoneOf("mail.elsewhere.test"))
                .isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.NO_ZONE));
        assertThat(new Rfc2136Provider(named, key, Duration.ofSeconds(2)).zoneOf("mail._domainkey.pub.test")).isEqualTo(ZONE);
        assertThat(new RecordSet("Pub.Test.", "mx", 60, List.of("10 Mail.Pub.Test.")).values()).containsExactly("10 mail.pub.test.");
    }
}
