package org.mailwright.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mailwright.remote.Shell;
import org.mailwright.remote.Transcript;

class SecretsTest {
    private static String unique(String base) {
        return base + "-" + UUID.randomUUID();
    }

    @Test
    void masksWhatWasRegisteredAnywhereInTheProcess() {
        String pw = unique("pw'\"$(id)");
        assertThat(Secrets.redact("said " + pw)).contains(pw);
        Secrets.register(pw.toCharArray());
        assertThat(Secrets.redact("said " + pw + " twice " + pw)).isEqualTo("said [redacted] twice [redacted]");
    }

    @Test
    void masksTheShellQuotedFormWhole() {
        String pw = unique("it's");
        Secrets.register(pw);
        String quoted = Shell.quote(pw);
        assertThat(quoted).doesNotContain(pw);
        assertThat(Secrets.redact("echo " + quoted)).isEqualTo("echo [redacted]");
    }

    @Test
    void aLongerSecretIsNotLeftHalfMasked() {
        String shortOne = unique("abc");
        String longOne = shortOne + "-and-more";
        Secrets.register(shortOne);
        Secrets.register(longOne);
        assertThat(Secrets.redact(longOne)).isEqualTo("[redacted]");
    }

    @Test
    void veryShortValuesAreNotRegisteredProcessWideButATranscriptStillMasksThem() {
        Secrets.register("xyz");
        assertThat(Secrets.redact("xyz")).isEqualTo("xyz");
        Transcript t = new Transcript();
        t.addSecret("qrs");
        t.note("qrs");
        assertThat(t.render()).doesNotContain("qrs");
    }

    @Test
    void aTranscriptsSecretsAreMaskedInLogsAndReportsToo() {
        String pw = unique("ssh-password");
        new Transcript().addSecret(pw);
        assertThat(Secrets.redact("java.io.IOException: auth " + pw)).isEqualTo("java.io.IOException: auth [redacted]");
    }

    @Test
    void masksKeysAndHashesByShapeAndToleratesNull() {
        assertThat(Secrets.redact("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----")).isEqualTo("[redacted]");
        assertThat(Secrets.redact("h=$2y$13$" + "a".repeat(53))).isEqualTo("h=[redacted]");
        assertThat(Secrets.redact(null)).isNull();
    }
}
