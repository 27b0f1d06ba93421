package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.util.Optional;
import org.mailwright.dns.publish.DnsProviderException.Kind;

/**
 * Reverse DNS of a DigitalOcean droplet: DigitalOcean points the PTR of a droplet's public addresses at the droplet's
 * name when that name is a fully qualified domain name, and offers no other way to set it
 * (https://docs.digitalocean.com/products/networking/dns/how-to/manage-records/#ptr-rdns-records). So the PTR is read
 * as the droplet's name, and set by renaming the droplet to the mail host
 * ({@code POST /droplets/{id}/actions {"type": "rename", "name": ...}},
 * https://docs.digitalocean.com/reference/api/digitalocean/#tag/Droplet-Actions). A token with custom scopes needs
 * {@code droplet:read} and {@code droplet:update}.
 */
public final class DigitalOceanReverseDns implements ReverseDnsProvider {
    private final ProviderHttp http;

    /**
     * @param base  {@link DigitalOceanProvider#API}, or a stand-in
     * @param token a personal access token; copied, never shown
     * @throws IllegalArgumentException for an empty token
     */
    public DigitalOceanReverseDns(URI base, char[] token, HttpClient http) {
        this.http = new ProviderHttp("DigitalOcean", base, "Authorization", "Bearer ", token, http, DigitalOceanReverseDns::error);
    }

    @Override
    public String name() {
        return "DigitalOcean";
    }

    private JsonNode droplet(InetAddress address) {
        String next = "/droplets?page=1&per_page=200";
        while (next != null) {
            JsonNode body = http.get("listing the droplets", next).body();
            for (JsonNode d : body.path("droplets")) {
                for (String family : new String[] {"v4", "v6"}) {
                    for (JsonNode n : d.path("networks").path(family)) {
                        if ("public".equals(n.path("type").asText()) && same(address, n.path("ip_address").asText(""))) {
                            return d;
                        }
                    }
                }
            }
            JsonNode link = body.path("links").path("pages").path("next");
            next = link.isTextual() ? link.asText() : null;
        }
        throw new DnsProviderException(Kind.NO_ZONE, "No droplet of this DigitalOcean account has the address " + address.getHostAddress()
                + ": give a token of the team the mail server is in");
    }

    /** The droplet's name when it is a fully qualified name (what DigitalOcean publishes as the PTR); else empty. */
    @Override
    public Optional<String> ptr(InetAddress address) {
        String name = RecordSet.normalizeName(droplet(address).path("name").asText(""));
        return name.contains(".") ? Optional.of(name) : Optional.empty();
    }

    /** Renames the droplet to {@code hostName}; DigitalOcean then sets the PTR of its addresses to it. */
    @Override
    public void setPtr(InetAddress address, String hostName) {
        JsonNode d = droplet(address);
        ObjectNode body = ProviderHttp.JSON.createObjectNode();
        body.put("type", "rename");
        body.put("name", RecordSet.normalizeName(hostName));
        http.send("renaming the droplet to " + RecordSet.normalizeName(hostName), "POST", "/droplets/" + d.path("id").asLong() + "/actions", body);
    }

    private static boolean same(InetAddress a, String text) {
        try {
            return !text.isEmpty() && a.equals(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** DigitalOcean's refusals, worded for the droplets ({@link DigitalOceanProvider#error}). */
    private static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers) {
        return DigitalOceanProvider.error(what, status, body, headers, "give it the custom scopes droplet:read and droplet:update", "droplet");
    }

    @Override
    public String toString() {
        return "DigitalOceanReverseDns[" + http.base() + "]";
    }
}
