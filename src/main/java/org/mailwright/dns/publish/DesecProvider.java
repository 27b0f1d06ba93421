package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.dns.publish.DnsProviderException.Kind;

/**
 * deSEC's API v1 (https://desec.readthedocs.io/en/latest/dns/domains.html and .../dns/rrsets.html), with a token
 * ({@code Authorization: Token TOKEN}, https://desec.readthedocs.io/en/latest/auth/tokens.html).
 *
 * <p>deSEC keeps record sets, not records, so {@link #apply} sends every set that differs in one bulk
 * {@code PATCH /domains/{name}/rrsets/}, which deSEC applies as one transaction: all or nothing. Values are in zone-file
 * presentation format (TXT quoted, split into 255-byte strings). A TTL below the domain's {@code minimum_ttl} (3600 s
 * for most accounts) is raised to it, since deSEC refuses lower ones; reading back then shows the minimum. Lists are
 * read with the {@code cursor} parameter, following the {@code Link} header's {@code rel="next"}, so a domain of more
 * than 500 record sets is read whole (https://desec.readthedocs.io/en/latest/dns/rrsets.html#pagination).
 */
public final class DesecProvider implements DnsProvider {

    /** The production endpoint. */
    public static final URI API = URI.create("https://desec.io/api/v1");

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?next\"?");

    private final ProviderHttp http;
    private final Map<String, Long> minimumTtl = new HashMap<>();

    /**
     * @param base  the API base ({@link #API}, or a stand-in in tests)
     * @param token a deSEC token; copied, never shown
     * @param http  the client to send with
     * @throws IllegalArgumentException for an empty token
     */
    public DesecProvider(URI base, char[] token, HttpClient http) {
        this.http = new ProviderHttp("deSEC", base, "Authorization", "Token ", token, http, DesecProvider::error);
    }

    @Override
    public String name() {
        return "deSEC";
    }

    /**
     * Lists the account's domains ({@code GET /domains/}, every page) and picks the longest one {@code name} is in.
     *
     * @throws DnsProviderException NO_ZONE when none holds it; LOGIN, PERMISSION, RATE_LIMIT, UNAVAILABLE
     */
    @Override
    public synchronized String zoneOf(String name) {
        if (minimumTtl.isEmpty()) {
            for (JsonNode domain : list("listing the domains", "/domains/")) {
                minimumTtl.put(RecordSet.normalizeName(domain.path("name").asText()), domain.path("minimum_ttl").asLong(0));
            }
        }
        String zone = ProviderNames.longestZone(name, minimumTtl.keySet());
        if (zone == null) {
            throw new DnsProviderException(Kind.NO_ZONE, "The deSEC account has no domain for " + RecordSet.normalizeName(name)
                    + ": add the domain at desec.io, or give a token of the account that has it");
        }
        return zone;
    }

    /**
     * Every record set of the domain ({@code GET /domains/{name}/rrsets/}, every page); TXT values joined.
     *
     * @throws DnsProviderException NO_ZONE for a domain the account does not have; LOGIN, PERMISSION, RATE_LIMIT,
     *                              UNAVAILABLE
     */
    @Override
    public List<RecordSet> read(String zone) {
        String z = RecordSet.normalizeName(zone);
        List<RecordSet> sets = new ArrayList<>();
        for (JsonNode rrset : list("reading the record sets of " + z, "/domains/" + enc(z) + "/rrsets/")) {
            String type = rrset.path("type").asText();
            List<String> values = new ArrayList<>();
            for (JsonNode r : rrset.path("records")) {
                values.add(type.equalsIgnoreCase("TXT") ? ProviderNames.unquoteTxt(r.asText()) : r.asText());
            }
            if (!values.isEmpty()) {
                sets.add(new RecordSet(ProviderNames.absolute(rrset.path("subname").asText(), z), type,
                        rrset.path("ttl").asLong(), values));
            }
        }
        return sets;
    }

    /**
     * Sends the writing changes whose record set differs from what deSEC holds, in one transactional bulk PATCH; sends
     * nothing when none differs.
     *
     * @throws DnsProviderException REFUSED quoting deSEC's reason (then nothing was changed); PERMISSION when a token
     *                              policy or subnet restriction forbids the write; LOGIN, RATE_LIMIT, UNAVAILABLE, NO_ZONE
     */
    @Override
    public void apply(String zone, List<RecordChange> changes) {
        String z = RecordSet.normalizeName(zone);
        long minimum;
        synchronized (this) {
            zoneOf(z);
            minimum = minimumTtl.getOrDefault(z, 0L);
        }
        Map<String, RecordSet> current = new HashMap<>();
        for (RecordSet set : read(z)) {
            current.put(set.key(), set);
        }
        ArrayNode patch = ProviderHttp.JSON.createArrayNode();
        for (RecordChange change : changes) {
            if (!change.writes()) {
                continue;
            }
            RecordSet want = change.after();
            long ttl = Math.max(want.ttl(), minimum);
            RecordSet have = current.get(want.key());
            if (have != null && have.sameRecords(want) && have.ttl() == ttl) {
                continue;
            }
            ObjectNode rrset = patch.addObject();
            rrset.put("subname", ProviderNames.relative(want.name(), z)).put("type", want.type()).put("ttl", ttl);
            ArrayNode records = rrset.putArray("records");
            for (String value : want.values()) {
                records.add(want.type().equals("TXT") ? ProviderNames.quoteTxt(value) : value);
            }
        }
        if (!patch.isEmpty()) {
            http.send("changing the record sets of " + z, "PATCH", "/domains/" + enc(z) + "/rrsets/", patch);
        }
    }

    /** Every item of a list, following {@code Link: <...>; rel="next"} from the first page ({@code ?cursor=}). */
    private List<JsonNode> list(String what, String path) {
        List<JsonNode> all = new ArrayList<>();
        String next = path + "?cursor=";
        while (next != null) {
            ProviderHttp.Answer answer = http.get(what, next);
            answer.body().forEach(all::add);
            next = null;
            for (String link : answer.headers().allValues("Link")) {
                Matcher m = NEXT.matcher(link);
                if (m.find()) {
                    next = m.group(1);
                }
            }
            if (next != null && !next.startsWith(http.base().toString() + "/")) {
                // the token goes only to the API it was given for
                throw new DnsProviderException(Kind.UNAVAILABLE, "deSEC pointed the next page of " + what
                        + " outside its API (" + URI.create(next).getHost() + "); not followed");
            }
        }
        return all;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * deSEC answers {@code {"detail": "..."}} for 401, 403, 404 and 429 (with {@code Retry-After}), and field errors
     * (one object per RRset for a bulk request) for 400 (https://desec.readthedocs.io/en/latest/dns/rrsets.html,
     * https://desec.readthedocs.io/en/latest/rate-limits.html).
     */
    private static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers) {
        String said = body.path("detail").isTextual() ? body.path("detail").asText() : body.isMissingNode() ? "HTTP " + status : body.toString();
        return switch (status) {
            case 401 -> new DnsProviderException(Kind.LOGIN, "deSEC refused the token while " + what + " (" + said
                    + "): it is wrong, expired or deleted; create a new one at desec.io under Token Management");
            case 403 -> new DnsProviderException(Kind.PERMISSION, "The deSEC token may not do this while " + what + " (" + said
                    + "): give it a policy that allows writing (perm_write) these record sets, or none, and check its allowed "
                    + "subnets include this computer's address");
            case 404 -> new DnsProviderException(Kind.NO_ZONE, "deSEC has no such domain in this account while " + what);
            case 429 -> new DnsProviderException(Kind.RATE_LIMIT, "deSEC asks to slow down while " + what + " (" + said
                    + "); try again " + ProviderHttp.retryAfter(headers));
            default -> status >= 500
                    ? new DnsProviderException(Kind.UNAVAILABLE, "deSEC failed while " + what + " (HTTP " + status + "); try again later")
                    : new DnsProviderException(Kind.REFUSED, "deSEC refused " + what + ": " + said);
        };
    }

    @Override
    public String toString() {
        return "DesecProvider[" + http.base() + "]";
    }
}
