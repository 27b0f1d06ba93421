package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.util.Optional;
import org.mailwright.dns.publish.DnsProviderException.Kind;

/**
 * Reverse DNS of a Hetzner Cloud server (https://docs.hetzner.cloud/#servers, "Change reverse DNS entry for this
 * Server"), with a project's API token ({@code Authorization: Bearer TOKEN}, Read &amp; Write). The server is found by
 * its primary IPv4 address, or by the /64 its IPv6 address is in; {@code POST /servers/{id}/actions/change_dns_ptr}
 * with {@code {"ip": ..., "dns_ptr": ...}} sets it. A Hetzner DNS token is another token: Hetzner Cloud projects have
 * their own.
 */
public final class HetznerCloudReverseDns implements ReverseDnsProvider {
    /** The production endpoint. */
    public static final URI API = URI.create("https://api.hetzner.cloud/v1");

    private final ProviderHttp http;

    /**
     * @param base  {@link #API}, or a stand-in
     * @param token the project's API token (Read &amp; Write); copied, never shown
     * @throws IllegalArgumentException for an empty token
     */
    public HetznerCloudReverseDns(URI base, char[] token, HttpClient http) {
        this.http = new ProviderHttp("Hetzner Cloud", base, "Authorization", "Bearer ", token, http, HetznerCloudReverseDns::error);
    }

    @Override
    public String name() {
        return "Hetzner Cloud";
    }

    /** The server and what it holds for the address: {@code id} and the PTR (null for none). */
    private record Found(long id, String ptr) {
    }

    private Found find(InetAddress address) {
        for (int page = 1; page < 1000; page++) {
            JsonNode body = http.get("listing the servers", "/servers?page=" + page + "&per_page=50").body();
            for (JsonNode server : body.path("servers")) {
                JsonNode net = server.path("public_net");
                if (address instanceof Inet6Address) {
                    String network = net.path("ipv6").path("ip").asText("");
                    if (!network.isEmpty() && inNetwork(address, network)) {
                        for (JsonNode p : net.path("ipv6").path("dns_ptr")) {
                            if (same(address, p.path("ip").asText())) {
                                return new Found(server.path("id").asLong(), name(p.path("dns_ptr")));
                            }
                        }
                        return new Found(server.path("id").asLong(), null);
                    }
                } else if (same(address, net.path("ipv4").path("ip").asText(""))) {
                    return new Found(server.path("id").asLong(), name(net.path("ipv4").path("dns_ptr")));
                }
            }
            JsonNode next = body.path("meta").path("pagination").path("next_page");
            if (next.isNull() || next.isMissingNode()) {
                break;
            }
        }
        throw new DnsProviderException(Kind.NO_ZONE, "No server of this Hetzner Cloud project has the address "
                + address.getHostAddress() + ": give the token of the project the mail server is in");
    }

    @Override
    public Optional<String> ptr(InetAddress address) {
        return Optional.ofNullable(find(address).ptr());
    }

    @Override
    public void setPtr(InetAddress address, String hostName) {
        Found server = find(address);
        ObjectNode body = ProviderHttp.JSON.createObjectNode();
        body.put("ip", org.mailwright.dns.Addresses.text(address)); // RFC 5952 form, as the API lists addresses
        body.put("dns_ptr", RecordSet.normalizeName(hostName));
        http.send("setting the reverse DNS of " + address.getHostAddress(), "POST", "/servers/" + server.id() + "/actions/change_dns_ptr", body);
    }

    private static String name(JsonNode n) {
        return n.isTextual() && !n.asText().isBlank() ? RecordSet.normalizeName(n.asText()) : null;
    }

    private static boolean same(InetAddress a, String text) {
        try {
            return !text.isEmpty() && a.equals(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether {@code a} is in {@code cidr} ("2001:db8:1:2::/64"). */
    static boolean inNetwork(InetAddress a, String cidr) {
        int slash = cidr.indexOf('/');
        try {
            byte[] net = InetAddress.getByName(slash < 0 ? cidr : cidr.substring(0, slash)).getAddress();
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            byte[] x = a.getAddress();
            if (x.length != net.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((x[i / 8] & mask) != (net[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    /** Hetzner Cloud's error body: {@code {"error": {"code": "...", "message": "..."}}} (https://docs.hetzner.cloud/#errors). */
    private static DnsProviderException error(String what, int status, JsonNode body, HttpHeaders headers) {
        String said = ProviderHttp.quote(body.path("error"), "message", "code");
        return switch (status) {
            case 401 -> new DnsProviderException(Kind.LOGIN, "Hetzner Cloud refused the token while " + what + " (" + said
                    + "): make a new one in the project under Security → API tokens");
            case 403 -> new DnsProviderException(Kind.PERMISSION, "The Hetzner Cloud token may not do this while " + what + " ("
                    + said + "): it needs Read & Write permission, not Read");
            case 404 -> new DnsProviderException(Kind.NO_ZONE, "Hetzner Cloud has no such server while " + what + " (" + said + ")");
            case 429 -> new DnsProviderException(Kind.RATE_LIMIT, "Hetzner Cloud asks to slow down while " + what + " (" + said
                    + "); try again " + ProviderHttp.retryAfter(headers));
            default -> status >= 500
                    ? new DnsProviderException(Kind.UNAVAILABLE, "Hetzner Cloud failed while " + what + " (HTTP " + status + "); try again later")
                    : new DnsProviderException(Kind.REFUSED, "Hetzner Cloud refused " + what + ": " + said);
        };
    }

    @Override
    public String toString() {
        return "HetznerCloudReverseDns[" + http.base() + "]";
    }
}
