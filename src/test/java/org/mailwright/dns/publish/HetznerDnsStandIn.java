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
 * The Hetzner DNS Console API as https://dns.hetzner.com/api-docs documents it: {@code Auth-API-Token}, zones with
 * {@code meta.pagination}, records by {@code zone_id}, {@code POST /records}, {@code PUT}/{@code DELETE /records/{id}},
 * names relative with "@" for the apex. Pages hold 2 zones and 3 records here whatever {@code per_page} asks.
 */
final class HetznerDnsStandIn {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    final Map<String, String> zones = new LinkedHashMap<>(); // id -> name
    final Map<String, ObjectNode> records = new LinkedHashMap<>();
    private int next = 1;
    final StandIn server;

    HetznerDnsStandIn() throws IOException {
        int z = 1;
        for (String zone : ProviderContractTest.ZONES) {
            zones.put("rMu2waTJPbHr4" + z++, zone);
        }
        for (RecordSet set : ProviderContractTest.seed()) {
            for (String value : set.values()) {
                String name = ProviderNames.relative(set.name(), "example.com");
                ObjectNode r = StandIn.JSON.createObjectNode().put("type", set.type()).put("name", name.isEmpty() ? "@" : name)
                        .put("value", set.type().equals("TXT") && !value.equals(ProviderContractTest.FOREIGN)
                                ? TxtStrings.zoneQuoteAll(TxtStrings.split(value)) : value);
                if (!set.name().startsWith("h1.")) {
                    r.put("ttl", set.ttl()); // h1 has none: it takes the zone's (3600 here)
                }
                add(zoneId("example.com"), r);
            }
        }
        server = new StandIn(this::handle);
    }

    String zoneId(String name) {
        return zones.entrySet().stream().filter(e -> e.getValue().equals(name)).findFirst().orElseThrow().getKey();
    }

    private void add(String zoneId, ObjectNode r) {
        String id = "7c2b4a1f0d3e" + String.format("%04d", next++);
        r.put("id", id).put("zone_id", zoneId).put("created", "2026-12-01 10:00:00.000 +0000 UTC")
                .put("modified", "2026-12-01 10:00:00.000 +0000 UTC");
        records.put(id, r);
    }

    private static Response message(int status, String message) {
        return Response.json(status, Map.of("message", message));
    }

    private static Response error(int status, String message) {
        return Response.json(status, Map.of("error", Map.of("message", message, "code", status)));
    }

    private static Response page(Request rq, String field, List<? extends JsonNode> all, int cap) {
        int perPage = Integer.parseInt(rq.query().getOrDefault("per_page", "100"));
        int pageNo = Integer.parseInt(rq.query().getOrDefault("page", "1"));
        int size = Math.min(perPage, cap);
        int last = Math.max(1, (all.size() + size - 1) / size);
        ObjectNode body = StandIn.JSON.createObjectNode();
        ArrayNode items = body.putArray(field);
        all.stream().skip((long) (pageNo - 1) * size).limit(size).forEach(items::add);
        ObjectNode p = body.putObject("meta").putObject("pagination").put("page", pageNo).put("per_page", size)
                .put("last_page", last).put("total_entries", all.size());
        p.put("previous_page", Math.max(1, pageNo - 1)).put("next_page", Math.min(last, pageNo + 1));
        return Response.json(200, body);
    }

