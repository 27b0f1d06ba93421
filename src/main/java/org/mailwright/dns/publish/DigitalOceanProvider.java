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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailwright.dns.publish.DnsProviderException.Kind;

/**
 * DigitalOcean's API v2 for domains and their records
 * (https://docs.digitalocean.com/reference/api/digitalocean/#tag/Domains and #tag/Domain-Records), with a personal
 * access token ({@code Authorization: Bearer TOKEN}). A token with custom scopes needs {@code domain:read},
 * {@code domain:create}, {@code domain:update} and {@code domain:delete}
 * (https://docs.digitalocean.com/reference/api/scopes/).
 *
 * <p>Records are objects with a numeric id; names are relative ({@code "@"} for the apex), an MX, SRV or CAA keeps its
 * priority, port, weight, flags and tag in fields of their own, and a TXT record's {@code data} is its text
 * (DigitalOcean splits it into strings itself). A set is changed record by record ({@link RecordSync}): not one
 * transaction.
 */
public final class DigitalOceanProvider implements DnsProvider {

    /** The production endpoint. */
    public static final URI API = URI.create("https://api.digitalocean.com/v2");

    private static final String SCOPES = "domain:read, domain:create, domain:update and domain:delete";

    private final ProviderHttp http;
    private final Set<String> domains = new LinkedHashSet<>();

    /**
     * @param base  the API base ({@link #API}, or a stand-in in tests)
     * @param token a personal access token; copied, never shown
     * @param http  the client to send with
     * @throws IllegalArgumentException for an empty token
     */
    public DigitalOceanProvider(URI base, char[] token, HttpClient http) {
        this.http = new ProviderHttp("DigitalOcean", base, "Authorization", "Bearer ", token, http, DigitalOceanProvider::error);
    }

    @Override
    public String name() {
        return "DigitalOcean";
    }

    /**
     * Lists the account's domains ({@code GET /domains}, every page) and picks the longest one {@code name} is in.
     *
     * @throws DnsProviderException NO_ZONE when none holds it; LOGIN, PERMISSION ({@code domain:read}), RATE_LIMIT,
     *                              UNAVAILABLE
     */
    @Override
    public synchronized String zoneOf(String name) {
        if (domains.isEmpty()) {
            for (JsonNode domain : pages("listing the domains", "/domains", "domains")) {
                domains.add(RecordSet.normalizeName(domain.path("name").asText()));
            }
        }
        String zone = ProviderNames.longestZone(name, domains);
        if (zone == null) {
            throw new DnsProviderException(Kind.NO_ZONE, "The DigitalOcean account has no domain for " + RecordSet.normalizeName(name)
                    + ": add it under Networking → Domains, or give a token of the team that has it");
        }
        return zone;
    }

    /**
     * Every record of the domain ({@code GET /domains/{name}/records}, every page), grouped into sets.
     *
     * @throws DnsProviderException NO_ZONE for a domain the account does not have; LOGIN, PERMISSION, RATE_LIMIT,
     *                              UNAVAILABLE
     */
    @Override
    public List<RecordSet> read(String zone) {
        String z = RecordSet.normalizeName(zone);
        List<RecordSet> sets = new ArrayList<>();
        for (List<JsonNode> records : grouped(z).values()) {
            List<String> values = new ArrayList<>();
            records.forEach(r -> values.add(value(r, z)));
            JsonNode first = records.get(0);
            sets.add(new RecordSet(ProviderNames.absolute(first.path("name").asText(), z), first.path("type").asText(),
                    first.path("ttl").asLong(), values));
        }
        return sets;
    }

    /**
     * Makes each writing change's set hold exactly its values and TTL, sending only what differs
     * ({@code POST}, {@code PUT} and {@code DELETE /domains/{name}/records/{id}}).
     *
     * @throws DnsProviderException REFUSED quoting DigitalOcean's reason; PERMISSION naming the scopes; LOGIN,
     *                              RATE_LIMIT, UNAVAILABLE, NO_ZONE. Records changed before it stay changed.
     */
    @Override
    public void apply(String zone, List<RecordChange> changes) {
        String z = RecordSet.normalizeName(zone);
        Map<String, List<JsonNode>> current = grouped(z);
        String records = "/domains/" + enc(z) + "/records";
        for (RecordChange change : changes) {
            if (!change.writes()) {
                continue;
            }
            RecordSet want = change.after();
            String what = "changing " + want.key();
            RecordSync.sync(want.values(), want.ttl(), current.getOrDefault(want.key(), List.of()), r -> value(r, z),
                    r -> r.path("ttl").asLong(), new RecordSync.Writes<>() {
                        @Override
                        public void retime(JsonNode record, long ttl) {
                            update(record, value(record, z), ttl);
                        }

                        @Override
                        public void update(JsonNode record, String value, long ttl) {
                            http.send(what, "PUT", records + "/" + record.path("id").asLong(), body(want, value, z));
                        }

                        @Override
                        public void create(String value, long ttl) {
                            http.send(what, "POST", records, body(want, value, z));
                        }

                        @Override
                        public void delete(JsonNode record) {
                            http.send(what, "DELETE", records + "/" + record.path("id").asLong(), null);
                        }
                    });
        }
    }

