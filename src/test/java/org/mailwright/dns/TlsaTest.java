package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLSA value from a certificate (RFC 6698 section 2.1), and where the planner puts it (RFC 7672 section 3.1). */
class TlsaTest {

    /** A certificate made by openssl, and its SPKI digest by the pipeline the DANE guides give. */
    private static String[] certAndOpensslDigest(Path dir, String... newKey) throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "req", "-x509"));
        cmd.addAll(List.of(newKey));
        cmd.addAll(List.of("-nodes", "-days", "2", "-subj", "/CN=mail.example.com", "-keyout", key.toString(), "-out", cert.toString()));
        run(dir, cmd.toArray(String[]::new));
        String digest = run(dir, "sh", "-c", "openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | sha256sum")
                .split("\\s+")[0];
        return new String[] {Files.readString(cert), digest};
    }

    private static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void spkiDigestOfAnEcdsaCertificateIsWhatOpensslComputes(@TempDir Path dir) throws Exception {
        String[] c = certAndOpensslDigest(dir, "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
        assertThat(Tlsa.spkiSha256(c[0])).hasSize(64).isEqualTo(c[1]);
    }

    @Test
    void spkiDigestOfAnRsaCertificateIsWhatOpensslComputes(@TempDir Path dir) throws Exception {
        String[] c = certAndOpensslDigest(dir, "-newkey", "rsa:2048");
        assertThat(Tlsa.spkiSha256(c[0])).isEqualTo(c[1]);
    }

    @Test
    void firstCertificateOfAFullchainIsTheServers(@TempDir Path dir) throws Exception {
        String[] server = certAndOpensslDigest(dir, "-newkey", "rsa:2048");
        Path other = Files.createDirectory(dir.resolve("other"));
        String[] ca = certAndOpensslDigest(other, "-newkey", "rsa:2048");
        assertThat(Tlsa.spkiSha256(server[0] + ca[0])).isEqualTo(server[1]);
    }

    @Test
    void somethingElseThanACertificateIsRefused() {
        assertThatThrownBy(() -> Tlsa.spkiSha256("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PEM certificate");
    }

    private static MailDnsSetup setup(DnssecState hostZone) throws Exception {
        return new MailDnsSetup("mail.example.com", List.of("example.com"), List.of(InetAddress.getByName("192.0.2.10")), Map.of(), null)
                .withDane(new MailDnsSetup.Dane("AB".repeat(32), hostZone));
    }

    @Test
    void plannerPlansTheDaneEeSpkiSha256RecordWhenTheHostsZoneIsSecure() throws Exception {
        List<PlannedRecord> tlsa = new RecordPlanner().plan(setup(DnssecState.SECURE)).records().stream()
                .filter(r -> r.type().equals("TLSA")).toList();
        assertThat(tlsa).hasSize(1);
        assertThat(tlsa.get(0).zoneLine()).isEqualTo("_25._tcp.mail.example.com.\t3600\tIN\tTLSA\t3 1 1 " + "ab".repeat(32));
        assertThat(tlsa.get(0).reason()).contains("DANE", "reuses the key");
    }

    @Test
    void plannerPlansNoTlsaWhenTheHostsZoneIsNotSecureOrTheKeyUnknown() throws Exception {
        for (DnssecState s : List.of(DnssecState.INSECURE, DnssecState.BOGUS, DnssecState.UNKNOWN)) {
            assertThat(new RecordPlanner().plan(setup(s)).records()).as(s.name()).extracting(PlannedRecord::type).doesNotContain("TLSA");
        }
        assertThat(new RecordPlanner().plan(setup(DnssecState.SECURE).withDane(null)).records()).extracting(PlannedRecord::type)
                .doesNotContain("TLSA");
    }
}
