package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Logging in with real key files made by ssh-keygen. */
class SshKeyAuthTest {
    @TempDir
    Path dir;
    private TestSshServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        SshTestSupport.assertNoConnectionThreadsLeft();
    }

    private Path authorize(Path key) throws Exception {
        Path authorized = dir.resolve("authorized_keys");
        Files.writeString(authorized, Files.readString(Path.of(key + ".pub")), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return authorized;
    }

    private SshRemoteHost connect(Auth auth) {
        return SshRemoteHost.connect(new SshTarget("127.0.0.1", server.port(), "root", auth),
                new HostKeyStore(dir.resolve("known_hosts")), k -> true);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "ed25519, , ''",
            "rsa, , ''",
            "rsa, PEM, ''",
            "ecdsa, , ''",
            "ecdsa, PEM, ''",
            "ed25519, , 'pass phrase 1'",
            "rsa, PEM, 'pass phrase 2'",
            "ecdsa, , 'pass phrase 3'",
    })
    void logsInWithKey(String type, String format, String passphrase) throws Exception {
        Path key = SshTestSupport.keygen(dir, "id_" + type, type, format, passphrase);
        server = TestSshServer.builder().authorizedKeys(authorize(key)).start();
        try (SshRemoteHost host = connect(Auth.keyFile(key, passphrase.isEmpty() ? null : passphrase.toCharArray()))) {
            assertThat(host.exec(Command.of("echo", "in")).stdout()).isEqualTo("in\n");
            if (!passphrase.isEmpty()) {
                host.exec(Command.of("echo", passphrase));
                assertThat(host.transcript().render()).doesNotContain(passphrase);
            }
        }
    }

    @Test
    void protectedKeyWithoutPassphraseAsksForIt() throws Exception {
        Path key = SshTestSupport.keygen(dir, "id_locked", "ed25519", null, "secret words");
        server = TestSshServer.builder().authorizedKeys(authorize(key)).start();
        assertThatThrownBy(() -> connect(Auth.keyFile(key)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("The key file " + key + " is protected by a passphrase: enter it.");
        assertThat(server.commands).isEmpty();
    }

    @Test
    void wrongPassphraseIsNamedAsSuch() throws Exception {
        Path key = SshTestSupport.keygen(dir, "id_locked", "ed25519", null, "secret words");
        server = TestSshServer.builder().authorizedKeys(authorize(key)).start();
        assertThatThrownBy(() -> connect(Auth.keyFile(key, "wrong words".toCharArray())))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageStartingWith("The passphrase for the key file " + key + " is wrong")
                .hasMessageNotContaining("wrong words");
    }

    @Test
    void keyNotAuthorizedSaysWhereItShouldBe() throws Exception {
        Path allowed = SshTestSupport.keygen(dir, "id_allowed", "ed25519", null, "");
        Path other = SshTestSupport.keygen(dir, "id_other", "ed25519", null, "");
        server = TestSshServer.builder().authorizedKeys(authorize(allowed)).start();
        assertThatThrownBy(() -> connect(Auth.keyFile(other)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("The server refused the key " + other + " for root@127.0.0.1:" + server.port() + ". Is its public key ("
                        + other + ".pub) in ~root/.ssh/authorized_keys on the server?");
    }

    @Test
    void notAKeyFileIsReportedBeforeConnecting() throws Exception {
        Path junk = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        server = TestSshServer.builder().start();
        assertThatThrownBy(() -> connect(Auth.keyFile(junk)))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("not a private key Mailwright understands");
    }
}
