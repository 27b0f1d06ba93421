package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link CloudflareProvider} against {@link CloudflareStandIn}. */
class CloudflareProviderTest extends ProviderContractTest {

    private CloudflareStandIn cloudflare;

    @BeforeEach
    void start() throws Exception {
        cloudflare = new CloudflareStandIn();
    }

    @AfterEach
    void stop() {
        cloudflare.server.close();
    }

    @Override
    DnsProvider provider(String token) {
        return new CloudflareProvider(cloudflare.server.uri("/client/v4"), token.toCharArray(), HTTP);
    }

    @Override
    StandIn standIn() {
        return cloudflare.server;
    }

    @Override
    String writeRight() {
        return "Zone → DNS → Edit";
    }

    @Override
    List<String> writesTouching(String name, String type, String value) {
        String id = cloudflare.records.values().stream()
                .filter(r -> r.path("name").asText().equals(name) && r.path("type").asText().equals(type)
                        && CloudflareProvider.value(r).equals(value))
                .findFirst().orElseThrow().path("id").asText();
        return standIn().writes().stream().filter(w -> w.contains(id)).toList();
    }

    @Test
    void writesLongTxtAsQuotedStringsOfAtMost255Bytes() {
        provider(GOOD).apply("example.com", changes());
        String content = cloudflare.records.values().stream()
                .filter(r -> r.path("name").asText().equals("mail._domainkey.example.com"))
                .findFirst().orElseThrow().path("content").asText();
        assertThat(content).startsWith("\"v=DKIM1;").contains("\" \"");
    }

    @Test
    void writesMailRecordsUnproxiedWithPriority() {
        provider(GOOD).apply("example.com", changes());
        assertThat(cloudflare.records.values()).anySatisfy(r -> {
            assertThat(r.path("type").asText()).isEqualTo("MX");
            assertThat(r.path("priority").asInt()).isEqualTo(10);
            assertThat(r.path("content").asText()).isEqualTo("mail.example.com");
        });
    }

    @Test
    void aTokenThatCannotListZonesIsToldToAddZoneRead() {
        // a token whose zone listing Cloudflare refuses with 403 / 10000
        DnsProviderException e = null;
        try (StandIn refusing = new StandIn(rq -> StandIn.Response.json(403,
                StandIn.JSON.readTree("{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error\"}],"
                        + "\"messages\":[],\"result\":null}")))) {
            e = org.assertj.core.api.Assertions.catchThrowableOfType(DnsProviderException.class,
                    () -> new CloudflareProvider(refusing.uri("/client/v4"), GOOD.toCharArray(), HTTP).zoneOf("example.com"));
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.PERMISSION);
        assertThat(e.getMessage()).contains("Zone → Zone → Read").doesNotContain(GOOD);
    }
}
