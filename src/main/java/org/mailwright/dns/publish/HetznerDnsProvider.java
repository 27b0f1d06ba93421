package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailwright.dns.publish.DnsProviderException.Kind;

/**
 * The Hetzner DNS Console API (https://dns.hetzner.com/api-docs), with an API token in the {@code Auth-API-Token}
 * header. Its tokens carry no scopes: a 403 means the zone is not the token owner's to change.
 *
 * <p>Records are objects with an id ({@code GET /records?zone_id=}, {@code POST /records}, {@code PUT} and
 * {@code DELETE /records/{id}}); names are relative ({@code "@"} for the apex), values in zone-file presentation format
 * (TXT quoted, split into 255-byte strings). A record without its own TTL has the zone's. A set is changed record by
 * record ({@link RecordSync}): not one transaction. Zones moved to the Hetzner Console's DNS (the Cloud API) are not
 * served by this API.
 */
public final class HetznerDnsProvider implements DnsProvider {

    /** The production endpoint. */
    public static final URI API = URI.create("https://dns.hetzner.com/api/v1");

    private final ProviderHttp http;
    private final Map<String, JsonNode> zones = new LinkedHashMap<>();

    /**
     * @param base  the API base ({@link #API}, or a stand-in in tests)
     * @param token a DNS Console API token; copied, never shown
     * @param http  the client to send with
     * @throws IllegalArgumentException for an empty token
     */
    public HetznerDnsProvider(URI base, char[] token, HttpClient http) {
        this.http = new ProviderHttp("Hetzner DNS", base, "Auth-API-Token", "", token, http, HetznerDnsProvider::error);
    }

    @Override
    public String name() {
        return "Hetzner DNS";
    }

    /**
     * Lists the account's zones ({@code GET /zones}, every page) and picks the longest one {@code name} is in.
     *
     * @throws DnsProviderException NO_ZONE when none holds it; LOGIN, PERMISSION, RATE_LIMIT, UNAVAILABLE
     */
    @Override
    public synchronized String zoneOf(String name) {
        if (zones.isEmpty()) {
            for (JsonNode zone : pages("listing the zones", "/zones?", "zones")) {
                zones.put(RecordSet.normalizeName(zone.path("name").asText()), zone);
            }
        }
        String zone = ProviderNames.longestZone(name, zones.keySet());
        if (zone == null) {
            throw new DnsProviderException(Kind.NO_ZONE, "The Hetzner DNS account has no zone for " + RecordSet.normalizeName(name)
                    + ": add it in the DNS Console, or give a token of the account that has it");
        }
        return zone;
    }

    /**
     * Every record of the zone ({@code GET /records?zone_id=}, every page), grouped into sets.
     *
     * @throws DnsProviderException NO_ZONE for a zone the account does not have; LOGIN, PERMISSION, RATE_LIMIT,
     *                              UNAVAILABLE
     */
    @Override
    public List<RecordSet> read(String zone) {
        String z = RecordSet.normalizeName(zone);
        long zoneTtl = zone(z).path("ttl").asLong(86400);
        List<RecordSet> sets = new ArrayList<>();
        for (List<JsonNode> records : grouped(z).values()) {
            List<String> values = new ArrayList<>();
            records.forEach(r -> values.add(value(r)));
            JsonNode first = records.get(0);
            sets.add(new RecordSet(ProviderNames.absolute(first.path("name").asText(), z), first.path("type").asText(),
                    first.path("ttl").asLong(zoneTtl), values));
        }
        return sets;
    }

    /**
     * Makes each writing change's set hold exactly its values and TTL, sending only what differs.
     *
     * @throws DnsProviderException REFUSED quoting Hetzner's reason; PERMISSION; LOGIN, RATE_LIMIT, UNAVAILABLE,
     *                              NO_ZONE. Records changed before it stay changed.
     */
    @Override
    public void apply(String zone, List<RecordChange> changes) {
        String z = RecordSet.normalizeName(zone);
        String zoneId = zone(z).path("id").asText();
        long zoneTtl = zone(z).path("ttl").asLong(86400);
        Map<String, List<JsonNode>> current = grouped(z);
        for (RecordChange change : changes) {
            if (!change.writes()) {
                continue;
            }
            RecordSet want = change.after();
            String what = "changing " + want.key();
            RecordSync.sync(want.values(), want.ttl(), current.getOrDefault(want.key(), List.of()), HetznerDnsProvider::value,
                    r -> r.path("ttl").asLong(zoneTtl), new RecordSync.Writes<>() {
                        @Override
                        public void retime(JsonNode record, long ttl) {
                            update(record, value(record), ttl);
                        }

                        @Override
                        public void update(JsonNode record, String value, long ttl) {
                            http.send(what, "PUT", "/records/" + enc(record.path("id").asText()), body(want, value, z, zoneId));
                        }

                        @Override
                        public void create(String value, long ttl) {
                            http.send(what, "POST", "/records", body(want, value, z, zoneId));
                        }

                        @Override
                        public void delete(JsonNode record) {
                            http.send(what, "DELETE", "/records/" + enc(record.path("id").asText()), null);
                        }
                    });
        }
    }

