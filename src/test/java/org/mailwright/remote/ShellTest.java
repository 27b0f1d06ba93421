package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void leavesPlainWordsBare() {
        assertThat(Shell.quote("/etc/mail/smtpd.conf")).isEqualTo("/etc/mail/smtpd.conf");
        assertThat(Shell.join(List.of("stat", "-c", "%a"))).isEqualTo("stat -c %a");
    }

    @Test
    void quotesEmptyWord() {
        assertThat(Shell.quote("")).isEqualTo("''");
    }

    @Test
    void refusesNul() {
        assertThatThrownBy(() -> Shell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The real test of quoting: a real sh must hand the word back byte for byte and run nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"a'b\"c$(id)", "`touch /tmp/mailwright-pwned`", "; rm -rf /", "x\ny", "$HOME ~ * ?",
            "back\\slash", "'", "''", "tab\there", "ünïcödé €", "-n", "!event"})
    void realShellGetsWordBackIntact(String word) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "printf '%s' " + Shell.quote(word)).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(word);
        assertThat(new java.io.File("/tmp/mailwright-pwned")).doesNotExist();
    }
}
