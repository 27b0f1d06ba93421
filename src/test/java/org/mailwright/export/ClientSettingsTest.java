package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.mailwright.export.ClientSettings.Endpoint;
import org.mailwright.export.ClientSettings.Security;
import org.mailwright.model.MailPorts;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    @Test
    void pointsEveryClientAtTheSpecsHostname() {
        ClientSettings s = ClientSettings.from(ExportFixtures.SPEC);
        assertThat(s.imap().host()).isEqualTo("mail.example.com");
        assertThat(s.submission().host()).isEqualTo("mail.example.com");
        assertThat(s.submissionAlternative().host()).isEqualTo("mail.example.com");
    }

    @Test
    void usesThePortsMailwrightConfigures() {
        ClientSettings s = ClientSettings.from(ExportFixtures.SPEC);
        assertThat(s.imap()).isEqualTo(new Endpoint("mail.example.com", MailPorts.IMAPS, Security.SSL_TLS));
        assertThat(s.submission()).isEqualTo(new Endpoint("mail.example.com", MailPorts.SUBMISSION, Security.STARTTLS));
        assertThat(s.submissionAlternative()).isEqualTo(new Endpoint("mail.example.com", MailPorts.SUBMISSIONS, Security.SSL_TLS));
        assertThat(s.manageSieve()).isEqualTo(new Endpoint("mail.example.com", 4190, Security.STARTTLS));
        // the numbers clients are told today; a change here must be a change of the server too
        assertThat(new int[] {s.imap().port(), s.submission().port(), s.submissionAlternative().port()}).containsExactly(993, 587, 465);
    }

    @Test
    void loginIsTheFullAddress() {
        assertThat(new ClientAccount("john@example.com", "John Doe").username()).isEqualTo("john@example.com");
    }

    @Test
    void refusesANameWithLineBreaks() {
        assertThatThrownBy(() -> new ClientAccount("john@example.com", "John\nDoe"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("john@example.com");
    }
}
