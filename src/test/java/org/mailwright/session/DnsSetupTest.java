package org.mailwright.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;

/** The wizard's DNS records come from the same setup the engine's DNS step checks. */
class DnsSetupTest {

    static ServerSpec spec(String host) {
        return new ServerSpec(new ServerSpec.ServerAccess(host, 22, "root", Optional.empty()), "mail.example.com",
                List.of("example.com"), ServerSpec.DkimSettings.DEFAULT,
                List.of(new ServerSpec.MailUser("ann@example.com", "$2a$12$" + "a".repeat(53))), Map.of(),
                new ServerSpec.TlsSettings(ServerSpec.TlsMode.SELF_SIGNED, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()), ServerSpec.SpamSettings.DEFAULT, ServerSpec.FilterSettings.DEFAULT,
                new ServerSpec.FirewallSettings(List.of()));
    }

    static ServerFacts facts(List<String> ipv4, List<String> ipv6) {
        return new ServerFacts("debian", "trixie", "Debian GNU/Linux 13 (trixie)", true, 18_000_000, 2_000_000, "eth0", ipv4, ipv6, Set.of(22));
    }

    @Test
    void behindA1to1NatTheConnectedAddressIsTheOneTheRecordsName() {
        // the interface has a private address; the provider maps the public one we connected to onto it
        ServerFacts f = facts(List.of("10.0.0.5"), List.of());
        assertThat(f.mailAddresses("198.51.100.7")).containsExactly("198.51.100.7", "10.0.0.5");
        DnsSetup setup = DnsSetup.plan(spec("198.51.100.7"), Optional.of(f), Map.of());
        assertThat(setup.records()).filteredOn(r -> r.type().equals("A")).extracting(DnsSetup.Record::value)
                .containsExactly("198.51.100.7");
        assertThat(setup.mailDnsSetup().orElseThrow()).isEqualTo(DnsRecords.setupFor(spec("198.51.100.7"), f, Map.of()));
    }

    @Test
    void aNameOrAnInterfaceAddressAddsNothing() {
        ServerFacts f = facts(List.of("203.0.113.10"), List.of("2001:db8::10"));
        assertThat(f.mailAddresses("203.0.113.10")).containsExactly("203.0.113.10", "2001:db8::10");
        assertThat(f.mailAddresses("mail.example.com")).containsExactly("203.0.113.10", "2001:db8::10");
    }

    @Test
    void beforeInstallTheDkimRecordIsAPlaceholderUnderItsName() {
        DnsSetup setup = DnsSetup.plan(spec("203.0.113.10"), Optional.of(facts(List.of("203.0.113.10"), List.of())), Map.of());
        assertThat(setup.records()).filteredOn(DnsSetup.Record::placeholder).extracting(DnsSetup.Record::name)
                .containsExactly("dkim._domainkey.example.com");
        assertThat(setup.zoneSnippet()).contains("example.com");
    }

    @Test
    void withoutFactsNothingIsPlannedAndItSaysWhy() {
        DnsSetup setup = DnsSetup.plan(spec("203.0.113.10"), Optional.empty(), Map.of());
        assertThat(setup.problem()).get().asString().contains("connect first");
        assertThat(setup.records()).isEmpty();
        assertThat(setup.zoneSnippet()).isEmpty();
    }

    @Test
    void findingsLandOnTheirRecordsAndPtrMatchesAnyIpv6Spelling() {
        DnsSetup setup = DnsSetup.plan(spec("203.0.113.10"),
                Optional.of(facts(List.of("203.0.113.10"), List.of("2001:db8:0:0:0:0:0:10"))), Map.of());
        List<Finding> report = List.of(
                Finding.ok("MX example.com", "fine"),
                Finding.error("MX example.com", "worse", "fix it"),
                Finding.warn("PTR 2001:db8::10", "no reverse DNS", "ask the provider"));
        DnsSetup.Record mx = setup.records().stream().filter(r -> r.type().equals("MX")).findFirst().orElseThrow();
        assertThat(setup.findingFor(mx, report)).get().extracting(Finding::severity).isEqualTo(Severity.ERROR);
        DnsSetup.Record ptr6 = setup.records().stream().filter(r -> r.type().equals("PTR") && r.name().endsWith("ip6.arpa"))
                .findFirst().orElseThrow();
        assertThat(setup.findingFor(ptr6, report)).get().extracting(Finding::message).isEqualTo("no reverse DNS");
    }
}
