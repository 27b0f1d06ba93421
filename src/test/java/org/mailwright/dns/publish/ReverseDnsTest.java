package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reverse DNS at Hetzner Cloud and DigitalOcean against stand-ins that hold the documented shapes: Bearer tokens, the
 * servers or droplets listed one per page (a provider that reads page 1 only fails), the Hetzner change_dns_ptr body
 * and the DigitalOcean rename action, and each provider's error body.
 */
class ReverseDnsTest {
    private static final String TOKEN = "tok-Secret-123";
    private static final String READ_ONLY = "ro-Secret-456";

    /** Hetzner Cloud: two servers, one per page; the mail server's addresses on the second. */
    private static final class HetznerCloud {
        final Map<String, String> ptrs = new LinkedHashMap<>(Map.of("198.51.100.7", "static.7.100.51.198.clients.your-server.de"));
        final List<JsonNode> posted = new ArrayList<>();

        StandIn.Response handle(StandIn.Request r) {
            String auth = r.header("Authorization");
            if (!("Bearer " + TOKEN).equals(auth) && !("Bearer " + READ_ONLY).equals(auth)) {
                return StandIn.Response.json(401, Map.of("error", Map.of("code", "unauthorized", "message", "unable to authenticate")));
            }
            if (r.method().equals("GET") && r.path().equals("/v1/servers")) {
                int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
                Object server = page == 1
                        ? Map.of("id", 1, "name", "web", "public_net", Map.of("ipv4", Map.of("ip", "192.0.2.5", "dns_ptr", "web.example.net"),
                                "ipv6", Map.of("ip", "2001:db8:5::/64", "dns_ptr", List.of())))
                        : Map.of("id", 2, "name", "mail", "public_net", Map.of("ipv4", Map.of("ip", "198.51.100.7", "dns_ptr", ptrs.get("198.51.100.7")),
                                "ipv6", Map.of("ip", "2001:db8:7::/64", "dns_ptr", ptrs.containsKey("2001:db8:7::1")
                                        ? List.of(Map.of("ip", "2001:db8:7::1", "dns_ptr", ptrs.get("2001:db8:7::1"))) : List.of())));
                return StandIn.Response.json(200, Map.of("servers", List.of(server), "meta", Map.of("pagination",
                        page == 1 ? Map.of("page", 1, "per_page", 1, "next_page", 2, "last_page", 2)
                                : Map.of("page", 2, "per_page", 1, "last_page", 2))));
            }
            if (r.method().equals("POST") && r.path().equals("/v1/servers/2/actions/change_dns_ptr")) {
                if (("Bearer " + READ_ONLY).equals(auth)) {
                    return StandIn.Response.json(403, Map.of("error", Map.of("code", "forbidden", "message", "insufficient permissions")));
                }
                assertThat(r.header("Content-Type")).startsWith("application/json");
                JsonNode body = r.json();
                posted.add(body);
                assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("ip", "dns_ptr");
                ptrs.put(body.path("ip").asText(), body.path("dns_ptr").asText());
                return StandIn.Response.json(201, Map.of("action", Map.of("id", 13, "command", "change_dns_ptr", "status", "running")));
            }
            return StandIn.Response.json(404, Map.of("error", Map.of("code", "not_found", "message", "not found")));
        }
    }

