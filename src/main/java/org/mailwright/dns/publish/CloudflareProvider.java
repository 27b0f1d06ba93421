package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailwright.dns.publish.DnsProviderException.Kind;

/**
 * Cloudflare's API v4 (https://developers.cloudflare.com/api/resources/dns/subresources/records/), with an API token
 * ({@code Authorization: Bearer TOKEN}, https://developers.cloudflare.com/fundamentals/api/get-started/create-token/).
 * The token needs "Zone → Zone → Read" to find the zone and "Zone → DNS → Edit" to read and change records.
 *
 * <p>Cloudflare keeps one object per record, so a record set is changed record by record: records whose value stays
 * are not touched (a TTL change is a PATCH), records that change are updated in place (PUT), extra ones are created
 * (POST) or deleted (DELETE). This is not one transaction: a refusal part-way leaves the earlier records changed.
 * A, AAAA and CNAME records are written unproxied ({@code "proxied": false}): mail is not proxied. A TTL of 1 is
 * Cloudflare's "automatic" and is read back as 1.
 */
public final class CloudflareProvider implements DnsProvider {

    /** The production endpoint. */
    public static final URI API = URI.create("https://api.cloudflare.com/client/v4");

    private static final String ZONE_READ = "Zone → Zone → Read";
    private static final String DNS_EDIT = "Zone → DNS → Edit";
    /** Error codes Cloudflare gives for a token it does not know (https://developers.cloudflare.com/fundamentals/api/troubleshooting/). */
    private static final Set<Integer> LOGIN_CODES = Set.of(1000, 6003, 6111, 9103, 9106);

    private final ProviderHttp http;
    private final Map<String, String> zoneIds = new HashMap<>();

    /**
     * @param base  the API base ({@link #API}, or a stand-in in tests)
     * @param token an API token; copied, never shown
     * @param http  the client to send with
     * @throws IllegalArgumentException for an empty token
     */
    public CloudflareProvider(URI base, char[] token, HttpClient http) {
        this.http = new ProviderHttp("Cloudflare", base, "Authorization", "Bearer ", token, http, CloudflareProvider::error);
    }

    @Override
    public String name() {
        return "Cloudflare";
    }

    /**
     * Lists the account's zones ({@code GET /zones}, every page) and picks the longest one {@code name} is in.
     *
     * @throws DnsProviderException NO_ZONE when none holds it; LOGIN, PERMISSION ("Zone → Zone → Read"),
     *                              RATE_LIMIT or UNAVAILABLE as the API answers
     */
    @Override
    public synchronized String zoneOf(String name) {
        if (zoneIds.isEmpty()) {
            for (int page = 1, pages = 1; page <= pages; page++) {
                JsonNode body = http.get("listing the zones", "/zones?page=" + page + "&per_page=50").body();
                for (JsonNode zone : body.path("result")) {
                    zoneIds.put(RecordSet.normalizeName(zone.path("name").asText()), zone.path("id").asText());
                }
                pages = body.path("result_info").path("total_pages").asInt(1);
            }
        }
        String zone = ProviderNames.longestZone(name, zoneIds.keySet());
        if (zone == null) {
            throw new DnsProviderException(Kind.NO_ZONE, "The Cloudflare account has no zone for " + RecordSet.normalizeName(name)
                    + ": add the domain to Cloudflare, or give a token for the account that has it");
        }
        return zone;
    }

    /**
     * Every record of the zone ({@code GET /zones/{id}/dns_records}, every page), grouped into record sets.
     *
     * @throws DnsProviderException NO_ZONE for a zone the account does not have; LOGIN, PERMISSION
     *                              ("Zone → DNS → Edit"), RATE_LIMIT, UNAVAILABLE
     */
    @Override
    public List<RecordSet> read(String zone) {
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (JsonNode record : records(zoneId(zone))) {
            byKey.computeIfAbsent(key(record), k -> new ArrayList<>()).add(record);
        }
        List<RecordSet> sets = new ArrayList<>();
        for (List<JsonNode> records : byKey.values()) {
            List<String> values = new ArrayList<>();
            for (JsonNode r : records) {
                values.add(value(r));
            }
            JsonNode first = records.get(0);
            sets.add(new RecordSet(first.path("name").asText(), first.path("type").asText(), first.path("ttl").asLong(), values));
        }
        return sets;
    }

