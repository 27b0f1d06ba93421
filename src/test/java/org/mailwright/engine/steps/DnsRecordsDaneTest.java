package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.dns.DnssecState;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.remote.FakeRemoteHost;

/** The DANE input comes from the certificate file on the server: its SPKI digest, as openssl computes it. */
class DnsRecordsDaneTest {
    static final String CERT = "/etc/letsencrypt/live/mail.example.com/fullchain.pem";

    private static MailDnsSetup plain() throws Exception {
        return new MailDnsSetup("mail.example.com", List.of("example.com"), List.of(InetAddress.getByName("192.0.2.10")), Map.of(), null);
    }

    /** A DNS server that is not there: the zone's state is unknown, so nothing would be published. */
    private static ResolverChoice nobody() {
        return new ResolverChoice.Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9));
    }

    @Test
    void theServersCertificateGivesTheSpkiDigestOpensslGives(@TempDir Path dir) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=mail.example.com"
                + " -keyout key.pem -out cert.pem 2>/dev/null && openssl x509 -in cert.pem -pubkey -noout"
                + " | openssl pkey -pubin -outform der | sha256sum").directory(dir.toFile()).start();
        String digest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\\s+")[0];
        assertThat(p.waitFor()).isZero();
        FakeRemoteHost host = new FakeRemoteHost().file(CERT, Files.readString(dir.resolve("cert.pem")), 0644, "root", "root");

        MailDnsSetup setup = DnsRecords.withDane(plain(), host, CERT, nobody());
        assertThat(setup.dane()).isEqualTo(new MailDnsSetup.Dane(digest, DnssecState.UNKNOWN));
    }

    @Test
    void withoutACertificateOnTheServerThereIsNoDaneInput() throws Exception {
        assertThat(DnsRecords.withDane(plain(), new FakeRemoteHost(), CERT, nobody()).dane()).isNull();
        FakeRemoteHost garbage = new FakeRemoteHost().file(CERT, "not a certificate", 0644, "root", "root");
        assertThat(DnsRecords.withDane(plain(), garbage, CERT, nobody()).dane()).isNull();
    }
}
