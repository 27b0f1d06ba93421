package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sudo path, with a stand-in {@code id} (says uid 1000) and {@code sudo} (wants its password on the first stdin
 * line, records that it ran, then runs the command) first on PATH. The real sudo is covered by the lab test.
 */
class SshSudoTest {
    private static final String SUDO_PASSWORD = "sudo-pass-7781";
    @TempDir
    Path dir;
    private TestSshServer server;
    private Path sudoLog;

    @BeforeEach
    void start() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        sudoLog = dir.resolve("sudo.log");
        script(bin.resolve("id"), "#!/bin/sh\nif [ \"$1\" = -u ]; then echo 1000; else exec /usr/bin/id \"$@\"; fi\n");
        script(bin.resolve("sudo"), """
                #!/bin/sh
                nopass=0
                while [ $# -gt 0 ]; do
                  case "$1" in -k|-S) shift;; -n) nopass=1; shift;; -p) shift 2;; --) shift; break;; *) break;; esac
                done
                if [ $nopass = 1 ]; then echo 'sudo: a password is required' >&2; exit 1; fi
                IFS= read -r pw || exit 1
                if [ "$pw" != '%s' ]; then echo 'Sorry, try again.' >&2; exit 1; fi
                echo "$*" >> '%s'
                exec "$@"
                """.formatted(SUDO_PASSWORD, sudoLog));
        server = TestSshServer.builder().user("admin").password("login-pass-3321")
                .commandPrefix("PATH=" + bin + ":$PATH; export PATH; ").start();
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        SshTestSupport.assertNoConnectionThreadsLeft();
    }

    private SshRemoteHost connect(String sudoPassword) {
        SshTarget t = new SshTarget("127.0.0.1", server.port(), "admin", Auth.password(server.password.toCharArray()),
                sudoPassword == null ? null : sudoPassword.toCharArray());
        return SshRemoteHost.connect(t, new HostKeyStore(dir.resolve("known_hosts")), k -> true);
    }

    @Test
    void runsCommandsThroughSudoWithPasswordFirstThenTheCommandsStdin() throws Exception {
        try (SshRemoteHost host = connect(SUDO_PASSWORD)) {
            CommandResult r = host.exec(Command.of("cat").withStdin("payload line\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(r.stdout()).isEqualTo("payload line\n");
            assertThat(Files.readString(sudoLog)).contains("sh -c cat");
            assertThat(host.transcript().render()).contains("$ cat").doesNotContain(SUDO_PASSWORD).doesNotContain("sudo -k");
        }
    }

    @Test
    void wrongSudoPasswordStopsAtConnect() {
        assertThatThrownBy(() -> connect("not-the-sudo-pass"))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageStartingWith("sudo refused admin on 127.0.0.1: the sudo password is wrong")
                .hasMessageNotContaining("not-the-sudo-pass");
    }

    @Test
    void loginPasswordIsTriedForSudoWhenNoneIsGiven() {
        // the stand-in sudo wants SUDO_PASSWORD, so the login password must be refused (and not leak)
        assertThatThrownBy(() -> connect(null))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageNotContaining(server.password);
    }

    @Test
    void readsAndUploadsThroughSudo() throws Exception {
        try (SshRemoteHost host = connect(SUDO_PASSWORD)) {
            Path f = dir.resolve("secret.conf");
            host.uploadAtomic(f.toString(), "a=1\n".getBytes(StandardCharsets.UTF_8), 0440, "root", "root");
            assertThat(Files.readString(f)).isEqualTo("a=1\n");
            assertThat(SshTestSupport.run("stat", "-c", "%a %U %G", f.toString())).isEqualTo("440 root root\n");
            assertThat(host.read(f.toString())).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("a=1\n"));
            assertThat(Files.readString(sudoLog)).contains("install -T -m 0440").contains("cat --");
            // many files in one command: the sudo password is the first stdin line, the files' bytes follow it
            Path a = dir.resolve("a.key");
            Path b = dir.resolve("b.key");
            host.uploadAtomic(List.of(new RemoteHost.Upload(a.toString(), "A-bytes\n".getBytes(StandardCharsets.UTF_8), 0440, "root", "root"),
                    new RemoteHost.Upload(b.toString(), "B-bytes".getBytes(StandardCharsets.UTF_8), 0600, "root", "root")));
            assertThat(Files.readString(a)).isEqualTo("A-bytes\n");
            assertThat(Files.readString(b)).isEqualTo("B-bytes");
            assertThat(SshTestSupport.run("stat", "-c", "%a", b.toString())).isEqualTo("600\n");
            assertThat(Files.readString(sudoLog)).doesNotContain("A-bytes").doesNotContain(SUDO_PASSWORD);
        }
    }
}
