package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DigitalOceanProvider} against {@link DigitalOceanStandIn}. */
class DigitalOceanProviderTest extends ProviderContractTest {

    private DigitalOceanStandIn digitalOcean;

    @BeforeEach
    void start() throws Exception {
        digitalOcean = new DigitalOceanStandIn();
    }

    @AfterEach
    void stop() {
        digitalOcean.server.close();
    }

    @Override
    DnsProvider provider(String token) {
        return new DigitalOceanProvider(digitalOcean.server.uri("/v2"), token.toCharArray(), HTTP);
    }

    @Override
    StandIn standIn() {
        return digitalOcean.server;
    }

    @Override
    String writeRight() {
        return "domain:update";
    }

    @Override
    List<String> writesTouching(String name, String type, String value) {
        long id = digitalOcean.records.values().stream()
                .filter(r -> ProviderNames.absolute(r.path("name").asText(), "example.com").equals(name)
                        && r.path("type").asText().equals(type) && DigitalOceanProvider.value(r, "example.com").equals(value))
                .findFirst().orElseThrow().path("id").asLong();
        return standIn().writes().stream().filter(w -> w.endsWith("/" + id)).toList();
    }

    @Test
    void writesApexNamesAsAtAndMxWithPriority() {
        provider(GOOD).apply("example.com", changes());
        assertThat(digitalOcean.records.values()).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("MX");
            assertThat(r.path("name").asText()).isEqualTo("@");
            assertThat(r.path("priority").asInt()).isEqualTo(10);
            assertThat(r.path("data").asText()).isEqualTo("mail.example.com.");
        });
    }

    @Test
    void writesCaaWithTheDotDigitalOceanWantsAndReadsItBack() {
        RecordSet caa = new RecordSet("example.com", "CAA", 3600, List.of("0 issue \"letsencrypt.org\""));
        DnsProvider p = provider(GOOD);
        p.apply("example.com", List.of(new RecordChange(RecordChange.Action.CREATE, java.util.Optional.empty(), caa, "CAA")));
        p.apply("example.com", List.of(new RecordChange(RecordChange.Action.CREATE, java.util.Optional.empty(), caa, "CAA")));
        assertThat(p.read("example.com")).anySatisfy(got -> assertThat(got.sameRecords(caa)).isTrue());
        assertThat(standIn().writes()).hasSize(1);
    }
}