    @Test
    void hetznerCloudFindsTheServerOnAnyPageAndSetsBothFamilies() throws Exception {
        HetznerCloud cloud = new HetznerCloud();
        try (StandIn s = new StandIn(cloud::handle)) {
            HetznerCloudReverseDns rdns = new HetznerCloudReverseDns(s.uri("/v1"), TOKEN.toCharArray(), HttpClient.newHttpClient());
            InetAddress v4 = InetAddress.getByName("198.51.100.7");
            InetAddress v6 = InetAddress.getByName("2001:db8:7::1");
            assertThat(rdns.ptr(v4)).contains("static.7.100.51.198.clients.your-server.de");
            assertThat(rdns.ptr(v6)).isEmpty();
            rdns.setPtr(v4, "Mail.Example.com.");
            rdns.setPtr(v6, "mail.example.com");
            assertThat(rdns.ptr(v4)).contains("mail.example.com");
            assertThat(rdns.ptr(v6)).contains("mail.example.com");
            assertThat(cloud.posted).extracting(b -> b.path("ip").asText()).containsExactly("198.51.100.7", "2001:db8:7::1");
            assertThatThrownBy(() -> rdns.ptr(InetAddress.getByName("203.0.113.9"))).isInstanceOfSatisfying(DnsProviderException.class,
                    e -> assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.NO_ZONE));
        }
    }

    @Test
    void hetznerCloudNamesTheMissingRightAndNeverTheToken() throws Exception {
        try (StandIn s = new StandIn(new HetznerCloud()::handle)) {
            InetAddress v4 = InetAddress.getByName("198.51.100.7");
            assertThatThrownBy(() -> new HetznerCloudReverseDns(s.uri("/v1"), READ_ONLY.toCharArray(), HttpClient.newHttpClient())
                    .setPtr(v4, "mail.example.com")).isInstanceOfSatisfying(DnsProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.PERMISSION);
                        assertThat(e.getMessage()).contains("Read & Write").doesNotContain(READ_ONLY);
                    });
            assertThatThrownBy(() -> new HetznerCloudReverseDns(s.uri("/v1"), "wrong".toCharArray(), HttpClient.newHttpClient()).ptr(v4))
                    .isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.LOGIN));
        }
    }

    /** DigitalOcean: droplets one per page through links.pages.next; a rename changes the name (and so the PTR). */
    private static final class DigitalOcean {
        String mailName = "ubuntu-s-1vcpu-1gb-fra1-01";
        final List<JsonNode> actions = new ArrayList<>();
        String base;

        StandIn.Response handle(StandIn.Request r) {
            String auth = r.header("Authorization");
            if (!("Bearer " + TOKEN).equals(auth) && !("Bearer " + READ_ONLY).equals(auth)) {
                return StandIn.Response.json(401, Map.of("id", "unauthorized", "message", "Unable to authenticate you."));
            }
            if (r.method().equals("GET") && r.path().equals("/v2/droplets")) {
                int page = Integer.parseInt(r.query().getOrDefault("page", "1"));
                Object droplet = page == 1
                        ? Map.of("id", 10, "name", "web.example.net", "networks", Map.of("v4", List.of(Map.of("ip_address", "192.0.2.5", "type", "public")), "v6", List.of()))
                        : Map.of("id", 11, "name", mailName, "networks", Map.of("v4", List.of(Map.of("ip_address", "10.114.0.2", "type", "private"),
                                Map.of("ip_address", "198.51.100.8", "type", "public")), "v6", List.of(Map.of("ip_address", "2001:db8:8::10", "type", "public"))));
                Map<String, Object> links = page == 1 ? Map.of("pages", Map.of("next", base + "/droplets?page=2&per_page=200")) : Map.of();
                return StandIn.Response.json(200, Map.of("droplets", List.of(droplet), "links", links, "meta", Map.of("total", 2)));
            }
            if (r.method().equals("POST") && r.path().equals("/v2/droplets/11/actions")) {
                if (("Bearer " + READ_ONLY).equals(auth)) {
                    return StandIn.Response.json(403, Map.of("id", "forbidden", "message", "You are not authorized to perform this operation"));
                }
                JsonNode body = r.json();
                actions.add(body);
                assertThat(body.path("type").asText()).isEqualTo("rename");
                mailName = body.path("name").asText();
                return StandIn.Response.json(201, Map.of("action", Map.of("id", 99, "type", "rename", "status", "in-progress")));
            }
            return StandIn.Response.json(404, Map.of("id", "not_found", "message", "The resource you were accessing could not be found."));
        }
    }

    @Test
    void digitalOceanReadsThePtrAsTheDropletsNameAndRenamesIt() throws Exception {
        DigitalOcean d = new DigitalOcean();
        try (StandIn s = new StandIn(d::handle)) {
            d.base = s.uri("/v2").toString();
            DigitalOceanReverseDns rdns = new DigitalOceanReverseDns(s.uri("/v2"), TOKEN.toCharArray(), HttpClient.newHttpClient());
            InetAddress v4 = InetAddress.getByName("198.51.100.8");
            assertThat(rdns.ptr(v4)).as("a name that is not a FQDN gives no PTR").isEmpty();
            rdns.setPtr(v4, "mail.example.com");
            assertThat(rdns.ptr(v4)).contains("mail.example.com");
            assertThat(rdns.ptr(InetAddress.getByName("2001:db8:8::10"))).contains("mail.example.com");
            assertThat(d.actions).hasSize(1);
            assertThatThrownBy(() -> rdns.ptr(InetAddress.getByName("10.114.0.2"))).as("a private address is no public one")
                    .isInstanceOfSatisfying(DnsProviderException.class, e -> assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.NO_ZONE));
            assertThatThrownBy(() -> new DigitalOceanReverseDns(s.uri("/v2"), READ_ONLY.toCharArray(), HttpClient.newHttpClient())
                    .setPtr(v4, "mail.example.com")).isInstanceOfSatisfying(DnsProviderException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.PERMISSION);
                        assertThat(e.getMessage()).contains("droplet:update").doesNotContain(READ_ONLY);
                    });
        }
    }

    @Test
    void reverseNamesGiveTheirAddressBack() throws Exception {
        for (String a : List.of("198.51.100.7", "2001:db8:7::1", "2a01:4f8:c17:1234::2")) {
            InetAddress address = InetAddress.getByName(a);
            assertThat(ReverseNames.address(org.xbill.DNS.ReverseMap.fromAddress(address).toString())).isEqualTo(address);
        }
        assertThatThrownBy(() -> ReverseNames.address("100.51.198.in-addr.arpa")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishingSetsTheReverseDnsThatDiffersAndSaysSo() throws Exception {
        java.util.Map<InetAddress, String> held = new java.util.HashMap<>();
        InetAddress v4 = InetAddress.getByName("198.51.100.7");
        InetAddress v6 = InetAddress.getByName("2001:db8:7::1");
        held.put(v4, "static.example.net");
        held.put(v6, "mail.example.com");
        List<String> set = new ArrayList<>();
        ReverseDnsProvider hosting = new ReverseDnsProvider() {
            @Override public String name() { return "Hetzner Cloud"; }
            @Override public java.util.Optional<String> ptr(InetAddress a) { return java.util.Optional.ofNullable(held.get(a)); }
            @Override public void setPtr(InetAddress a, String host) { set.add(a.getHostAddress() + " " + host); held.put(a, host); }
        };
        DnsProvider zone = new DnsProvider() {
            @Override public String name() { return "fake"; }
            @Override public String zoneOf(String name) { return "example.com"; }
            @Override public List<RecordSet> read(String z) { return List.of(); }
            @Override public void apply(String z, List<RecordChange> changes) { }
        };
        org.mailwright.dns.MailDnsSetup setup = new org.mailwright.dns.MailDnsSetup("mail.example.com", List.of("example.com"),
                List.of(v4, v6), Map.of(), org.mailwright.dns.DnsOptions.defaults());
        DnsPublisher publisher = new DnsPublisher(zone, java.util.Optional.of(hosting));
        PublishPlan plan = publisher.plan(new org.mailwright.dns.RecordPlanner().plan(setup));
        assertThat(plan.elsewhere()).isEmpty();
        assertThat(plan.describe()).contains("Reverse DNS at Hetzner Cloud:", "~ 198.51.100.7 PTR static.example.net -> mail.example.com",
                "= 2001:db8:7::1 PTR mail.example.com (already right)");
        assertThat(plan.summary()).endsWith(", 1 reverse DNS to set");
        publisher.apply(plan, (m, d, t) -> { });
        assertThat(set).containsExactly("198.51.100.7 mail.example.com");
        assertThat(publisher.plan(new org.mailwright.dns.RecordPlanner().plan(setup)).reverse()).noneMatch(ReverseChange::writes);
    }
}