    private JsonNode zone(String zone) {
        synchronized (this) {
            zoneOf(zone);
            JsonNode z = zones.get(zone);
            if (z == null) {
                throw new DnsProviderException(Kind.NO_ZONE, "The Hetzner DNS account has no zone " + zone);
            }
            return z;
        }
    }

    private Map<String, List<JsonNode>> grouped(String zone) {
        String zoneId = zone(zone).path("id").asText();
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (JsonNode r : pages("reading the records of " + zone, "/records?zone_id=" + enc(zoneId) + "&", "records")) {
            String key = ProviderNames.absolute(r.path("name").asText(), zone) + " " + r.path("type").asText().toUpperCase(Locale.ROOT);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return byKey;
    }

    /** Every item of {@code field} up to {@code meta.pagination.last_page} (one page when there is no meta). */
    private List<JsonNode> pages(String what, String pathAndQuery, String field) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1, last = 1; page <= last; page++) {
            JsonNode body = http.get(what, pathAndQuery + "page=" + page + "&per_page=100").body();
            body.path(field).forEach(all::add);
            last = body.path("meta").path("pagination").path("last_page").asInt(1);
        }
        return all;
    }

    /** A Hetzner record's value in {@link RecordSet}'s form. */
    static String value(JsonNode r) {
        String value = r.path("value").asText();
        return r.path("type").asText().equalsIgnoreCase("TXT") ? ProviderNames.unquoteTxt(value) : value;
    }

    /** The body of a POST or PUT for one value of {@code set}. */
    static ObjectNode body(RecordSet set, String value, String zone, String zoneId) {
        String name = ProviderNames.relative(set.name(), zone);
        return ProviderHttp.JSON.createObjectNode().put("zone_id", zoneId).put("type", set.type())
                .put("name", name.isEmpty() ? "@" : name).put("ttl", set.ttl())
                .put("value", set.type().equals("TXT") ? txt(value) : value);
    }

    /**
     * A TXT value as Hetzner takes it: quoted 255-byte strings, except one string of 254 or 255 bytes, which Hetzner
     * refuses once quoted and takes bare (found by dnscontrol's integration tests, providers/hetzner/types.go).
     */
    static String txt(String value) {
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        boolean plain = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\');
        return (bytes == 254 || bytes == 255) && plain ? value : ProviderNames.quoteTxt(value);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Hetzner DNS answers {@code {"message": "..."}} for 401 and 429, and {@code {"error": {"message": .., "code": ..}}}
     * for 404 and 422 (https://dns.hetzner.com/api-docs).
     */
    private static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers) {
        String said = body.path("error").isObject() ? ProviderHttp.quote(body.path("error"), "message")
                : ProviderHttp.quote(body, "message");
        return switch (status) {
            case 401 -> new DnsProviderException(Kind.LOGIN, "Hetzner DNS refused the API token while " + what + " (" + said
                    + "): it is wrong or deleted; create a new one in the DNS Console under API tokens");
            case 403 -> new DnsProviderException(Kind.PERMISSION, "The Hetzner DNS token may not do this while " + what + " ("
                    + said + "): it needs write access to the zone, so use a token of the account that owns it");
            case 404 -> new DnsProviderException(Kind.NO_ZONE, "Hetzner DNS has no such zone or record in this account while "
                    + what + " (" + said + ")");
            case 429 -> new DnsProviderException(Kind.RATE_LIMIT, "Hetzner DNS asks to slow down while " + what + " (" + said
                    + "); try again " + ProviderHttp.retryAfter(headers));
            default -> status >= 500
                    ? new DnsProviderException(Kind.UNAVAILABLE, "Hetzner DNS failed while " + what + " (HTTP " + status + "); try again later")
                    : new DnsProviderException(Kind.REFUSED, "Hetzner DNS refused " + what + ": " + said);
        };
    }

    @Override
    public String toString() {
        return "HetznerDnsProvider[" + http.base() + "]";
    }
}
