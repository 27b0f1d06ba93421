package org.mailwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwright.Golden;

/** The MTA-STS web server's nginx configuration, compared with a reviewed copy (-Dgolden.update=true rewrites it). */
class PolicyWebServerTest {

    @Test
    void confMatchesReviewedCopy() throws IOException {
        Golden.assertMatches("render", "nginx-mta-sts.conf",
                PolicyWebServer.conf(List.of("example.com", "example.org"), Optional.of(PolicyWebServer.Certificate.CERTBOT), true));
    }

    @Test
    void withoutACertificateOnlyTheRefusingDefaultServerIsWritten() {
        String conf = PolicyWebServer.conf(List.of("example.com"), Optional.empty(), false);
        assertThat(conf).contains("ssl_reject_handshake on;").doesNotContain("server_name").doesNotContain("ssl_certificate")
                .doesNotContain("[::]");
    }

    @Test
    void isHardened() {
        String conf = PolicyWebServer.conf(List.of("example.com"), Optional.of(PolicyWebServer.Certificate.CERTBOT), false);
        assertThat(conf).contains("server_tokens off;").contains("autoindex off;").contains("ssl_protocols TLSv1.2 TLSv1.3;")
                .contains("return 405;").contains("location / {\n        return 404;").doesNotContain("listen 80")
                .doesNotContain(":80");
    }
}
