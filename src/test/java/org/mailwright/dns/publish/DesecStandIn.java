package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.dns.TxtStrings;
import org.mailwright.dns.publish.StandIn.Request;
import org.mailwright.dns.publish.StandIn.Response;

/**
 * deSEC's API as documented at https://desec.readthedocs.io/en/latest/ (auth/tokens.html: {@code Authorization: Token};
 * dns/domains.html; dns/rrsets.html: the RRset shape, bulk PATCH that is all or nothing, cursor pagination via
 * {@code Link}, 400 "Pagination required" without {@code cursor}; rate-limits.html: 429 with {@code Retry-After}).
 * Pages hold 2 domains and 4 RRsets here instead of 500, so pagination is exercised; every domain's
 * {@code minimum_ttl} is 3600.
 */
final class DesecStandIn {

    static final long MINIMUM_TTL = 3600;
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

    final Map<String, TreeMap<String, ObjectNode>> domains = new LinkedHashMap<>(); // domain -> "subname type" -> rrset
    final StandIn server;

    DesecStandIn() throws IOException {
        for (String zone : ProviderContractTest.ZONES) {
            domains.put(zone, new TreeMap<>());
        }
        for (RecordSet set : ProviderContractTest.seed()) {
            ArrayNode records = StandIn.JSON.createArrayNode();
            set.values().forEach(v -> records.add(set.type().equals("TXT") ? TxtStrings.zoneQuoteAll(TxtStrings.split(v)) : v));
            put("example.com", ProviderNames.relative(set.name(), "example.com"), set.type(), set.ttl(), records);
        }
        server = new StandIn(this::handle);
    }

    private void put(String domain, String subname, String type, long ttl, ArrayNode records) {
        ObjectNode rrset = StandIn.JSON.createObjectNode().put("domain", domain).put("subname", subname)
                .put("name", (subname.isEmpty() ? "" : subname + ".") + domain + ".").put("type", type).put("ttl", ttl);
        rrset.set("records", records);
        rrset.put("created", "2026-12-01T10:00:00.000000Z").put("touched", "2026-12-01T10:00:00.000000Z");
        domains.get(domain).put(subname + " " + type, rrset);
    }

    private static Response detail(int status, String detail) {
        return Response.json(status, Map.of("detail", detail));
    }

    private Response page(Request rq, List<? extends JsonNode> all, int size) {
        String self = server.uri(rq.path()).toString();
        if (!rq.query().containsKey("cursor")) {
            if (all.size() > size) {
                return detail(400, "Pagination required. You can query up to " + size + " items at a time ('cursor' query parameter).")
                        .with("Link", "<" + self + "?cursor=>; rel=\"first\"");
            }
            return Response.json(200, all);
        }
        String cursor = rq.query().get("cursor");
        int from = cursor.isEmpty() ? 0 : Integer.parseInt(cursor.substring("c".length()));
        List<? extends JsonNode> items = all.subList(Math.min(from, all.size()), Math.min(from + size, all.size()));
        String link = "<" + self + "?cursor=>; rel=\"first\"";
        if (from + size < all.size()) {
            link += ", <" + self + "?cursor=c" + (from + size) + ">; rel=\"next\"";
        }
        return Response.json(200, items).with("Link", link);
    }

