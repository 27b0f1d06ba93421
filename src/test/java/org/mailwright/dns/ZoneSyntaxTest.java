package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mailwright.model.ServerSpec.MtaStsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.accounts.DkimKeyGenerator;

/**
 * Every way a record is printed (the zone snippet, one record's line as plan notes and check fixes print it) is
 * loaded by BIND's own parser, named-checkzone, and what it loaded is compared with what was meant: a 2048- and a
 * 4096-bit DKIM key must arrive whole, as several strings of at most 255 bytes.
 */
class ZoneSyntaxTest {
    @TempDir
    Path dir;

    private static DkimPublicKey key(int bits) {
        DkimKeyGenerator.DkimKey k = DkimKeyGenerator.generate(bits);
        return DkimPublicKey.fromPem("dkim", k.publicBase64());
    }

    private DnsPlan plan(DkimPublicKey com, DkimPublicKey org) throws Exception {
        MailDnsSetup setup = new MailDnsSetup("mail.example.com", List.of("example.com", "example.org"),
                List.of(InetAddress.getByName("192.0.2.10"), InetAddress.getByName("2001:db8::10")),
                Map.of("example.com", com, "example.org", org),
                DnsOptions.defaults().withMtaSts(MtaStsMode.TESTING).withTlsRpt(true).withClientDiscovery(true));
        return new RecordPlanner().plan(setup);
    }

    /** named-checkzone's load of {@code records} as zone {@code origin}, dumped in canonical form, or the failure. */
    private String load(String origin, String records) throws Exception {
        Path zone = dir.resolve(origin + "-" + System.nanoTime() + ".zone");
        Files.writeString(zone, "$TTL 3600\n" + origin + ". IN SOA ns1." + origin + ". hostmaster." + origin + ". 1 3600 600 86400 300\n"
                + origin + ". IN NS ns1." + origin + ".\nns1." + origin + ". IN A 192.0.2.53\n" + records);
        Process p = new ProcessBuilder(LoopbackDns.requireBinary("named-checkzone", "bind9-utils"), "-D", "-o", "-", origin, zone.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(records + "\n" + out).isZero();
        return out;
    }

    @Test
    void theZoneSnippetLoadsAndCarriesEveryDkimKeyWhole() throws Exception {
        DkimPublicKey k2048 = key(2048);
        DkimPublicKey k4096 = key(4096);
        DnsPlan plan = plan(k2048, k4096);
        for (String origin : List.of("example.com", "example.org")) {
            // the snippet is one file for every domain; each zone loads its own part (a real zone file holds one domain)
            String part = new DnsPlan(plan.forDomain(origin)).toZoneSnippet();
            String loaded = load(origin, part);
            DkimPublicKey k = origin.equals("example.com") ? k2048 : k4096;
            assertThat(joinedTxt(loaded, "dkim._domainkey." + origin + ".")).isEqualTo(k.recordValue());
        }
    }

    @Test
    void everyRecordLineLoadsAsWritten() throws Exception {
        DnsPlan plan = plan(key(2048), key(4096));
        for (PlannedRecord r : plan.records()) {
            if (r.where() == PlannedRecord.Where.HOSTING_PROVIDER) {
                continue;
            }
            String origin = r.name().endsWith("example.org") ? "example.org" : "example.com";
            String loaded = load(origin, r.zoneLine() + "\n");
            if (r.isTxt()) {
                assertThat(joinedTxt(loaded, r.name() + ".")).as(r.zoneLine()).isEqualTo(r.value());
                assertThat(r.strings()).allSatisfy(s -> assertThat(s.getBytes(StandardCharsets.US_ASCII).length).isLessThanOrEqualTo(255));
            }
        }
    }

    /** The TXT strings of {@code owner} in named-checkzone's dump, joined as a verifier joins them. */
    private static String joinedTxt(String dump, String owner) {
        java.util.regex.Pattern record = java.util.regex.Pattern.compile("^" + java.util.regex.Pattern.quote(owner) + "\\s+\\d+\\s+IN\\s+TXT\\s+(.*)$");
        String rdata = dump.lines().map(record::matcher).filter(java.util.regex.Matcher::matches).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no TXT for " + owner + " in\n" + dump));
        StringBuilder joined = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(rdata);
        while (m.find()) {
            joined.append(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return joined.toString();
    }
}
