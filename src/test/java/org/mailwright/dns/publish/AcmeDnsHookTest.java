package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.render.Template;

/**
 * The DNS-01 hook certbot runs on the server for deSEC and Hetzner DNS (no Debian plugin), run here with this machine's
 * python3 against the same stand-ins the providers are tested against: auth writes the _acme-challenge TXT record,
 * cleanup removes it, other records stay, and a refused token fails without saying the token.
 */
class AcmeDnsHookTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run hook(String action, String provider, String token, String api) throws Exception {
        Path config = Files.writeString(dir.resolve("creds.ini"), "provider = " + provider + "\ntoken = " + token + "\napi = " + api
                + "\npropagation = 0\n");
        Path hook = Files.writeString(dir.resolve("acme-dns-hook"), Template.render("acme-dns-hook.py", Map.of("config", config.toString())));
        ProcessBuilder pb = new ProcessBuilder(org.mailwright.dns.LoopbackDns.requireBinary("python3", "python3"), hook.toString(), action)
                .redirectErrorStream(true);
        pb.environment().put("CERTBOT_DOMAIN", "mail.example.com");
        pb.environment().put("CERTBOT_VALIDATION", "gPe5Lx-validation-value");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void deSecWritesAndRemovesTheChallengeRecord() throws Exception {
        DesecStandIn desec = new DesecStandIn();
        try (StandIn s = desec.server) {
            String api = s.uri("/api/v1").toString();
            int before = desec.domains.get("example.com").size();
            Run auth = hook("auth", "desec", ProviderContractTest.GOOD, api);
            assertThat(auth.exit()).as(auth.out()).isZero();
            assertThat(desec.domains.get("example.com").get("_acme-challenge.mail TXT").path("records").toString())
                    .contains("gPe5Lx-validation-value");
            Run cleanup = hook("cleanup", "desec", ProviderContractTest.GOOD, api);
            assertThat(cleanup.exit()).as(cleanup.out()).isZero();
            assertThat(desec.domains.get("example.com")).doesNotContainKey("_acme-challenge.mail TXT").hasSize(before);
            Run refused = hook("auth", "desec", ProviderContractTest.READ_ONLY, api);
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.out()).contains("HTTP 403").doesNotContain(ProviderContractTest.READ_ONLY);
        }
    }

    @Test
    void hetznerWritesAndRemovesTheChallengeRecord() throws Exception {
        HetznerDnsStandIn hetzner = new HetznerDnsStandIn();
        try (StandIn s = hetzner.server) {
            String api = s.uri("/api/v1").toString();
            int before = hetzner.records.size();
            Run auth = hook("auth", "hetzner", ProviderContractTest.GOOD, api);
            assertThat(auth.exit()).as(auth.out()).isZero();
            List<String> challenge = hetzner.records.values().stream().filter(r -> r.path("name").asText().equals("_acme-challenge.mail"))
                    .map(r -> r.path("value").asText()).toList();
            assertThat(challenge).containsExactly("\"gPe5Lx-validation-value\"");
            Run cleanup = hook("cleanup", "hetzner", ProviderContractTest.GOOD, api);
            assertThat(cleanup.exit()).as(cleanup.out()).isZero();
            assertThat(hetzner.records).hasSize(before);
            Run wrong = hook("auth", "hetzner", "wrong-token-value", api);
            assertThat(wrong.exit()).isNotZero();
            assertThat(wrong.out()).contains("HTTP 401").doesNotContain("wrong-token-value");
        }
    }
}
