package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HetznerDnsProvider} against {@link HetznerDnsStandIn}. */
class HetznerDnsProviderTest extends ProviderContractTest {

    private HetznerDnsStandIn hetzner;

    @BeforeEach
    void start() throws Exception {
        hetzner = new HetznerDnsStandIn();
    }

    @AfterEach
    void stop() {
        hetzner.server.close();
    }

    @Override
    DnsProvider provider(String token) {
        return new HetznerDnsProvider(hetzner.server.uri("/api/v1"), token.toCharArray(), HTTP);
    }

    @Override
    StandIn standIn() {
        return hetzner.server;
    }

    @Override
    String writeRight() {
        return "write access to the zone";
    }

    @Override
    List<String> writesTouching(String name, String type, String value) {
        String id = hetzner.records.values().stream()
                .filter(r -> ProviderNames.absolute(r.path("name").asText(), "example.com").equals(name)
                        && r.path("type").asText().equals(type) && HetznerDnsProvider.value(r).equals(value))
                .findFirst().orElseThrow().path("id").asText();
        return standIn().writes().stream().filter(w -> w.endsWith("/" + id)).toList();
    }

    @Test
    void writesTxtQuotedInStringsOfAtMost255BytesAndTheApexAsAt() {
        provider(GOOD).apply("example.com", changes());
        assertThat(hetzner.records.values()).anySatisfy(r -> {
            assertThat(r.path("name").asText()).isEqualTo("mail._domainkey");
            assertThat(r.path("value").asText()).startsWith("\"v=DKIM1;").contains("\" \"");
        });
        assertThat(hetzner.records.values()).anySatisfy(r -> {
            assertThat(r.path("name").asText()).isEqualTo("@");
            assertThat(r.path("type").asText()).isEqualTo("MX");
            assertThat(r.path("value").asText()).isEqualTo("10 mail.example.com.");
        });
    }

    @Test
    void sendsATxtOf255BytesBareAsHetznerOnlyTakesItSo() {
        String text = "v=DKIM1; p=" + "x".repeat(244);
        RecordSet set = new RecordSet("edge.example.com", "TXT", 3600, List.of(text));
        DnsProvider p = provider(GOOD);
        p.apply("example.com", List.of(new RecordChange(RecordChange.Action.CREATE, java.util.Optional.empty(), set, "edge")));
        assertThat(p.read("example.com")).anySatisfy(got -> assertThat(got.sameRecords(set)).isTrue());
        assertThat(HetznerDnsProvider.txt(text)).isEqualTo(text);
        assertThat(HetznerDnsProvider.txt("short")).isEqualTo("\"short\"");
    }
}
