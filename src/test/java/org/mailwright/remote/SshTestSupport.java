package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers the SSH tests share: real ssh-keygen keys, and a check that no connection thread is left behind. */
public final class SshTestSupport {
    private SshTestSupport() {
    }

    /** Runs a local program and returns its stdout; fails the test when it fails. */
    static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", argv), out).isZero();
        return out;
    }

    /** {@code ssh-keygen -t type [-m format]} into dir; returns the private key file. */
    public static Path keygen(Path dir, String name, String type, String format, String passphrase) throws Exception {
        Path key = dir.resolve(name);
        List<String> argv = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString()));
        if (type.equals("rsa")) {
            argv.addAll(List.of("-b", "2048"));
        }
        if (format != null) {
            argv.addAll(List.of("-m", format));
        }
        run(argv.toArray(String[]::new));
        return key;
    }

    /** Waits until the threads of SshRemoteHost and sshj are gone: closing a host must not leak any. */
    public static void assertNoConnectionThreadsLeft() throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .map(Thread::getName)
                    .filter(n -> n.startsWith("mailwright-ssh-io") || n.startsWith("sshj-") || n.contains("KeepAlive"))
                    .toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(left).as("threads left after close").isEmpty();
    }
}
