package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The lab itself: a droplet of each suite boots, resolves its own name, serves long TXT, and runs pebble. */
@LabTest
class LabDropletTest {

    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void dropletIsAFreshDebianWithDnsAndAcme(String suite) throws Exception {
        try (LabDroplet d = LabDroplet.up(suite)) {
            System.err.println("[lab] " + suite + " timings: " + d.env().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_SECONDS")).map(Object::toString).toList());

            LabDroplet.ExecResult osRelease = d.exec("cat", "/etc/os-release");
            assertThat(osRelease.exitCode()).isZero();
            assertThat(osRelease.output()).contains("VERSION_CODENAME=" + suite + "\n");

            // inside the droplet, through /etc/resolv.conf -> the gateway's dnsmasq
            LabDroplet.ExecResult resolved = d.exec("getent", "ahostsv4", d.mailHost());
            assertThat(resolved.exitCode()).as(resolved.errors()).isZero();
            assertThat(resolved.output()).startsWith(d.host() + " ");
            assertThat(d.exec("sh", "-c", "hostname; cat /etc/resolv.conf").output())
                    .startsWith("mail\n").contains("nameserver " + d.gateway());

            // from here, straight to the droplet's DNS server
            SimpleResolver resolver = new SimpleResolver(d.dnsServer());
            resolver.setTimeout(Duration.ofSeconds(5));
            assertThat(answers(resolver, d.mailHost(), Type.A)).extracting(Record::rdataToString)
                    .containsExactly(d.host());
            assertThat(answers(resolver, d.domain(), Type.MX)).extracting(Record::rdataToString)
                    .containsExactly("10 " + d.mailHost() + ".");

            // a DKIM-sized value (> 255 bytes) comes back as several strings of one record
            StringBuilder value = new StringBuilder("v=DKIM1; k=rsa; p=");
            while (value.length() < 400) {
                value.append("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA");
            }
            value.setLength(400);
            String fqdn = "mail._domainkey." + d.domain();
            d.addTxt(fqdn, value.toString());
            List<Record> txt = answers(resolver, fqdn, Type.TXT);
            assertThat(txt).hasSize(1);
            List<String> strings = ((TXTRecord) txt.get(0)).getStrings();
            assertThat(strings).hasSizeGreaterThan(1).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(255));
            assertThat(String.join("", strings)).isEqualTo(value.toString());

            // pebble's directory over HTTPS, trusting only ACME_CA
            HttpClient http = HttpClient.newBuilder().sslContext(LabMailServer.trusting(Files.readAllBytes(d.acmeCa())))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> dir = http.send(HttpRequest.newBuilder(d.acmeDirectory())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dir.statusCode()).isEqualTo(200);
            assertThat(dir.body()).contains("newAccount", "newOrder");
            assertThat(Files.readString(d.acmeRoot())).startsWith("-----BEGIN CERTIFICATE-----");

            assertThat(d.hostKeySha256()).startsWith("SHA256:");
            assertThat(Files.isReadable(d.sshKey())).isTrue();

            // a reboot starts a new PID 1 on the same disk: /run is empty again, /root kept, DNS still answers
            assertThat(d.exec("sh", "-c", "touch /run/lab-boot-marker /root/lab-disk-marker").ok()).isTrue();
            // PID 1's start time in clock ticks (proc(5), /proc/PID/stat field 22): ps's lstart has whole seconds, and a
            // fast reboot starts the new PID 1 within the same second
            String pid1Before = d.exec("sh", "-c", "cut -d' ' -f22 /proc/1/stat").output();
            Duration took = d.reboot();
            System.err.println("[lab] " + suite + " reboot: " + took.toMillis() + " ms");
            assertThat(d.env()).containsEntry("REBOOTS", "1");
            assertThat(d.exec("test", "-e", "/run/lab-boot-marker").ok()).as("/run survived the reboot").isFalse();
            assertThat(d.exec("test", "-e", "/root/lab-disk-marker").ok()).as("the disk survived the reboot").isTrue();
            assertThat(d.exec("sh", "-c", "cut -d' ' -f22 /proc/1/stat").output()).isNotBlank().isNotEqualTo(pid1Before);
            assertThat(d.exec("systemctl", "is-active", "ssh").output().strip()).isEqualTo("active");
            assertThat(d.exec("getent", "ahostsv4", d.mailHost()).output()).startsWith(d.host() + " ");
        }
    }

    private static List<Record> answers(SimpleResolver resolver, String name, int type) throws Exception {
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type, DClass.IN)));
        assertThat(response.getRcode()).as(name + " rcode").isEqualTo(Rcode.NOERROR);
        return response.getSection(Section.ANSWER);
    }
}
