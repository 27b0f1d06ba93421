package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.dns.LoopbackDns;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * Issue 19: with {@code dns: { provider: rfc2136 }} the certificate comes by the ACME DNS-01 challenge. A real BIND on
 * the droplet's gateway holds example.com (TSIG key from tsig-keygen); the lab's DNS sends the droplet's and pebble's
 * questions for {@code _acme-challenge.mail.example.com} there. apply installs certbot's Debian plugin, writes its
 * credentials as a secret file, and pebble validates the TXT record certbot wrote in BIND: port 80 is never opened,
 * not at issuance, not at a forced renewal. One droplet per release (mwc-SUITE).
 */
@LabTest
class DnsChallengeLabTest {
    private static final String PASSWORD = "Dns01-Lab-Pass-9";

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void theCertificateComesByDns01AndPort80NeverOpens(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "bookworm", "DnsChallengeLabTest");
        try (LabDroplet d = LabDroplet.up(suite, "mwc-" + suite); LoopbackDns dns = new LoopbackDns()) {
            Process keygen = new ProcessBuilder(LoopbackDns.requireBinary("tsig-keygen", "bind9"), "mailwright-acme").start();
            String key = new String(keygen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(keygen.waitFor()).isZero();
            String secret = key.substring(key.indexOf("secret \"") + 8, key.lastIndexOf('"'));
            Path keyFile = Files.writeString(Files.createTempDirectory("mailwright-lab-dns01").resolve("tsig.key"), key);
            Map<String, String> zones = LoopbackDns.zones();
            zones.put(d.domain(), LoopbackDns.zone(d.domain(), 1, "mail A " + d.host() + "\n"));
            var named = dns.startNamed(d.gateway(), zones, key,
                    "update-policy { grant mailwright-acme zonesub TXT; }; allow-transfer { key mailwright-acme; };");
            d.forwardDns("_acme-challenge." + d.mailHost(), d.gateway(), named.getPort());

            Installed i = LabMailServer.apply(d, LabMailServer.USER, PASSWORD, d.sshPort(), (droplet, spec, knownHosts) ->
                    Files.writeString(spec, Files.readString(spec) + "dns: { provider: rfc2136, server: \"" + d.gateway() + ":"
                            + named.getPort() + "\", key-file: " + keyFile + " }\n"));
            assertThat(i.firstExit()).as(i.firstRun()).isZero();

            String conf = d.exec("cat", "/etc/letsencrypt/renewal/" + d.mailHost() + ".conf").output();
            assertThat(conf).contains("authenticator = dns-rfc2136").contains("dns_rfc2136_credentials = /etc/letsencrypt/mailwright-rfc2136.ini");
            assertThat(d.exec("stat", "-c", "%a %U", "/etc/letsencrypt/mailwright-rfc2136.ini").output().strip()).isEqualTo("600 root");
            assertThat(d.exec("openssl", "x509", "-in", "/etc/letsencrypt/live/" + d.mailHost() + "/fullchain.pem", "-noout", "-issuer")
                    .output()).containsIgnoringCase("pebble");
            assertThat(Files.readString(dns.dir().resolve("named.log"))).contains("_acme-challenge." + d.mailHost());
            assertThat(d.exec("ufw", "status").output()).doesNotContainPattern("(?m)^80\\b");
            assertThat(Files.readString(i.transcript())).doesNotContain(secret);
            assertThat(i.firstRun()).doesNotContain(secret);

            // what the renewal timer runs: DNS-01 again, and the pre hook leaves port 80 alone
            LabDroplet.ExecResult renew = d.exec(Duration.ofMinutes(3), "certbot", "renew", "--force-renewal", "--non-interactive",
                    "--no-random-sleep-on-renew", "--cert-name", d.mailHost());
            assertThat(renew.exitCode()).as(renew.output() + renew.errors()).isZero();
            assertThat(d.exec("ufw", "status").output()).doesNotContainPattern("(?m)^80\\b");

            String[] out = new String[1];
            int exit = LabMailServer.cli(out, null, "apply", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                    "--dns-server", d.gateway(), "--no-internet-checks");
            assertThat(exit).as(out[0]).isZero();
            assertThat(out[0]).contains("Nothing to change");
        }
    }
}
