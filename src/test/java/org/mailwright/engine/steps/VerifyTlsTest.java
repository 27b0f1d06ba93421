package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/**
 * Verify's TLS check: its script runs here under {@code sh} against a stand-in {@code openssl} that answers per port,
 * and its output becomes one finding per port. The real openssl and ports are the lab's (MailServerLabTest).
 */
class VerifyTlsTest {
    // 465 and 587 right; 993 offers no TLS; 25 still takes TLS 1.1; STARTTLS words only where they belong
    private static final String OPENSSL = """
            #!/bin/sh
            case "$1" in
              s_client)
                port=$(echo "$*" | sed -n 's/.*-connect [^ ]*:\\([0-9]*\\) .*/\\1/p')
                case "$port:$*" in 587:*"-starttls smtp"*|25:*"-starttls smtp"*|465:*|993:*) ;; *) exit 1 ;; esac
                case "$port:$*" in 465:*starttls*|993:*starttls*) exit 1 ;; esac
                case "$*" in *-tls1_1*) [ "$port" = 25 ] && exit 0; exit 1 ;; esac
                [ "$port" = 993 ] && exit 1
                echo "CERT $port" ;;
              x509)
                read -r l || { echo "Could not read certificate from <stdin>"; exit 1; }
                printf 'X509v3 Subject Alternative Name: \\n    DNS:mail.example.com\\n' ;;
            esac
            """;

    @Test
    void everyPortIsAskedAtOnceAndEachGetsItsOwnFinding(@TempDir Path dir) throws IOException, InterruptedException {
        String out = StandInCommands.run(dir, Verify.tlsScript("203.0.113.7", "mail.example.com"), Map.of("openssl", OPENSSL));

        List<Finding> found = Verify.tlsFindings(out, "mail.example.com");
        assertThat(found).extracting(Finding::check).containsExactly("TLS on 465", "TLS on 587", "TLS on 993", "TLS on 25");
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.OK, Severity.OK, Severity.ERROR, Severity.WARN);
        assertThat(found.get(3).message()).isEqualTo("TLS 1.1 is still accepted");
        assertThat(found.get(2).message()).isEqualTo("no TLS with the certificate for mail.example.com on port 993");
        // another name on the certificate is no TLS for this host
        assertThat(Verify.tlsFindings(out, "mx.example.org")).extracting(Finding::severity).containsOnly(Severity.ERROR);
    }

    @Test
    void aPortTheScriptDidNotAnswerForHasNoTls() {
        List<Finding> found = Verify.tlsFindings("@@tls 465 0 1\nX509v3 Subject Alternative Name: \n    DNS:mail.example.com\n\n", "mail.example.com");
        assertThat(found).extracting(Finding::severity).containsExactly(Severity.OK, Severity.ERROR, Severity.ERROR, Severity.ERROR);
    }
}