    /**
     * Makes each writing change's record set hold exactly its values and TTL, reading the zone's records first so only
     * what differs is sent; a second apply of the same changes sends nothing.
     *
     * @throws DnsProviderException REFUSED when Cloudflare refuses a record (its message is quoted); PERMISSION
     *                              naming "Zone → DNS → Edit"; LOGIN, RATE_LIMIT, UNAVAILABLE, NO_ZONE
     */
    @Override
    public void apply(String zone, List<RecordChange> changes) {
        String zoneId = zoneId(zone);
        Map<String, List<JsonNode>> byKey = new HashMap<>();
        for (JsonNode record : records(zoneId)) {
            byKey.computeIfAbsent(key(record), k -> new ArrayList<>()).add(record);
        }
        for (RecordChange change : changes) {
            if (!change.writes()) {
                continue;
            }
            RecordSet want = change.after();
            String what = "changing " + want.key();
            RecordSync.sync(want.values(), want.ttl(), byKey.getOrDefault(want.key(), List.of()), CloudflareProvider::value,
                    r -> r.path("ttl").asLong(), new RecordSync.Writes<>() {
                        @Override
                        public void retime(JsonNode record, long ttl) {
                            http.send(what, "PATCH", recordPath(zoneId, record), ProviderHttp.JSON.createObjectNode().put("ttl", ttl));
                        }

                        @Override
                        public void update(JsonNode record, String value, long ttl) {
                            http.send(what, "PUT", recordPath(zoneId, record), body(want, value));
                        }

                        @Override
                        public void create(String value, long ttl) {
                            http.send(what, "POST", "/zones/" + zoneId + "/dns_records", body(want, value));
                        }

                        @Override
                        public void delete(JsonNode record) {
                            http.send(what, "DELETE", recordPath(zoneId, record), null);
                        }
                    });
        }
    }

    private String zoneId(String zone) {
        String z = RecordSet.normalizeName(zone);
        synchronized (this) {
            if (!zoneIds.containsKey(z)) {
                zoneOf(z);
            }
            String id = zoneIds.get(z);
            if (id == null) {
                throw new DnsProviderException(Kind.NO_ZONE, "The Cloudflare account has no zone " + z
                        + ": add the domain to Cloudflare, or give a token for the account that has it");
            }
            return id;
        }
    }

