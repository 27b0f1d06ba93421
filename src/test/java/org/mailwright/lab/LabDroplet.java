package org.mailwright.lab;

import java.nio.file.Path;
import java.util.stream.Stream;

/** TEMP stub so SshLabTest compiles in the ssh branch; the lab branch's real one replaces it. */
public final class LabDroplet implements AutoCloseable {
    public record ExecResult(int exitCode, String output) {
    }

    public static LabDroplet up(String suite) {
        throw new UnsupportedOperationException("TEMP stub: the lab fixture lives in another branch");
    }

    public static Stream<String> suites() {
        return Stream.of("bookworm", "trixie");
    }

    public String host() { throw new UnsupportedOperationException(); }

    public int sshPort() { throw new UnsupportedOperationException(); }

    public String rootPassword() { throw new UnsupportedOperationException(); }

    public String adminUser() { throw new UnsupportedOperationException(); }

    public String adminPassword() { throw new UnsupportedOperationException(); }

    public Path sshKey() { throw new UnsupportedOperationException(); }

    public String hostKeySha256() { throw new UnsupportedOperationException(); }

    public ExecResult exec(String... argv) { throw new UnsupportedOperationException(); }

    @Override
    public void close() {
    }
}