    private Response handle(Request rq) {
        String auth = rq.header("Authorization");
        if (auth == null || !auth.startsWith("Token ")) {
            return detail(401, "Authentication credentials were not provided.");
        }
        String token = auth.substring("Token ".length());
        if (!Set.of(ProviderContractTest.GOOD, ProviderContractTest.READ_ONLY, ProviderContractTest.BUSY).contains(token)) {
            return detail(401, "Invalid token.");
        }
        if (token.equals(ProviderContractTest.BUSY)) {
            return detail(429, "Request was throttled. Expected available in 7 seconds.").with("Retry-After", "7");
        }
        String[] p = rq.path().split("/"); // "", "api", "v1", "domains", name, "rrsets"
        if (p.length < 4 || !p[1].equals("api") || !p[2].equals("v1") || !p[3].equals("domains") || !rq.path().endsWith("/")) {
            return detail(404, "Not found.");
        }
        if (p.length == 4 && rq.method().equals("GET")) {
            List<ObjectNode> all = new ArrayList<>();
            domains.keySet().forEach(d -> all.add(StandIn.JSON.createObjectNode().put("name", d).put("minimum_ttl", MINIMUM_TTL)
                    .put("created", "2026-12-01T10:00:00.000000Z")));
            return page(rq, all, 2);
        }
        if (p.length == 5 && rq.method().equals("GET")) { // one domain (dns/domains.html, "Retrieving a Specific Domain")
            return domains.containsKey(p[4]) ? Response.json(200, StandIn.JSON.createObjectNode().put("name", p[4])
                    .put("minimum_ttl", MINIMUM_TTL)) : detail(404, "Not found.");
        }
        TreeMap<String, ObjectNode> domain = p.length == 6 && p[5].equals("rrsets") ? domains.get(p[4]) : null;
        if (domain == null) {
            return detail(404, "Not found.");
        }
        if (rq.method().equals("GET")) {
            return page(rq, new ArrayList<>(domain.values()), 4);
        }
        if (!rq.method().equals("PATCH")) {
            return detail(405, "Method \"" + rq.method() + "\" not allowed.");
        }
        if (token.equals(ProviderContractTest.READ_ONLY)) {
            return detail(403, "You do not have permission to perform this action.");
        }
        if (!String.valueOf(rq.header("Content-Type")).startsWith("application/json")) {
            return detail(415, "Unsupported media type \"" + rq.header("Content-Type") + "\" in request.");
        }
        JsonNode body = rq.json();
        if (!body.isArray()) {
            return detail(400, "Expected a list of items but got type \"dict\".");
        }
        // validate every item first: the bulk request is all or nothing
        ArrayNode errors = StandIn.JSON.createArrayNode();
        boolean bad = false;
        Set<String> seen = new HashSet<>();
        for (JsonNode item : body) {
            ObjectNode e = errors.addObject();
            String why = invalid(item, domain, seen);
            if (why != null) {
                e.putArray(why.substring(0, why.indexOf(':'))).add(why.substring(why.indexOf(':') + 1).trim());
                bad = true;
            }
        }
        if (bad) {
            return Response.json(400, errors);
        }
        ArrayNode changed = StandIn.JSON.createArrayNode();
        for (JsonNode item : body) {
            String key = item.path("subname").asText() + " " + item.path("type").asText();
            if (item.path("records").isEmpty()) {
                domain.remove(key);
                continue;
            }
            long ttl = item.has("ttl") ? item.path("ttl").asLong() : domain.get(key).path("ttl").asLong();
            put(p[4], item.path("subname").asText(), item.path("type").asText(), ttl, (ArrayNode) item.path("records"));
            changed.add(domain.get(key));
        }
        return Response.json(200, changed);
    }

    /** "field: reason" when deSEC would refuse {@code item}, or null. */
    private static String invalid(JsonNode item, Map<String, ObjectNode> domain, Set<String> seen) {
        if (!item.path("subname").isTextual()) {
            return "subname: This field is required.";
        }
        if (!item.path("type").isTextual()) {
            return "type: This field is required.";
        }
        String key = item.path("subname").asText() + " " + item.path("type").asText();
        if (!seen.add(key)) {
            return "non_field_errors: Same subname and type as in another item.";
        }
        if (!item.path("records").isArray()) {
            return "records: This field is required.";
        }
        if (!item.has("ttl") && !domain.containsKey(key)) {
            return "ttl: This field is required.";
        }
        if (item.has("ttl") && item.path("ttl").asLong() < MINIMUM_TTL) {
            return "ttl: Ensure this value is greater than or equal to " + MINIMUM_TTL + ".";
        }
        for (JsonNode r : item.path("records")) {
            String record = r.asText();
            switch (item.path("type").asText()) {
                case "TXT" -> {
                    Matcher m = QUOTED.matcher(record);
                    int end = 0;
                    while (m.lookingAt()) {
                        if (m.group(1).getBytes(StandardCharsets.UTF_8).length > 255) {
                            return "records: TXT character-string longer than 255 bytes.";
                        }
                        end = m.end();
                        m.region(end, record.length());
                    }
                    if (end == 0 || end != record.length()) {
                        return "records: Record content malformed: " + record;
                    }
                }
                case "MX" -> {
                    if (!record.matches("\\d+ \\S+\\.")) {
                        return "records: Record content malformed: " + record;
                    }
                }
                default -> {
                }
            }
        }
        return null;
    }
}