    private List<JsonNode> records(String zoneId) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1, pages = 1; page <= pages; page++) {
            JsonNode body = http.get("reading the DNS records",
                    "/zones/" + zoneId + "/dns_records?page=" + page + "&per_page=100").body();
            body.path("result").forEach(all::add);
            pages = body.path("result_info").path("total_pages").asInt(1);
        }
        return all;
    }

    private static String recordPath(String zoneId, JsonNode record) {
        return "/zones/" + zoneId + "/dns_records/" + URLEncoder.encode(record.path("id").asText(), StandardCharsets.UTF_8);
    }

    private static String key(JsonNode record) {
        return RecordSet.normalizeName(record.path("name").asText()) + " " + record.path("type").asText().toUpperCase(Locale.ROOT);
    }

    /** A Cloudflare record's value in {@link RecordSet}'s form. */
    static String value(JsonNode r) {
        String type = r.path("type").asText().toUpperCase(Locale.ROOT);
        String content = r.path("content").asText();
        JsonNode data = r.path("data");
        switch (type) {
            case "TXT":
                return ProviderNames.unquoteTxt(content);
            case "MX":
                return r.path("priority").asInt() + " " + ProviderNames.fqdn(content);
            case "CNAME":
            case "NS":
            case "PTR":
                return ProviderNames.fqdn(content);
            case "SRV":
                if (data.isObject()) {
                    return data.path("priority").asInt() + " " + data.path("weight").asInt() + " " + data.path("port").asInt()
                            + " " + ProviderNames.fqdn(data.path("target").asText());
                }
                return r.path("priority").asInt() + " " + content;
            case "CAA":
                if (data.isObject()) {
                    return data.path("flags").asInt() + " " + data.path("tag").asText() + " \"" + data.path("value").asText() + "\"";
                }
                return content;
            case "TLSA":
                if (data.isObject()) {
                    return data.path("usage").asInt() + " " + data.path("selector").asInt() + " " + data.path("matching_type").asInt()
                            + " " + data.path("certificate").asText();
                }
                return content;
            default:
                return content;
        }
    }

    /** The body of a POST or PUT for one value of {@code set} (the record shapes of the API reference). */
    static ObjectNode body(RecordSet set, String value) {
        ObjectNode body = ProviderHttp.JSON.createObjectNode();
        body.put("type", set.type()).put("name", set.name()).put("ttl", set.ttl());
        String[] f = value.trim().split("\\s+");
        switch (set.type()) {
            case "TXT" -> body.put("content", ProviderNames.quoteTxt(value));
            case "MX" -> body.put("priority", Integer.parseInt(f[0])).put("content", stripDot(f[1]));
            case "A", "AAAA" -> body.put("content", value).put("proxied", false);
            case "CNAME" -> body.put("content", stripDot(value)).put("proxied", false);
            case "SRV" -> body.set("data", ProviderHttp.JSON.createObjectNode().put("priority", Integer.parseInt(f[0]))
                    .put("weight", Integer.parseInt(f[1])).put("port", Integer.parseInt(f[2])).put("target", stripDot(f[3])));
            case "CAA" -> body.set("data", ProviderHttp.JSON.createObjectNode().put("flags", Integer.parseInt(f[0]))
                    .put("tag", f[1]).put("value", ProviderNames.unquoteTxt(value.trim().split("\\s+", 3)[2])));
            case "TLSA" -> body.set("data", ProviderHttp.JSON.createObjectNode().put("usage", Integer.parseInt(f[0]))
                    .put("selector", Integer.parseInt(f[1])).put("matching_type", Integer.parseInt(f[2])).put("certificate", f[3]));
            default -> body.put("content", value);
        }
        return body;
    }

    private static String stripDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /**
     * Cloudflare's error body is {@code {"success":false,"errors":[{"code":..,"message":..}]}}
     * (https://developers.cloudflare.com/fundamentals/api/troubleshooting/). 401, or a code for a token it does not
     * know, is LOGIN; 403 (code 10000 "Authentication error", or 9109 "Unauthorized to access requested resource") is a
     * token without the right for that request; 429 (code 971) is RATE_LIMIT.
     */
    private static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers) {
        List<Integer> codes = new ArrayList<>();
        StringBuilder messages = new StringBuilder();
        for (JsonNode e : body.path("errors")) {
            codes.add(e.path("code").asInt());
            messages.append(messages.length() == 0 ? "" : "; ").append(e.path("message").asText());
        }
        String said = messages.length() == 0 ? "HTTP " + status : messages.toString();
        boolean invalidToken = codes.stream().anyMatch(LOGIN_CODES::contains)
                || (codes.contains(9109) && said.toLowerCase().contains("invalid access token"));
        if (status == 401 || invalidToken) {
            return new DnsProviderException(Kind.LOGIN, "Cloudflare refused the API token while " + what + " (" + said
                    + "): it is wrong, expired or revoked; create a new one under My Profile → API Tokens");
        }
        if (status == 429 || codes.contains(971)) {
            return new DnsProviderException(Kind.RATE_LIMIT, "Cloudflare asks to slow down while " + what
                    + "; try again " + ProviderHttp.retryAfter(headers));
        }
        if (status == 403) {
            String right = what.equals("listing the zones") ? ZONE_READ : DNS_EDIT;
            return new DnsProviderException(Kind.PERMISSION, "The Cloudflare API token may not do this while " + what + " ("
                    + said + "): give it the permission \"" + right + "\" (and \"" + (right.equals(ZONE_READ) ? DNS_EDIT : ZONE_READ)
                    + "\") for this zone");
        }
        if (status == 404) {
            return new DnsProviderException(Kind.NO_ZONE, "Cloudflare does not know the zone while " + what + " (" + said + ")");
        }
        if (status >= 500) {
            return new DnsProviderException(Kind.UNAVAILABLE, "Cloudflare failed while " + what + " (HTTP " + status + ", "
                    + said + "); try again later");
        }
        return new DnsProviderException(Kind.REFUSED, "Cloudflare refused " + what + ": " + said);
    }

    @Override
    public String toString() {
        return "CloudflareProvider[" + http.base() + "]";
    }
}
