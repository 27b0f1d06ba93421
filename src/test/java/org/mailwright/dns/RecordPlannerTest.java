package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailwright.model.ServerSpec.MtaStsMode;

class RecordPlannerTest {
    private final RecordPlanner planner = new RecordPlanner();

    static MailDnsSetup setup(DnsOptions options, String... addresses) throws Exception {
        List<InetAddress> addrs = new java.util.ArrayList<>();
        for (String a : addresses) {
            addrs.add(InetAddress.getByName(a));
        }
        return new MailDnsSetup("mail.example.com", List.of("example.com", "example.org"), addrs,
                Map.of("example.com", TestKeys.serverKey()), options);
    }

    @Test
    void zoneSnippetMatchesGoldenFile() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10", "2001:db8::10"));
        assertThat(plan.toZoneSnippet()).isEqualTo(TestKeys.resource("planned-example.zone"));
    }

    @Test
    void aRelaysSpfNameIsIncludedAndThePlanSaysWhy() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults().withSpf(DnsOptions.spfWithInclude("spf.relay.example.net")), "192.0.2.10"));
        PlannedRecord spf = plan.forDomain("example.org").stream().filter(r -> r.strings().get(0).startsWith("v=spf1")).findFirst().orElseThrow();
        assertThat(spf.strings()).containsExactly("v=spf1 mx include:spf.relay.example.net -all");
        assertThat(spf.reason()).contains("include:spf.relay.example.net", "relay", "10 DNS lookups");
        assertThat(DnsOptions.defaults().spfInclude()).isEmpty();
    }

    @Test
    void plansAaaaOnlyWhenTheServerHasPublicIpv6() throws Exception {
        DnsPlan v4only = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10", "fd00::1"));
        assertThat(v4only.records()).extracting(PlannedRecord::type).doesNotContain("AAAA");
        assertThat(v4only.records()).filteredOn(r -> r.type().equals("PTR")).hasSize(1);
    }

    @Test
    void plansSpfMxAndDmarcForEveryDomainButDkimOnlyWhereAKeyExists() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10"));
        assertThat(plan.forDomain("example.org")).extracting(PlannedRecord::name)
                .containsExactly("example.org", "example.org", "_dmarc.example.org");
        assertThat(plan.forDomain("example.com")).extracting(PlannedRecord::name).contains("mail._domainkey.example.com");
    }

    @Test
    void everyRecordHasAOneLineReason() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults().withMtaSts(org.mailwright.model.ServerSpec.MtaStsMode.TESTING).withTlsRpt(true).withClientDiscovery(true), "192.0.2.10"));
        assertThat(plan.records()).allSatisfy(r -> assertThat(r.reason()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void dkimTableValueIsOneStringAndZoneValueIsSplit() throws Exception {
        PlannedRecord dkim = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10")).records().stream()
                .filter(r -> r.name().startsWith("mail._domainkey")).findFirst().orElseThrow();
        assertThat(dkim.value()).isEqualTo(TestKeys.serverKey().recordValue());
        assertThat(dkim.strings()).hasSize(2);
    }

    @Test
    void dmarcPolicyIsSelectable() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults().withDmarcPolicy(DmarcPolicy.REJECT), "192.0.2.10"));
        assertThat(plan.records()).filteredOn(r -> r.name().equals("_dmarc.example.com")).singleElement()
                .extracting(PlannedRecord::value).isEqualTo("v=DMARC1; p=reject; rua=mailto:postmaster@example.com");
    }

    @Test
    void optionalRecordsAreOffByDefault() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10"));
        assertThat(plan.records()).extracting(PlannedRecord::type).containsOnly("A", "MX", "TXT", "PTR");
    }

    @Test
    void clientDiscoveryAddsRfc6186SrvAndAutoconfig() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults().withClientDiscovery(true), "192.0.2.10"));
        assertThat(plan.forDomain("example.org")).extracting(r -> r.name() + " " + r.type() + " " + r.value())
                .contains("_submission._tcp.example.org SRV 0 1 587 mail.example.com.",
                        "_imaps._tcp.example.org SRV 0 1 993 mail.example.com.",
                        "autoconfig.example.org CNAME mail.example.com.");
    }

    @Test
    void mtaStsIdChangesOnlyWhenThePolicyDoes() {
        String a = MtaStsPolicy.of(MtaStsMode.TESTING, "mail.example.com").id();
        assertThat(MtaStsPolicy.of(MtaStsMode.TESTING, "mail.example.com").id()).isEqualTo(a);
        assertThat(MtaStsPolicy.of(MtaStsMode.TESTING, "mx2.example.com").id()).isNotEqualTo(a);
        assertThat(MtaStsPolicy.of(MtaStsMode.ENFORCE, "mail.example.com").id()).isNotEqualTo(a);
    }

    @Test
    void mtaStsStartsInTestingWithTlsRptToPostmaster() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults().withMtaSts(MtaStsMode.TESTING).withTlsRpt(true), "192.0.2.10"));
        String id = MtaStsPolicy.of(MtaStsMode.TESTING, "mail.example.com").id();
        assertThat(plan.forDomain("example.org")).extracting(r -> r.name() + " " + r.type() + " " + r.value())
                .contains("_mta-sts.example.org TXT v=STSv1; id=" + id,
                        "mta-sts.example.org CNAME mail.example.com.",
                        "_smtp._tls.example.org TXT v=TLSRPTv1; rua=mailto:postmaster@example.org");
        assertThat(MtaStsPolicy.of(MtaStsMode.TESTING, "mail.example.com").text())
                .isEqualTo("version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 86400\n");
    }

    @Test
    void noMtaStsRecordsWhenOff() throws Exception {
        DnsPlan plan = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10"));
        assertThat(plan.records()).extracting(PlannedRecord::name).noneMatch(n -> n.contains("mta-sts") || n.startsWith("_smtp._tls"));
    }

    @Test
    void tableListsNameTypeValueAndTtl() throws Exception {
        List<List<String>> rows = planner.plan(setup(DnsOptions.defaults(), "192.0.2.10")).toTableRows();
        assertThat(rows.get(0)).containsExactly("Name", "Type", "Value", "TTL");
        assertThat(rows).contains(List.of("example.com", "MX", "10 mail.example.com.", "3600"),
                List.of("10.2.0.192.in-addr.arpa", "PTR", "mail.example.com.", "3600"));
    }
}
