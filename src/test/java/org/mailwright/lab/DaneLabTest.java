package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * Issue 19, DANE (RFC 7672): the TLSA value Mailwright computes from the server is the SHA-256 of the SubjectPublicKeyInfo
 * of the certificate smtpd really presents on port 25 (fetched from this machine with {@code openssl s_client -starttls
 * smtp}), and it stays right across a renewal, because certbot reuses the key. One droplet per release (mwn-dane-SUITE).
 *
 * <p>The lab's DNS (dnsmasq) is not signed and passes no DNSSEC records, so no TLSA record is planned for publishing
 * there: {@code check} says so and names the record a signed zone would get, which is the value compared here. That the
 * record is planned and checked in a secure zone is shown on loopback with a signed zone (DnssecLoopbackTest).
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaneLabTest {
    static final String PASSWORD = "Dane-Lab-19";
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwn-dane-", PASSWORD).requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    private static String cli(Installed i, String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks"}, 0, all, args.length, 6);
        String[] out = new String[1];
        LabMailServer.cli(out, null, all);
        return out[0];
    }

    /** The TLSA value (the SPKI digest) {@code check} names for the mail host. */
    private static String plannedDigest(Installed i, String checkOutput) {
        Matcher m = Pattern.compile("(?m)^\\s*ok\\s+TLSA _25\\._tcp\\." + Pattern.quote(i.droplet().mailHost()) + ": .*3 1 1 ([0-9a-f]{64})")
                .matcher(checkOutput);
        assertThat(m.find()).as("check names the TLSA value:\n" + checkOutput).isTrue();
        return m.group(1);
    }

    /** The certificate smtpd presents after STARTTLS on port 25: its serial and the SHA-256 of its SPKI. */
    private record Served(String serial, String spkiSha256) {
    }

    private static Served served(Installed i) {
        LabDroplet d = i.droplet();
        String script = "c=$(timeout 20 openssl s_client -starttls smtp -connect " + d.host() + ":25 -servername " + d.mailHost()
                + " </dev/null 2>/dev/null | openssl x509) || exit 1; echo \"$c\" | openssl x509 -noout -serial;"
                + " echo \"$c\" | openssl x509 -noout -pubkey | openssl pkey -pubin -outform der | sha256sum";
        SecurityLabTest.HostResult r = SecurityLabTest.hostCommand(Duration.ofSeconds(40), List.of("sh", "-c", script));
        assertThat(r.exit()).as(r.output()).isZero();
        Matcher serial = Pattern.compile("serial=([0-9A-F]+)").matcher(r.output());
        Matcher digest = Pattern.compile("(?m)^([0-9a-f]{64})\\s").matcher(r.output());
        assertThat(serial.find() && digest.find()).as(r.output()).isTrue();
        return new Served(serial.group(1), digest.group(1));
    }

    private static final java.util.Map<String, Served> BEFORE = new java.util.concurrent.ConcurrentHashMap<>();

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void theTlsaValueFromTheServerIsTheDigestOfTheKeySmtpdPresents(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "DaneLabTest");
        Installed i = SERVERS.get(suite);
        String check = cli(i, "check");
        Served s = served(i);
        assertThat(plannedDigest(i, check)).isEqualTo(s.spkiSha256());
        // the lab's zone is not signed (and its DNS passes no DNSSEC records): no TLSA is planned, the zone check is fine
        assertThat(check).containsPattern("(?m)^\\s*ok\\s+DNSSEC " + Pattern.quote(i.droplet().domain()) + ": ");
        assertThat(i.firstRun()).doesNotContain("\tIN\tTLSA\t");
        // certbot keeps the key on renewal
        assertThat(i.droplet().exec("grep", "-x", "reuse_key = True", "/etc/letsencrypt/renewal/" + i.droplet().mailHost() + ".conf")
                .exitCode()).isZero();
        BEFORE.put(suite, s);
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void afterAForcedRenewalTheNewCertificateHasTheSameKeySoTheTlsaValueStillMatches(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "DaneLabTest");
        Installed i = SERVERS.get(suite);
        Served before = BEFORE.containsKey(suite) ? BEFORE.get(suite) : served(i);
        // the renewal configuration names pebble and the droplet trusts its CA (apply installed it), so this is what the
        // timer runs; without a terminal certbot first sleeps up to 8 minutes, which --no-random-sleep-on-renew skips
        LabDroplet.ExecResult renew = i.droplet().exec(Duration.ofMinutes(3), "certbot", "renew", "--force-renewal", "--non-interactive", "--no-random-sleep-on-renew",
                "--cert-name", i.droplet().mailHost());
        assertThat(renew.exitCode()).as(renew.output() + renew.errors()).isZero();
        Served after = served(i);
        for (int n = 0; n < 30 && after.serial().equals(before.serial()); n++) {
            Thread.sleep(1000); // the deploy hook restarted smtpd; give it a moment to listen again
            after = served(i);
        }
        assertThat(after.serial()).as("smtpd presents the renewed certificate").isNotEqualTo(before.serial());
        assertThat(after.spkiSha256()).as("same key").isEqualTo(before.spkiSha256());
        assertThat(plannedDigest(i, cli(i, "check"))).isEqualTo(after.spkiSha256());
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aSecondApplyChangesNothing(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "DaneLabTest");
        Installed i = SERVERS.get(suite);
        assertThat(cli(i, "apply")).contains("Nothing to change");
    }
}