    private Response handle(Request rq) {
        String token = String.valueOf(rq.header("Auth-API-Token"));
        if (!Set.of(ProviderContractTest.GOOD, ProviderContractTest.READ_ONLY, ProviderContractTest.BUSY).contains(token)) {
            return message(401, "Invalid authentication credentials");
        }
        if (token.equals(ProviderContractTest.BUSY)) {
            return message(429, "API rate limit exceeded").with("Retry-After", "7");
        }
        if (rq.path().equals("/api/v1/zones") && rq.method().equals("GET")) {
            List<ObjectNode> all = new ArrayList<>();
            zones.forEach((id, name) -> {
                if (!rq.query().containsKey("name") || rq.query().get("name").equals(name)) {
                    all.add(StandIn.JSON.createObjectNode().put("id", id).put("name", name).put("ttl", 3600).put("permission", ""));
                }
            });
            return page(rq, "zones", all, 2);
        }
        if (rq.path().equals("/api/v1/records") && rq.method().equals("GET")) {
            String zoneId = rq.query().get("zone_id");
            if (zoneId == null || !zones.containsKey(zoneId)) {
                return error(404, "zone not found");
            }
            return page(rq, "records", records.values().stream().filter(r -> r.path("zone_id").asText().equals(zoneId)).toList(), 3);
        }
        if (!rq.path().startsWith("/api/v1/records")) {
            return error(404, "not found");
        }
        if (token.equals(ProviderContractTest.READ_ONLY)) {
            return message(403, "Forbidden");
        }
        if (!rq.method().equals("DELETE") && !String.valueOf(rq.header("Content-Type")).startsWith("application/json")) {
            return error(422, "Content-Type must be application/json");
        }
        if (rq.path().equals("/api/v1/records") && rq.method().equals("POST")) {
            ObjectNode r = (ObjectNode) rq.json();
            String bad = invalid(r);
            if (bad != null) {
                return error(422, bad);
            }
            add(r.path("zone_id").asText(), r);
            return Response.json(200, Map.of("record", r));
        }
        String id = rq.path().substring("/api/v1/records/".length());
        ObjectNode record = records.get(id);
        if (record == null) {
            return error(404, "record not found");
        }
        switch (rq.method()) {
            case "PUT" -> {
                ObjectNode r = (ObjectNode) rq.json();
                String bad = invalid(r);
                if (bad != null) {
                    return error(422, bad);
                }
                r.put("id", id).put("created", record.path("created").asText()).put("modified", "2026-12-05 16:00:00.000 +0000 UTC");
                records.put(id, r);
                return Response.json(200, Map.of("record", r));
            }
            case "DELETE" -> {
                records.remove(id);
                return new Response(200, "", Map.of());
            }
            default -> {
                return error(405, "method not allowed");
            }
        }
    }

    /** Why Hetzner would refuse {@code r}, or null. */
    private String invalid(JsonNode r) {
        String zone = zones.get(r.path("zone_id").asText());
        String name = r.path("name").asText();
        if (zone == null) {
            return "zone not found";
        }
        if (name.isEmpty() || name.endsWith(".") || name.equals(zone) || name.endsWith("." + zone)) {
            return "name must be relative to the zone (\"@\" for the apex): " + name;
        }
        if (!r.path("type").isTextual() || !r.path("value").isTextual()) {
            return "type and value are required";
        }
        if (r.has("ttl") && !r.path("ttl").isIntegralNumber()) {
            return "ttl must be an integer";
        }
        String value = r.path("value").asText();
        switch (r.path("type").asText()) {
            case "TXT" -> {
                Matcher m = QUOTED.matcher(value);
                int end = 0;
                while (m.lookingAt()) {
                    if (m.group(1).getBytes(StandardCharsets.UTF_8).length > 255) {
                        return "invalid TXT record: a string is longer than 255 bytes";
                    }
                    end = m.end();
                    m.region(end, value.length());
                }
                if (end == value.length() && value.indexOf("\" \"") < 0 && value.length() > 255) {
                    // what dnscontrol found (providers/hetzner/types.go): one quoted string over 255 with its quotes
                    return "422 Unprocessable Entity: missing: ; ";
                }
                if (value.length() > 255 && end != value.length()) {
                    return "invalid TXT record: longer than 255 bytes and not split into quoted strings";
                }
            }
            case "MX" -> {
                if (!value.matches("\\d+ \\S+")) {
                    return "invalid MX record: " + value;
                }
            }
            default -> {
            }
        }
        return null;
    }
}
