package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.dns.MtaStsPolicy;
import org.mailwright.dns.RecordPlanner;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.model.ServerSpec.MtaStsMode;

/**
 * Issue 19, MTA-STS (RFC 8461) and TLS-RPT (RFC 8460), on one live server per release (mwm-SUITE) set up with
 * {@code mta-sts: { mode: testing }}. Before the first apply the lab's DNS gets {@code mta-sts.example.com} and
 * {@code autoconfig.example.com} pointing at the droplet, and the {@code _mta-sts} and {@code _smtp._tls} records the
 * plan asks for; pebble issues the policy hosts' certificate over HTTP-01. The policy is then fetched from this host
 * as a sender would, over HTTPS trusting only the lab's ACME root ({@code ACME_ROOT}).
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MtaStsLabTest {
    static final String PASSWORD = "Mta-Sts-Lab-19";
    static final String POLICY_HOST = "mta-sts.example.com";

    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwm-", PASSWORD)
            .before(-1, (d, spec, knownHosts) -> {
                Files.writeString(spec, "mta-sts:  { mode: testing }\n", StandardOpenOption.APPEND);
                d.addA(POLICY_HOST, d.host());
                d.addA("autoconfig." + d.domain(), d.host());
                MtaStsPolicy policy = MtaStsPolicy.of(MtaStsMode.TESTING, d.mailHost());
                d.addTxt("_mta-sts." + d.domain(), RecordPlanner.mtaStsRecord(policy));
                d.addTxt("_smtp._tls." + d.domain(), RecordPlanner.tlsRptRecord(d.domain()));
            })
            .requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    /** An HTTPS answer: status, content type and body. */
    record Answer(int status, String contentType, String body, String headers) {
    }

    /** {@code curl} from this host to the droplet for {@code name} (--resolve), trusting only the lab's ACME root. */
    static Answer fetch(LabDroplet d, String name, String path, String... extra) throws Exception {
        Path headers = Files.createTempFile("mwm-headers", ".txt");
        List<String> argv = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--cacert", d.acmeRoot().toString(),
                "--resolve", name + ":443:" + d.host(), "-D", headers.toString(), "-w", "\n@@%{http_code} %{content_type}"));
        argv.addAll(List.of(extra));
        argv.add("https://" + name + path);
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        int at = out.lastIndexOf("\n@@");
        String[] tail = out.substring(at + 3).strip().split(" ", 2);
        String h = Files.readString(headers);
        Files.deleteIfExists(headers);
        return new Answer(Integer.parseInt(tail[0]), tail.length > 1 ? tail[1] : "", out.substring(0, at), h);
    }

    private static String cli(Installed i, String command) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, command, i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks");
        if (command.equals("apply")) {
            assertThat(exit).as(out[0]).isZero();
        }
        return out[0];
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void servesAValidTestingPolicyOverHttpsWithACertificateForItsName(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "bookworm", "MtaStsLabTest");
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        assertThat(i.firstRun()).contains("request a certificate for " + POLICY_HOST + ", autoconfig." + d.domain() + " with certbot");

        Answer a = fetch(d, POLICY_HOST, MtaStsPolicy.PATH);
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("text/plain");
        MtaStsPolicy policy = MtaStsPolicy.parse(a.body());
        assertThat(policy.mode()).isEqualTo("testing");
        assertThat(policy.matches(d.mailHost())).as(a.body()).isTrue();
        assertThat(policy.maxAgeSeconds()).isPositive().isLessThanOrEqualTo(MtaStsPolicy.MAX_AGE_LIMIT);
        // the id published in _mta-sts is the one of the text served
        assertThat(MtaStsPolicy.id(a.body())).isEqualTo(MtaStsPolicy.of(MtaStsMode.TESTING, d.mailHost()).id());
        // no version in the Server header
        assertThat(a.headers()).containsPattern("(?im)^server: nginx\\s*$");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void servesAutoconfigAndNothingElse(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "bookworm", "MtaStsLabTest");
        LabDroplet d = SERVERS.get(suite).droplet();
        Answer auto = fetch(d, "autoconfig." + d.domain(), "/mail/config-v1.1.xml?emailaddress=" + LabMailServer.USER);
        assertThat(auto.status()).isEqualTo(200);
        assertThat(auto.body()).contains("<clientConfig").contains("<hostname>" + d.mailHost() + "</hostname>");
        assertThat(fetch(d, POLICY_HOST, "/").status()).isEqualTo(404);
        assertThat(fetch(d, POLICY_HOST, "/.well-known/").status()).isEqualTo(404);
        assertThat(fetch(d, POLICY_HOST, "/etc/passwd").status()).isEqualTo(404);
        assertThat(fetch(d, POLICY_HOST, MtaStsPolicy.PATH, "-X", "POST", "--data", "x").status()).isEqualTo(405);
        // port 80 is left to certbot
        assertThat(d.exec("sh", "-c", "ss -Hltn 'sport = :80' | wc -l").output().strip()).isEqualTo("0");
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void checkIsGreenForMtaStsAndOffersEnforce(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "bookworm", "MtaStsLabTest");
        Installed i = SERVERS.get(suite);
        String out = cli(i, "check");
        assertThat(out).containsPattern("ok +MTA-STS example\\.com: _mta-sts\\.example\\.com announces the policy \\(mode testing")
                .containsPattern("ok +MTA-STS example\\.com host: ")
                .containsPattern("ok +TLS-RPT example\\.com: TLS reports for example\\.com go to mailto:postmaster@example\\.com")
                .containsPattern("ok +MTA-STS policy example\\.com: https://mta-sts\\.example\\.com/\\.well-known/mta-sts\\.txt serves a valid policy")
                .contains("enforce can now be set")
                .doesNotContainPattern("(?i)(warn|error)\\S* +(MTA-STS|TLS-RPT)");
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void secondApplyChangesNothing(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "bookworm", "MtaStsLabTest");
        Installed i = SERVERS.get(suite);
        assertThat(cli(i, "apply")).contains("Nothing to change");
    }
}
