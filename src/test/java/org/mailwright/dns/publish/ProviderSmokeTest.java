package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Against a real account, run by hand (lab/README.md, "DNS providers against a real account"): skipped unless
 * {@code MAILWRIGHT_<PROVIDER>_TOKEN} and {@code MAILWRIGHT_<PROVIDER>_ZONE} are set (PROVIDER: CLOUDFLARE, DESEC,
 * DIGITALOCEAN, HETZNER). It creates the TXT record {@code _mailwright-smoke.ZONE}, changes it, reads it back after
 * each step, and deletes it again through the provider's API, touching nothing else.
 */
class ProviderSmokeTest {

    private static final HttpClient HTTP = DnsProviders.httpClient();

    @ParameterizedTest
    @ValueSource(strings = {"cloudflare", "desec", "digitalocean", "hetzner"})
    void createsChangesReadsBackAndDeletesASmokeRecord(String provider) throws Exception {
        String env = "MAILWRIGHT_" + provider.toUpperCase(Locale.ROOT) + "_";
        String token = System.getenv(env + "TOKEN");
        String zoneName = System.getenv(env + "ZONE");
        Assumptions.assumeTrue(token != null && !token.isBlank() && zoneName != null && !zoneName.isBlank(),
                "set " + env + "TOKEN and " + env + "ZONE to run against a real " + provider + " account");
        DnsProvider dns = DnsProviders.create(provider, token.toCharArray());
        String zone = dns.zoneOf(RecordSet.normalizeName(zoneName));
        String name = "_mailwright-smoke." + zone;
        try {
            RecordSet first = new RecordSet(name, "TXT", 3600, List.of("mailwright smoke 1 " + System.currentTimeMillis()));
            dns.apply(zone, List.of(new RecordChange(RecordChange.Action.CREATE, Optional.empty(), first, "smoke")));
            assertThat(find(dns, zone, name)).hasValueSatisfying(s -> assertThat(s.sameRecords(first)).isTrue());

            RecordSet second = first.withValues(List.of("mailwright smoke 2 " + "k".repeat(300)));
            dns.apply(zone, List.of(new RecordChange(RecordChange.Action.CHANGE, Optional.of(first), second, "smoke")));
            assertThat(find(dns, zone, name)).hasValueSatisfying(s -> assertThat(s.sameRecords(second)).isTrue());
        } finally {
            delete(provider, token, zone, name);
        }
        assertThat(find(dns, zone, name)).isEmpty();
    }

    private static Optional<RecordSet> find(DnsProvider dns, String zone, String name) {
        return dns.read(zone).stream().filter(s -> s.key().equals(name + " TXT")).findFirst();
    }

    /** The providers' contract has no delete (Mailwright never deletes), so the smoke record is removed directly. */
    private static void delete(String provider, String token, String zone, String name) throws Exception {
        String sub = name.substring(0, name.length() - zone.length() - 1);
        switch (provider) {
            case "cloudflare" -> {
                String base = CloudflareProvider.API.toString();
                String zoneId = call(base + "/zones?name=" + enc(zone), "Bearer " + token, "GET", null).path("result").get(0).path("id").asText();
                for (JsonNode r : call(base + "/zones/" + zoneId + "/dns_records?type=TXT&name=" + enc(name), "Bearer " + token, "GET", null)
                        .path("result")) {
                    call(base + "/zones/" + zoneId + "/dns_records/" + r.path("id").asText(), "Bearer " + token, "DELETE", null);
                }
            }
            case "desec" -> call(DesecProvider.API + "/domains/" + enc(zone) + "/rrsets/", "Token " + token, "PATCH",
                    "[{\"subname\":\"" + sub + "\",\"type\":\"TXT\",\"records\":[]}]");
            case "digitalocean" -> {
                String base = DigitalOceanProvider.API + "/domains/" + enc(zone) + "/records";
                for (JsonNode r : call(base + "?type=TXT&name=" + enc(name), "Bearer " + token, "GET", null).path("domain_records")) {
                    call(base + "/" + r.path("id").asLong(), "Bearer " + token, "DELETE", null);
                }
            }
            case "hetzner" -> {
                String base = HetznerDnsProvider.API.toString();
                String zoneId = call(base + "/zones?name=" + enc(zone), token, "GET", null).path("zones").get(0).path("id").asText();
                for (JsonNode r : call(base + "/records?zone_id=" + enc(zoneId), token, "GET", null).path("records")) {
                    if (r.path("name").asText().equals(sub) && r.path("type").asText().equals("TXT")) {
                        call(base + "/records/" + r.path("id").asText(), token, "DELETE", null);
                    }
                }
            }
            default -> throw new IllegalArgumentException(provider);
        }
    }

    private static JsonNode call(String uri, String auth, String method, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
                .header(uri.startsWith(HetznerDnsProvider.API.toString()) ? "Auth-API-Token" : "Authorization", auth);
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + URI.create(uri).getPath()).isLessThan(300);
        return response.body().isBlank() ? StandIn.JSON.createObjectNode() : StandIn.JSON.readTree(response.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
