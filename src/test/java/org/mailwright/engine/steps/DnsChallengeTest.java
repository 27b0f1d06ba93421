package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.spec.SpecReader;

/** Which challenge, package, credentials and certbot arguments each DNS provider gets. */
class DnsChallengeTest {
    @TempDir
    Path dir;

    private ServerSpec spec(String dns) {
        return SpecReader.read("""
                server:   { host: 203.0.113.7, user: root }
                hostname: mail.example.com
                domains:  [example.com]
                users:    [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
                tls:      { mode: certbot, email: john@example.com }
                """ + dns + "\n");
    }

    private StepContext ctx() {
        return new StepContext(new FakeRemoteHost(), Cancel.NEVER, new Facts(), RunListener.NONE);
    }

    @Test
    void cloudflareAndDigitalOceanUseTheirDebianPlugins() throws Exception {
        Path token = Files.writeString(dir.resolve("cf"), "cf-Token-987\n");
        ServerSpec cf = spec("dns: { provider: cloudflare, token-file: " + token + " }");
        assertThat(DnsChallenge.applies(cf)).isTrue();
        assertThat(DnsChallenge.pluginPackage(cf)).contains("python3-certbot-dns-cloudflare");
        assertThat(DnsChallenge.certbotArgs(cf)).containsExactly("--authenticator", "dns-cloudflare", "--dns-cloudflare-credentials",
                "/etc/letsencrypt/mailwright-cloudflare.ini", "--dns-cloudflare-propagation-seconds", "30");
        assertThat(DnsChallenge.credentials(ctx(), cf)).contains("dns_cloudflare_api_token = cf-Token-987\n");
        assertThat(DnsChallenge.hook(cf)).isEmpty();
        ServerSpec digo = spec("dns: { provider: digitalocean, token-file: " + token + " }");
        assertThat(DnsChallenge.credentials(ctx(), digo)).contains("dns_digitalocean_token = cf-Token-987\n");
        assertThat(DnsChallenge.certbotArgs(digo)).contains("--authenticator", "dns-digitalocean");
    }

    @Test
    void deSecAndHetznerGetTheHookWithItsConfig() throws Exception {
        Path token = Files.writeString(dir.resolve("desec"), "desec-Token-1\n");
        ServerSpec desec = spec("dns: { provider: desec, token-file: " + token + " }");
        assertThat(DnsChallenge.pluginPackage(desec)).isEmpty();
        assertThat(DnsChallenge.certbotArgs(desec)).containsExactly("--manual", "--preferred-challenges", "dns", "--manual-auth-hook",
                "/usr/local/lib/mailwright/acme-dns-hook auth", "--manual-cleanup-hook", "/usr/local/lib/mailwright/acme-dns-hook cleanup");
        assertThat(DnsChallenge.hook(desec).orElseThrow()).startsWith("#!/usr/bin/python3")
                .contains("CONFIG = \"/etc/letsencrypt/mailwright-desec.ini\"");
        assertThat(DnsChallenge.credentials(ctx(), desec)).contains("provider = desec\ntoken = desec-Token-1\n");
    }

    @Test
    void withoutADnsProviderOrWithoutCertbotItIsHttp01() {
        assertThat(DnsChallenge.applies(spec(""))).isFalse();
        ServerSpec selfSigned = SpecReader.read("""
                server:   { host: 203.0.113.7, user: root }
                hostname: mail.example.com
                domains:  [example.com]
                users:    [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
                tls:      { mode: self-signed }
                dns:      { provider: rfc2136, server: 192.0.2.53, key-file: /k }
                """);
        assertThat(DnsChallenge.applies(selfSigned)).isFalse();
    }
}
