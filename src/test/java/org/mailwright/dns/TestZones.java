package org.mailwright.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The DNS world of the loopback tests: one domain right, one wrong in each way, one half-propagated. The server is
 * mail.good.test at 192.0.2.10 (TEST-NET-1, RFC 5737); nothing here leaves 127.0.0.0/8.
 */
final class TestZones implements AutoCloseable {
    static final String HOST = "mail.good.test";
    static final String SERVER_IP = "192.0.2.10";

    final LoopbackDns dns = new LoopbackDns();
    InetSocketAddress named;
    int authPort;

    static MailDnsSetup setup(String domain) {
        return setup(HOST, domain, SERVER_IP, TestKeys.serverKey());
    }

    static MailDnsSetup setup(String host, String domain, String ip, DkimPublicKey key) {
        try {
            return new MailDnsSetup(host, List.of(domain), List.of(InetAddress.getByName(ip)), Map.of(domain, key), DnsOptions.defaults());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static DkimPublicKey bigKey() {
        return DkimPublicKey.fromPem("mail", TestKeys.resource("dkim4096.pub.pem"));
    }

    /** The zone lines the planner writes for a setup, as a zone file body: the right answer by construction. */
    static String planned(MailDnsSetup setup) {
        return new RecordPlanner().plan(setup).toZoneSnippet().lines()
                .filter(l -> !l.startsWith(";") && !l.isBlank()).collect(Collectors.joining("\n")) + "\n";
    }

    private static String dkim(DkimPublicKey key, String domain) {
        return "mail._domainkey." + domain + ". TXT " + TxtStrings.zoneQuoteAll(TxtStrings.split(key.recordValue())) + "\n";
    }

    /** MX, SPF, DKIM and DMARC all right for mail.good.test; each wrong domain overrides one. */
    private static String rightBut(String domain, String mx, String spf, String dkim, String dmarc) {
        return domain + ". MX " + (mx == null ? "10 " + HOST + "." : mx) + "\n"
                + domain + ". TXT " + TxtStrings.zoneQuoteAll(TxtStrings.split(spf == null ? "v=spf1 mx -all" : spf)) + "\n"
                + (dkim == null ? dkim(TestKeys.serverKey(), domain) : dkim)
                + "_dmarc." + domain + ". TXT " + TxtStrings.zoneQuote(dmarc == null ? "v=DMARC1; p=quarantine; rua=mailto:postmaster@" + domain : dmarc) + "\n";
    }

    TestZones start() throws IOException, InterruptedException {
        Map<String, String> z = LoopbackDns.zones();
        z.put("good.test", LoopbackDns.zone("good.test", 1, planned(setup("good.test"))
                + "big-txt TXT " + TxtStrings.zoneQuoteAll(TxtStrings.split("x".repeat(700))) + "\n"));
        z.put("2.0.192.in-addr.arpa", LoopbackDns.zone("2.0.192.in-addr.arpa", 1,
                "10 PTR " + HOST + ".\n"            // right
                        + "11 PTR mail.wrong-a.test.\n"
                        + "30 PTR " + HOST + ".\n"  // names the host, but the host does not resolve to .30
                        + "40 PTR host40.provider.test.\n")); // the provider's default name; .20 has none
        z.put("wrong-a.test", LoopbackDns.zone("wrong-a.test", 1, "mail A 203.0.113.99\n"
                + rightBut("wrong-a.test", "10 mail.wrong-a.test.", "v=spf1 ip4:192.0.2.11 -all", null, null)));
        z.put("wrong-mx.test", LoopbackDns.zone("wrong-mx.test", 1,
                rightBut("wrong-mx.test", "10 mx.elsewhere.test.", "v=spf1 ip4:192.0.2.10 -all", null, null)));
        z.put("wrong-spf.test", LoopbackDns.zone("wrong-spf.test", 1, rightBut("wrong-spf.test", null, "v=spf1 ip4:198.51.100.0/24 -all", null, null)));
        StringBuilder many = new StringBuilder();
        StringBuilder spf = new StringBuilder("v=spf1");
        for (int i = 1; i <= 11; i++) {
            spf.append(" include:i").append(i).append(".many-lookups.test");
            many.append("i").append(i).append(" TXT \"v=spf1 ip4:203.0.113.").append(i).append(" -all\"\n");
        }
        z.put("many-lookups.test", LoopbackDns.zone("many-lookups.test", 1, many
                + rightBut("many-lookups.test", null, spf + " mx -all", null, null)));
        z.put("wrong-dkim.test", LoopbackDns.zone("wrong-dkim.test", 1,
                rightBut("wrong-dkim.test", null, null, dkim(TestKeys.otherKey(), "wrong-dkim.test"), null)));
        z.put("bad-dmarc.test", LoopbackDns.zone("bad-dmarc.test", 1,
                rightBut("bad-dmarc.test", null, null, null, "v=DMARC1; p=block; rua=mailto:postmaster@bad-dmarc.test")));
        z.put("big-dkim.test", LoopbackDns.zone("big-dkim.test", 1, rightBut("big-dkim.test", null, null, dkim(bigKey(), "big-dkim.test"), null)));
        // a zone named cannot load answers SERVFAIL: what a resolver says for a broken or lame delegation
        z.put("broken.test", "$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns.broken.test.\nthis line is not a record\n");
        // the parent's view of half.test: its two name servers, and the stale data a cache would still hold
        z.put("half.test", "$ORIGIN half.test.\n$TTL 300\n@ SOA ns1.half.test. hostmaster.half.test. 2024010101 3600 600 86400 300\n"
                + "@ NS ns1.half.test.\n@ NS ns2.half.test.\nns1 A 127.0.0.2\nns2 A 127.0.0.3\n"
                + rightBut("half.test", "10 old-mx.half.test.", null, null, null));
        // listed with a name server on 127.0.0.1, where no authoritative server listens on the test port: lame
        z.put("lame.test", LoopbackDns.zone("lame.test", 1, rightBut("lame.test", null, null, null, null)));
        named = dns.startNamed(z);

        authPort = LoopbackDns.freePort("127.0.0.2", "127.0.0.3");
        String dkimStrings = String.join(",", TxtStrings.split(TestKeys.serverKey().recordValue())); // no commas inside: dnsmasq splits strings at commas
        List<String> common = new ArrayList<>(List.of(
                "--txt-record=half.test,v=spf1 mx -all",
                "--txt-record=_dmarc.half.test,v=DMARC1; p=quarantine; rua=mailto:postmaster@half.test",
                "--txt-record=mail._domainkey.half.test," + dkimStrings));
        List<String> fresh = new ArrayList<>(common);
        fresh.add("--mx-host=half.test," + HOST + ",10");
        List<String> stale = new ArrayList<>(common);
        stale.add("--mx-host=half.test,old-mx.half.test,10");
        dns.startDnsmasq("127.0.0.2", authPort, "half.test", 2024010102, fresh);
        dns.startDnsmasq("127.0.0.3", authPort, "half.test", 2024010101, stale);
        return this;
    }

    ResolverChoice viaNamed() {
        return new ResolverChoice.Server(named);
    }

    ResolverChoice authoritative() {
        return new ResolverChoice.Authoritative(viaNamed(), authPort);
    }

    @Override
    public void close() {
        dns.close();
    }
}