    private Map<String, List<JsonNode>> grouped(String zone) {
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (JsonNode r : pages("reading the records of " + zone, "/domains/" + enc(zone) + "/records", "domain_records")) {
            String key = ProviderNames.absolute(r.path("name").asText(), zone) + " " + r.path("type").asText().toUpperCase(Locale.ROOT);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return byKey;
    }

    /** Every item of {@code field} over the pages {@code links.pages.next} announces. */
    private List<JsonNode> pages(String what, String path, String field) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode body = http.get(what, path + "?page=" + page + "&per_page=200").body();
            body.path(field).forEach(all::add);
            if (!body.path("links").path("pages").path("next").isTextual() || body.path(field).isEmpty()) {
                return all;
            }
        }
    }

    /** A DigitalOcean record's value in {@link RecordSet}'s form. */
    static String value(JsonNode r, String zone) {
        String type = r.path("type").asText().toUpperCase(Locale.ROOT);
        String data = r.path("data").asText();
        return switch (type) {
            case "TXT" -> ProviderNames.unquoteTxt(data);
            case "MX" -> r.path("priority").asInt() + " " + host(data, zone);
            case "CNAME", "NS", "PTR" -> host(data, zone);
            case "SRV" -> r.path("priority").asInt() + " " + r.path("weight").asInt() + " " + r.path("port").asInt() + " " + host(data, zone);
            case "CAA" -> r.path("flags").asInt() + " " + r.path("tag").asText() + " \""
                    + (data.endsWith(".") ? data.substring(0, data.length() - 1) : data) + "\"";
            default -> data;
        };
    }

    /** A host in {@code data}: "@" is the apex; DigitalOcean returns names in other zones without the dot. */
    private static String host(String data, String zone) {
        return data.equals("@") ? zone + "." : ProviderNames.fqdn(data);
    }

    /** The body of a POST or PUT for one value of {@code set} (the shapes of "Create a New Domain Record"). */
    static ObjectNode body(RecordSet set, String value, String zone) {
        String name = ProviderNames.relative(set.name(), zone);
        ObjectNode body = ProviderHttp.JSON.createObjectNode().put("type", set.type()).put("name", name.isEmpty() ? "@" : name)
                .put("ttl", set.ttl());
        String[] f = value.trim().split("\\s+");
        switch (set.type()) {
            case "MX" -> body.put("priority", Integer.parseInt(f[0])).put("data", f[1]);
            case "SRV" -> body.put("priority", Integer.parseInt(f[0])).put("weight", Integer.parseInt(f[1]))
                    .put("port", Integer.parseInt(f[2])).put("data", f[3]);
            // DigitalOcean wants a CAA value to end in a dot and answers it without one (dnscontrol's provider notes the
            // same: github.com/StackExchange/dnscontrol providers/digitalocean)
            case "CAA" -> body.put("flags", Integer.parseInt(f[0])).put("tag", f[1])
                    .put("data", ProviderNames.unquoteTxt(value.trim().split("\\s+", 3)[2]) + ".");
            default -> body.put("data", value);
        }
        return body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * DigitalOcean's error body is {@code {"id": "unauthorized", "message": "..."}}; 429 is {@code too_many_requests}
     * with {@code ratelimit-reset} (https://docs.digitalocean.com/reference/api/digitalocean/#section/Introduction/Rate-Limit).
     */
    private static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers) {
        return error(what, status, body, headers, "give it Full Access, or the custom scopes " + SCOPES, "domain or record");
    }

    /**
     * DigitalOcean's refusal as a {@link DnsProviderException}, for the DNS records and the droplets alike.
     *
     * @param rights  what a 403 tells the person to give the token
     * @param missing what a 404 did not find ("domain or record", "droplet")
     */
    static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers, String rights, String missing) {
        String said = ProviderHttp.quote(body, "message", "id");
        return switch (status) {
            case 401 -> new DnsProviderException(Kind.LOGIN, "DigitalOcean refused the token while " + what + " (" + said
                    + "): it is wrong, expired or revoked; generate a new one under API → Tokens");
            case 403 -> new DnsProviderException(Kind.PERMISSION, "The DigitalOcean token may not do this while " + what + " ("
                    + said + "): " + rights);
            case 404 -> new DnsProviderException(Kind.NO_ZONE, "DigitalOcean has no such " + missing + " in this account while "
                    + what + " (" + said + ")");
            case 429 -> new DnsProviderException(Kind.RATE_LIMIT, "DigitalOcean asks to slow down while " + what + " (" + said
                    + "); try again " + ProviderHttp.retryAfter(headers));
            default -> status >= 500
                    ? new DnsProviderException(Kind.UNAVAILABLE, "DigitalOcean failed while " + what + " (HTTP " + status + "); try again later")
                    : new DnsProviderException(Kind.REFUSED, "DigitalOcean refused " + what + ": " + said);
        };
    }

    @Override
    public String toString() {
        return "DigitalOceanProvider[" + http.base() + "]";
    }
}
