package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptTest {

    @Test
    void masksRegisteredSecretsInCommandsAndOutput() {
        Transcript t = new Transcript();
        t.addSecret("hunter2-long");
        t.exec(Command.script("echo hunter2-long"));
        t.output("the password hunter2-long was used");
        assertThat(t.render()).doesNotContain("hunter2-long").contains(Transcript.REDACTED);
    }

    @Test
    void neverRecordsSecretStdin() {
        Transcript t = new Transcript();
        t.exec(Command.of("sudo", "-S", "true").withSecretStdin("s3cret-pass".getBytes()));
        assertThat(t.render()).doesNotContain("s3cret-pass").contains("secret on stdin");
    }

    @Test
    void masksPrivateKeysAndBcryptHashesByShape() {
        Transcript t = new Transcript();
        t.output("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----");
        t.output("john@example.com:$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv::::::");
        String text = t.render();
        assertThat(text).doesNotContain("b3BlbnNzaC1rZXktdjEAAAAA").doesNotContain("$2b$12$abcdefghij");
        assertThat(text).contains("john@example.com:" + Transcript.REDACTED);
    }

    @Test
    void savesReadableByOwnerOnly(@TempDir Path dir) throws Exception {
        Transcript t = new Transcript();
        t.note("hello");
        Path file = dir.resolve("sub/run.log");
        t.save(file);
        assertThat(Files.readString(file)).contains("# hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
