package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** certbot's common failures, as certbot 2 prints them, become a sentence whose fix matches the cause shown. */
class CertbotFailureTest {
    private static final String LE = "https://acme-v02.api.letsencrypt.org/directory";

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("the server cannot resolve the ACME host",
                        "An unexpected error occurred: requests.exceptions.ConnectionError: HTTPSConnectionPool(host='acme-v02.api.letsencrypt.org', "
                                + "port=443): Max retries exceeded with url: /directory (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection "
                                + "object at 0x7f>: Failed to resolve 'acme-v02.api.letsencrypt.org' ([Errno -3] Temporary failure in name resolution)\"))",
                        "could not look up the ACME server's name acme-v02.api.letsencrypt.org", "resolv.conf"),
                Arguments.of("connection refused by the ACME server",
                        "An unexpected error occurred: ValueError: Requesting 10.200.1.1/dir: Connection refused",
                        "refused the connection", "is the right address"),
                Arguments.of("the ACME server times out",
                        "An unexpected error occurred: requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='acme-v02.api.letsencrypt.org', "
                                + "port=443): Max retries exceeded with url: /directory (Caused by ConnectTimeoutError(..., 'Connection to "
                                + "acme-v02.api.letsencrypt.org timed out. (connect timeout=45)'))",
                        "timed out", "outgoing HTTPS"),
                Arguments.of("the CA finds no DNS record",
                        "Certbot failed to authenticate some domains (authenticator: standalone). The Certificate Authority reported these problems:\n"
                                + "  Domain: mail.example.com\n  Type:   dns\n  Detail: DNS problem: NXDOMAIN looking up A for mail.example.com - check that "
                                + "a DNS record exists for this domain\n\nHint: The Certificate Authority failed to download the challenge files",
                        "could not find the DNS records of mail.example.com (the CA said: DNS problem: NXDOMAIN", "Publish the A record"),
                Arguments.of("the CA cannot connect to port 80",
                        "Domain: mail.example.com\nType: connection\nDetail: 203.0.113.10: Fetching http://mail.example.com/.well-known/acme-challenge/x: Timeout during connect (likely firewall problem)",
                        "could not reach mail.example.com on port 80", "port 80 is open"),
                Arguments.of("another server answers",
                        "Domain: mail.example.com\nType: unauthorized\nDetail: 2001:db8::1: Invalid response from http://mail.example.com/.well-known/acme-challenge/x: 404",
                        "the answer was not from this server", "AAAA"),
                Arguments.of("rate limited",
                        "An unexpected error occurred: Error creating new order :: too many certificates (5) already issued for this exact set of domains "
                                + "in the last 168 hours: mail.example.com, retry after 2026-12-01T10:00:00Z: see https://letsencrypt.org/docs/rate-limits/ "
                                + "urn:ietf:params:acme:error:rateLimited",
                        "too many certificates", "Wait until the limit passes"),
                Arguments.of("a CAA record forbids it",
                        "Domain: mail.example.com\nType: caa\nDetail: CAA record for example.com prevents issuance",
                        "CAA record", "0 issue \"letsencrypt.org\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void commonFailuresBecomeASentenceWithTheFixForTheirCause(String name, String certbotSaid, String message, String fix) {
        CertbotFailure f = CertbotFailure.explain(Tls.lastLines(certbotSaid), LE, "mail.example.com");

        assertThat(f.message()).contains(message).doesNotContain("Error:", "Exception", "HTTPSConnectionPool");
        assertThat(f.fix()).contains(fix).endsWith("run apply again: it retries certbot and switches the mail services to the new certificate.");
    }

    @Test
    void theServerNotResolvingTheAcmeHostIsNotBlamedOnTheARecordOrPort80() {
        CertbotFailure f = CertbotFailure.explain("Failed to resolve 'acme-v02.api.letsencrypt.org' ([Errno -3] Temporary failure in name resolution)",
                LE, "mail.example.com");

        assertThat(f.fix()).doesNotContain("A record", "port 80");
    }

    @Test
    void anUnknownFailureKeepsCertbotsWordsWithoutPythonsNames() {
        CertbotFailure f = CertbotFailure.explain("An unexpected error occurred: KeyError: something odd", LE, "mail.example.com");

        assertThat(f.message()).isEqualTo("something odd");
    }
}
