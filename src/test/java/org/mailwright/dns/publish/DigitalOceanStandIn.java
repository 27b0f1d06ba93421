package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailwright.dns.publish.StandIn.Request;
import org.mailwright.dns.publish.StandIn.Response;

/**
 * DigitalOcean's API v2 as https://docs.digitalocean.com/reference/api/digitalocean/ documents it: tag Domains
 * ({@code GET /v2/domains}), tag Domain Records (list, create, update, delete; {@code {"domain_records": [...],
 * "links": {"pages": {...}}, "meta": {"total": n}}}), errors {@code {"id": ..., "message": ...}} (401 unauthorized,
 * 403 forbidden, 404 not_found, 422 unprocessable_entity, 429 too_many_requests). Pages hold 2 domains and 3 records
 * here whatever {@code per_page} asks.
 */
final class DigitalOceanStandIn {

    final List<String> domains = new ArrayList<>(ProviderContractTest.ZONES);
    final Map<Long, ObjectNode> records = new LinkedHashMap<>();
    private long next = 3352892;
    final StandIn server;

    DigitalOceanStandIn() throws IOException {
        for (RecordSet set : ProviderContractTest.seed()) {
            for (String value : set.values()) {
                String name = ProviderNames.relative(set.name(), "example.com");
                ObjectNode r = StandIn.JSON.createObjectNode().put("type", set.type()).put("name", name.isEmpty() ? "@" : name)
                        .put("data", value).put("ttl", set.ttl());
                r.putNull("priority").putNull("port").putNull("weight").putNull("flags").putNull("tag");
                add("example.com", r);
            }
        }
        server = new StandIn(this::handle);
    }

    private void add(String domain, ObjectNode r) {
        long id = next++;
        r.put("id", id).put("domain", domain);
        records.put(id, r);
    }

    private static Response error(int status, String id, String message) {
        return Response.json(status, Map.of("id", id, "message", message));
    }

    private Response page(Request rq, String field, List<? extends JsonNode> all, int cap) {
        int perPage = Integer.parseInt(rq.query().getOrDefault("per_page", "20"));
        int pageNo = Integer.parseInt(rq.query().getOrDefault("page", "1"));
        if (perPage > 200) {
            return error(422, "unprocessable_entity", "per_page must be at most 200");
        }
        int size = Math.min(perPage, cap);
        int last = Math.max(1, (all.size() + size - 1) / size);
        ObjectNode body = StandIn.JSON.createObjectNode();
        ArrayNode items = body.putArray(field);
        all.stream().skip((long) (pageNo - 1) * size).limit(size).forEach(items::add);
        ObjectNode pages = body.putObject("links").putObject("pages");
        String self = server.uri(rq.path()).toString();
        if (pageNo < last) {
            pages.put("last", self + "?page=" + last + "&per_page=" + size).put("next", self + "?page=" + (pageNo + 1) + "&per_page=" + size);
        }
        if (pageNo > 1) {
            pages.put("first", self + "?page=1&per_page=" + size).put("prev", self + "?page=" + (pageNo - 1) + "&per_page=" + size);
        }
        body.putObject("meta").put("total", all.size());
        return Response.json(200, body);
    }

    private Response handle(Request rq) {
        String auth = rq.header("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : "";
        if (!Set.of(ProviderContractTest.GOOD, ProviderContractTest.READ_ONLY, ProviderContractTest.BUSY).contains(token)) {
            return error(401, "unauthorized", "Unable to authenticate you");
        }
        if (token.equals(ProviderContractTest.BUSY)) {
            return error(429, "too_many_requests", "API Rate limit exceeded.")
                    .with("ratelimit-limit", "5000").with("ratelimit-remaining", "0").with("ratelimit-reset", "1765000000");
        }
        String[] p = rq.path().split("/"); // "", "v2", "domains", name, "records", id
        if (p.length < 3 || !p[1].equals("v2") || !p[2].equals("domains")) {
            return error(404, "not_found", "The resource you were accessing could not be found.");
        }
        if (p.length == 3 && rq.method().equals("GET")) {
            List<ObjectNode> all = new ArrayList<>();
            domains.forEach(d -> all.add(StandIn.JSON.createObjectNode().put("name", d).put("ttl", 1800).putNull("zone_file")));
            return page(rq, "domains", all, 2);
        }
        String domain = p[3];
        if (!domains.contains(domain) || p.length < 5 || !p[4].equals("records")) {
            return error(404, "not_found", "The resource you were accessing could not be found.");
        }
        if (rq.writes() && token.equals(ProviderContractTest.READ_ONLY)) {
            return error(403, "forbidden", "You are not authorized to perform this operation");
        }
        if (p.length == 5 && rq.method().equals("GET")) {
            return page(rq, "domain_records", records.values().stream().filter(r -> r.path("domain").asText().equals(domain)).toList(), 3);
        }
        if (rq.writes() && !rq.method().equals("DELETE") && !String.valueOf(rq.header("Content-Type")).startsWith("application/json")) {
            return error(400, "bad_request", "Content-Type must be application/json");
        }
        if (p.length == 5 && rq.method().equals("POST")) {
            ObjectNode r = (ObjectNode) rq.json();
            String bad = invalid(r, domain);
            if (bad != null) {
                return error(422, "unprocessable_entity", bad);
            }
            add(domain, r);
            return Response.json(201, Map.of("domain_record", r));
        }
        ObjectNode record = p.length == 6 ? records.get(Long.parseLong(p[5])) : null;
        if (record == null || !record.path("domain").asText().equals(domain)) {
            return error(404, "not_found", "The resource you were accessing could not be found.");
        }
        switch (rq.method()) {
            case "PUT" -> {
                ObjectNode r = (ObjectNode) rq.json();
                String bad = invalid(r, domain);
                if (bad != null) {
                    return error(422, "unprocessable_entity", bad);
                }
                r.put("id", record.path("id").asLong()).put("domain", domain);
                records.put(record.path("id").asLong(), r);
                return Response.json(200, Map.of("domain_record", r));
            }
            case "DELETE" -> {
                records.remove(record.path("id").asLong());
                return new Response(204, "", Map.of());
            }
            default -> {
                return error(405, "method_not_allowed", "Method not allowed");
            }
        }
    }

    /** Why DigitalOcean would refuse {@code r}, or null. */
    private static String invalid(JsonNode r, String domain) {
        String name = r.path("name").asText();
        if (!r.path("type").isTextual() || name.isEmpty() || !r.path("data").isTextual()) {
            return "type, name and data are required";
        }
        if (name.equals(domain) || name.endsWith("." + domain) || name.endsWith(".")) {
            return "name must be relative to the domain (\"@\" for the apex): " + name;
        }
        if (!r.path("ttl").isIntegralNumber() || r.path("ttl").asLong() < 30) {
            return "ttl must be at least 30";
        }
        if (r.path("type").asText().equals("CAA")) {
            if (!r.path("data").asText().endsWith(".") || !r.path("flags").isIntegralNumber() || !r.path("tag").isTextual()) {
                return "CAA needs flags, tag and a data ending in a dot";
            }
            ((ObjectNode) r).put("data", r.path("data").asText().replaceAll("\\.$", "")); // answered without the dot
        }
        if (r.path("type").asText().equals("MX")) {
            String data = r.path("data").asText();
            if (!r.path("priority").isIntegralNumber() || !(data.equals("@") || data.endsWith("."))) {
                return "MX needs a priority and a fully qualified data ending in a dot";
            }
        }
        return null;
    }
}
