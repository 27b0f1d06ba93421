package org.mailwright.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailwright.model.ServerSpec;

/** The spec kept on the server and on the recovery sheet reads back as the same spec. */
class SpecWriterTest {
    static final String FULL = """
            server: { host: 203.0.113.7, port: 2222, user: admin, identity: ~/.ssh/id_ed25519 }
            hostname: mail.example.com
            domains: [example.com, example.org]
            dkim: { selector: s2026, bits: 4096 }
            users:
              - { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" }
              - { address: jane@example.org, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv", reset-password: true }
            aliases: { info@example.com: john@example.com, team@example.com: [john@example.com, "x@elsewhere.org"] }
            tls: { mode: certbot, email: john@example.com, acme-server: "https://acme.test/dir", acme-ca: /tmp/ca.pem }
            spam: { reject: 12.5, add-header: 5, greylist: 3 }
            filters: { dyndns: reject, rdns: off, fcrdns: junk, senderscore: off }
            firewall: { extra-ports: [8443, 2222] }
            root-mail: john@example.com
            backup: { daily: 3, weekly: 2, monthly: 12, offsite: "sftp:backup@vault.example.net:/srv/mail" }
            protection: { ssh: true, maxretry: 3, findtime: 30m, bantime: 2d, ignore: [198.51.100.0/24, "2001:db8::7"] }
            ipv6: { send: off }
            mta-sts: { mode: testing }
            relay: { host: smtp.relay.example.net, port: 465, user: "ops@example.com", password-file: ~/.config/relay-password,
                     domains: [outlook.com, hotmail.com], spf-include: spf.relay.example.net }
            dns: { provider: rfc2136, server: "ns1.example.net:5353", key-file: ~/.config/mailwright/tsig.key, key-name: mailwright,
                   hosting: hetzner-cloud, hosting-token-file: ~/.config/mailwright/hcloud-token }
            """;

    @Test
    void aFullSpecReadsBackEqual() {
        ServerSpec spec = SpecReader.read(FULL);
        String written = SpecWriter.write(spec, "kept for restores\nsecond line");
        assertThat(written).startsWith("# kept for restores\n# second line\n");
        assertThat(SpecReader.read(written)).isEqualTo(spec);
        assertThat(spec.dnsProvider().orElseThrow().server()).contains("ns1.example.net:5353");
    }

    @Test
    void aMinimalSpecReadsBackEqualWithItsDefaultsSpelledOut() {
        ServerSpec spec = SpecReader.read("""
                server: { host: "10.0.0.1" }
                hostname: mail.example.com
                domains: [example.com]
                users: [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
                tls: { mode: self-signed }
                """);
        String written = SpecWriter.write(spec, "x");
        assertThat(SpecReader.read(written)).isEqualTo(spec);
        assertThat(written).contains("daily: 7").contains("selector: dkim").doesNotContain("offsite").doesNotContain("protection").doesNotContain("ipv6")
                .doesNotContain("mta-sts");
    }

    @Test
    void aHostThatLooksLikeANumberStaysAString() {
        ServerSpec spec = SpecReader.read(FULL.replace("host: 203.0.113.7", "host: \"1234\""));
        assertThat(SpecReader.read(SpecWriter.write(spec, "x")).server().host()).isEqualTo("1234");
    }
}
