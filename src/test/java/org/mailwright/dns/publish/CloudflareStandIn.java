package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.dns.TxtStrings;
import org.mailwright.dns.publish.StandIn.Request;
import org.mailwright.dns.publish.StandIn.Response;

/**
 * Cloudflare API v4 as its reference describes it (https://developers.cloudflare.com/api/resources/zones/methods/list/,
 * https://developers.cloudflare.com/api/resources/dns/subresources/records/methods/list/ and create/update/edit/delete;
 * errors: https://developers.cloudflare.com/fundamentals/api/troubleshooting/). Pages hold at most 2 zones and 3 records,
 * whatever {@code per_page} asks, so a client reading only page 1 misses records.
 */
final class CloudflareStandIn {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");
    private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "MX", "TXT", "SRV", "CAA", "TLSA", "NS");

    final Map<String, String> zones = new LinkedHashMap<>(); // id -> name
    final Map<String, ObjectNode> records = new LinkedHashMap<>(); // id -> record
    private int next = 1;
    final StandIn server;

    CloudflareStandIn() throws IOException {
        int z = 1;
        for (String zone : ProviderContractTest.ZONES) {
            zones.put("023e105f4ecef8ad9ca31a8372d0c3" + (10 + z++), zone);
        }
        for (RecordSet set : ProviderContractTest.seed()) {
            for (String value : set.values()) {
                ObjectNode r = StandIn.JSON.createObjectNode();
                r.put("type", set.type()).put("name", set.name()).put("ttl", set.ttl()).put("proxied", false);
                // the foreign TXT was made before Cloudflare quoted TXT content: it comes back bare
                r.put("content", set.type().equals("TXT") && !value.equals(ProviderContractTest.FOREIGN)
                        ? TxtStrings.zoneQuoteAll(TxtStrings.split(value)) : value);
                add(zoneId("example.com"), r);
            }
        }
        server = new StandIn(this::handle);
    }

    String zoneId(String name) {
        return zones.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst().orElseThrow().getKey();
    }

    private void add(String zoneId, ObjectNode r) {
        String id = String.format("372e67954025e0ba6aaa6d586b9e0b%02d", next++);
        r.put("id", id).put("zone_id", zoneId).put("zone_name", zones.get(zoneId));
        records.put(id, r);
    }

    private static Response error(int status, int code, String message) {
        ObjectNode body = StandIn.JSON.createObjectNode().put("success", false);
        body.putArray("errors").addObject().put("code", code).put("message", message);
        body.putArray("messages");
        body.putNull("result");
        return Response.json(status, body);
    }

    private static Response ok(JsonNode result) {
        ObjectNode body = StandIn.JSON.createObjectNode().put("success", true);
        body.putArray("errors");
        body.putArray("messages");
        body.set("result", result);
        return Response.json(200, body);
    }

    private static Response page(List<? extends JsonNode> all, Map<String, String> query, int cap) {
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "20"));
        int pageNo = Integer.parseInt(query.getOrDefault("page", "1"));
        int size = Math.min(perPage, cap);
        int pages = Math.max(1, (all.size() + size - 1) / size);
        ArrayNode result = StandIn.JSON.createArrayNode();
        all.stream().skip((long) (pageNo - 1) * size).limit(size).forEach(result::add);
        ObjectNode body = StandIn.JSON.createObjectNode().put("success", true);
        body.putArray("errors");
        body.putArray("messages");
        body.set("result", result);
        body.putObject("result_info").put("page", pageNo).put("per_page", size).put("count", result.size())
                .put("total_count", all.size()).put("total_pages", pages);
        return Response.json(200, body);
    }

    private Response handle(Request rq) {
        String auth = rq.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            ObjectNode body = StandIn.JSON.createObjectNode().put("success", false);
            ObjectNode e = body.putArray("errors").addObject().put("code", 6003).put("message", "Invalid request headers");
            e.putArray("error_chain").addObject().put("code", 6111).put("message", "Invalid format for Authorization header");
            return Response.json(400, body);
        }
        String token = auth.substring("Bearer ".length());
        if (!Set.of(ProviderContractTest.GOOD, ProviderContractTest.READ_ONLY, ProviderContractTest.BUSY).contains(token)) {
            return error(403, 9109, "Invalid access token");
        }
        if (token.equals(ProviderContractTest.BUSY)) {
            return error(429, 971, "Please wait and consider throttling your request speed").with("Retry-After", "7");
        }
        String[] p = rq.path().split("/"); // "", "client", "v4", "zones", id, "dns_records", rid
        if (p.length < 4 || !p[1].equals("client") || !p[2].equals("v4") || !p[3].equals("zones")) {
            return error(404, 7000, "No route for that URI");
        }
        if (p.length == 4 && rq.method().equals("GET")) {
            List<ObjectNode> all = new ArrayList<>();
            zones.forEach((id, name) -> {
                if (!rq.query().containsKey("name") || rq.query().get("name").equals(name)) {
                    all.add(StandIn.JSON.createObjectNode().put("id", id).put("name", name).put("status", "active"));
                }
            });
            if (Integer.parseInt(rq.query().getOrDefault("per_page", "20")) > 50) {
                return error(400, 1001, "per_page must be at most 50");
            }
            return page(all, rq.query(), 2);
        }
        String zoneId = p[4];
        if (!zones.containsKey(zoneId) || p.length < 6 || !p[5].equals("dns_records")) {
            return error(404, 7003, "Could not route to " + rq.path() + ", perhaps your object identifier is invalid?");
        }
        if (rq.writes() && token.equals(ProviderContractTest.READ_ONLY)) {
            return error(403, 10000, "Authentication error");
        }
        if (rq.writes() && !rq.method().equals("DELETE")
                && !String.valueOf(rq.header("Content-Type")).startsWith("application/json")) {
            return error(400, 6105, "Invalid Content-Type header, valid values are application/json,multipart/form-data");
        }
        if (p.length == 6 && rq.method().equals("GET")) {
            return page(records.values().stream().filter(r -> r.path("zone_id").asText().equals(zoneId)).toList(), rq.query(), 3);
        }
        if (p.length == 6 && rq.method().equals("POST")) {
            ObjectNode r = (ObjectNode) rq.json();
            String bad = invalid(r, zones.get(zoneId), true);
            if (bad != null) {
                return error(400, 9005, bad);
            }
            add(zoneId, r);
            return ok(r);
        }
        ObjectNode record = p.length == 7 ? records.get(p[6]) : null;
        if (record == null) {
            return error(404, 81044, "Record does not exist.");
        }
        switch (rq.method()) {
            case "PUT" -> {
                ObjectNode r = (ObjectNode) rq.json();
                String bad = invalid(r, zones.get(zoneId), true);
                if (bad != null) {
                    return error(400, 9005, bad);
                }
                r.put("id", p[6]).put("zone_id", zoneId).put("zone_name", zones.get(zoneId));
                records.put(p[6], r);
                return ok(r);
            }
            case "PATCH" -> {
                ObjectNode patched = record.deepCopy();
                patched.setAll((ObjectNode) rq.json());
                String bad = invalid(patched, zones.get(zoneId), false);
                if (bad != null) {
                    return error(400, 9005, bad);
                }
                records.put(p[6], patched);
                return ok(patched);
            }
            case "DELETE" -> {
                records.remove(p[6]);
                return ok(StandIn.JSON.createObjectNode().put("id", p[6]));
            }
            default -> {
                return error(405, 10405, "Method not allowed");
            }
        }
    }

    /** Why Cloudflare would refuse {@code r}, or null. */
    private static String invalid(JsonNode r, String zone, boolean whole) {
        String type = r.path("type").asText();
        String name = r.path("name").asText();
        if (!TYPES.contains(type)) {
            return "unsupported type " + type;
        }
        if (!(name.equals(zone) || name.endsWith("." + zone))) {
            return "name " + name + " is not in the zone " + zone;
        }
        long ttl = r.path("ttl").asLong(-1);
        if (!r.path("ttl").isIntegralNumber() || !(ttl == 1 || (ttl >= 60 && ttl <= 86400))) {
            return "ttl must be 1 (automatic) or between 60 and 86400";
        }
        if (r.has("proxied") && !r.path("proxied").isBoolean()) {
            return "proxied must be a boolean";
        }
        switch (type) {
            case "TXT" -> {
                String content = r.path("content").asText();
                Matcher m = QUOTED.matcher(content);
                int end = 0;
                while (m.lookingAt()) {
                    if (m.group(1).getBytes(StandardCharsets.UTF_8).length > 255) {
                        return "a TXT character-string is longer than 255 bytes";
                    }
                    end = m.end();
                    m.region(end, content.length());
                }
                if (whole && (end == 0 || end != content.length())) {
                    return "TXT content must consist of quoted character-strings: " + content;
                }
            }
            case "MX" -> {
                if (!r.path("priority").isIntegralNumber() || r.path("content").asText().isBlank()) {
                    return "MX needs priority and content";
                }
            }
            case "A" -> {
                if (!r.path("content").asText().matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                    return "content must be an IPv4 address";
                }
            }
            default -> {
            }
        }
        return null;
    }
}
