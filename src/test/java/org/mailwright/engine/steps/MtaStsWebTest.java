package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailwright.facts.ServerFacts.Release;

/** What the MTA-STS step reads off the server, as data: resolver answers, certificate names, the fetched policy. */
class MtaStsWebTest {

    @Test
    void readsGetentAnswersPerName() {
        var m = MtaStsWeb.parseResolved("mta-sts.example.com 203.0.113.7 2001:db8:0:0::7 \nautoconfig.example.com \n");
        assertThat(m.get("mta-sts.example.com")).containsExactly("203.0.113.7", "2001:db8:0:0:0:0:0:7");
        assertThat(m.get("autoconfig.example.com")).isEmpty();
    }

    @Test
    void readsTheCertificatesDnsNames() {
        assertThat(MtaStsWeb.sanNames("X509v3 Subject Alternative Name: \n    DNS:autoconfig.example.com, DNS:MTA-STS.example.com\n"))
                .isEqualTo(Set.of("autoconfig.example.com", "mta-sts.example.com"));
        assertThat(MtaStsWeb.sanNames("")).isEmpty();
    }

    @Test
    void readsAnHttpResponse() {
        var f = MtaStsWeb.Fetched.parse("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(f.status()).isEqualTo(200);
        assertThat(f.contentType()).isEqualTo("text/plain");
        assertThat(f.body()).isEqualTo("hello");
        assertThat(MtaStsWeb.Fetched.parse("").status()).isEqualTo(-1);
        assertThat(MtaStsWeb.Fetched.parse("HTTP/1.1 404 Not Found\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void nginxLightOnDebian12AndNginxOn13() {
        assertThat(MtaStsWeb.nginxPackage(Release.BOOKWORM)).isEqualTo("nginx-light");
        assertThat(MtaStsWeb.nginxPackage(Release.TRIXIE)).isEqualTo("nginx");
    }
}
