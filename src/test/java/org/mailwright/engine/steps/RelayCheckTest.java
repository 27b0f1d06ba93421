package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec.RelaySettings;
import org.mailwright.model.Severity;
import org.mailwright.remote.CommandResult;

/** Verify's relay check as data: the relay's answers in, a finding that says what was seen out. */
class RelayCheckTest {
    private static final RelaySettings SUBMISSION = new RelaySettings("smtp.relay.example.net", 587, "ops@example.com", "/p", List.of(), Optional.empty());
    private static final RelaySettings SMTPS = new RelaySettings("smtp.relay.example.net", 465, "ops@example.com", "/p", List.of(), Optional.empty());
    private static final String TO = "postmaster@example.com";

    private static Finding seen(String output, int exit) {
        return RelayCheck.finding(SUBMISSION, TO, new CommandResult("x", exit, output, ""));
    }

    @Test
    void readsThePasswordOnTheServerAndChecksTheCertificateAgainstTheRelaysName() {
        String line = RelayCheck.command(SUBMISSION, TO, TO, "mail.example.com", "t1").line();
        assertThat(line).contains("/etc/mail/secrets", "-verify_return_error", "-verify_hostname smtp.relay.example.net", "-starttls smtp",
                "-connect smtp.relay.example.net:587").doesNotContain("no-verify");
        assertThat(RelayCheck.command(SMTPS, TO, TO, "mail.example.com", "t1").line()).doesNotContain("-starttls")
                .contains("-connect smtp.relay.example.net:465");
    }

    @Test
    void aTakenLoginAndMessageIsOkWithTheRelaysAnswer() {
        Finding f = seen("250-smtp.relay.example.net\n250 AUTH PLAIN LOGIN\n235 2.7.0 Authentication successful\n250 2.0.0 Ok\n250 2.1.5 Ok\n"
                + "354 End data with <CR><LF>.<CR><LF>\n250 2.0.0 Ok: queued as 4F2B1\n221 2.0.0 Bye\n", 0);
        assertThat(f.severity()).isEqualTo(Severity.OK);
        assertThat(f.message()).contains("took the login and a test message to " + TO, "250 2.0.0 Ok: queued as 4F2B1");
    }

    @Test
    void aRefusedLoginIsAnErrorThatNamesTheKeysToCheck() {
        Finding f = seen("250 AUTH PLAIN LOGIN\n535 5.7.8 Error: authentication failed: bad credentials\n503 5.5.1 Error: need AUTH\n", 0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("refused the login: 535 5.7.8");
        assertThat(f.fix()).contains("relay.user", "relay.password-file");
    }

    @Test
    void anUntrustedCertificateOrNoAnswerSayWhatWasSeen() {
        assertThat(seen("depth=0 CN = other.example\nverify error:num=62:hostname mismatch\n", 1).message()).contains("not trusted", "hostname mismatch");
        Finding none = seen("connect:errno=111\n", 1);
        assertThat(none.severity()).isEqualTo(Severity.ERROR);
        assertThat(none.message()).contains("could not log in to the relay smtp.relay.example.net:587", "errno=111");
        assertThat(seen("", 124).message()).contains("no answer (exit 124)");
        assertThat(seen("mailwright: no relay line in /etc/mail/secrets\n", 3).message()).contains("has no relay login");
    }

    @Test
    void aMessageRefusedAfterTheLoginSaysSo() {
        Finding f = seen("235 2.7.0 Authentication successful\n250 2.1.0 Ok\n554 5.7.1 Sender domain not verified\n", 0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("took the login but not the test message", "554 5.7.1 Sender domain not verified");
    }
}
