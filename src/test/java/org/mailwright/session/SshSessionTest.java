package org.mailwright.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.Runner;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.SshTestSupport;
import org.mailwright.remote.TestSshServer;

/** The front door against an in-process Apache MINA sshd: every way of logging in, and the host-key rules. */
class SshSessionTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;
    private TestSshServer server;
    private SshSession session;

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close();
        }
        SshTestSupport.assertNoConnectionThreadsLeft();
    }

    private SshSession session() {
        session = new SshSession(new SshSession.Options(dir.resolve("known_hosts"), new ResolverChoice.SystemDefault(), false));
        return session;
    }

    private Login password(String pw) {
        return new Login("127.0.0.1", server.port(), "root", Optional.empty(), pw.toCharArray(), null);
    }

    private Login key(Path key, String passphrase) {
        return new Login("127.0.0.1", server.port(), "root", Optional.of(key.toString()), null,
                passphrase == null ? null : passphrase.toCharArray());
    }

    private Path authorized(Path key) throws Exception {
        return Files.writeString(dir.resolve("authorized_keys"), Files.readString(Path.of(key + ".pub")));
    }

    @Test
    void logsInWithAPasswordAndPinsTheKeyItWasAskedAbout() throws Exception {
        server = TestSshServer.builder().start();
        AtomicReference<HostKeyQuestion.NewHostKey> asked = new AtomicReference<>();
        String where = session().open(password(PASSWORD), k -> {
            asked.set(k);
            return true;
        });
        assertThat(where).isEqualTo("root@127.0.0.1:" + server.port());
        assertThat(asked.get().fingerprint()).isEqualTo(server.hostKeyFingerprint());
        assertThat(asked.get().description()).contains(server.hostKeyFingerprint());
        assertThat(Files.readString(dir.resolve("known_hosts"))).contains("127.0.0.1");
        assertThat(session.connectedTo()).contains(where);
    }

    @ParameterizedTest(name = "passphrase ''{0}''")
    @ValueSource(strings = {"", "pass phrase 9"})
    void logsInWithAKeyWithOrWithoutItsPassphrase(String passphrase) throws Exception {
        Path key = SshTestSupport.keygen(dir, "id_ed25519", "ed25519", null, passphrase);
        server = TestSshServer.builder().authorizedKeys(authorized(key)).start();
        // the window sends an empty passphrase field as an empty array: it must mean "no passphrase"
        session().open(key(key, passphrase), k -> true);
        assertThat(session.connectedTo()).isPresent();
    }

    @Test
    void anEncryptedKeyWithoutItsPassphraseIsRefusedWithAReason() throws Exception {
        Path key = SshTestSupport.keygen(dir, "id_locked", "ed25519", null, "secret words");
        server = TestSshServer.builder().authorizedKeys(authorized(key)).start();
        assertThatThrownBy(() -> session().open(key(key, null), k -> true))
                .isInstanceOf(SessionException.class)
                .hasMessageContaining("protected by a passphrase");
        assertThat(server.commands).isEmpty();
    }

    @Test
    void refusesAnUnknownHostWhenNobodyTrustsIt() throws Exception {
        server = TestSshServer.builder().start();
        assertThatThrownBy(() -> session().open(password(PASSWORD), HostKeyQuestion.rejectUnknown()))
                .isInstanceOf(SessionException.class)
                .satisfies(e -> assertThat(((SessionException) e).hostKeyChanged()).isFalse());
        assertThat(server.commands).isEmpty();
        assertThat(server.passwordAttempts).as("the password is never sent to an untrusted host").hasValue(0);
    }

    @Test
    void acceptsExactlyTheGivenFingerprint() throws Exception {
        server = TestSshServer.builder().start();
        assertThatThrownBy(() -> session().open(password(PASSWORD),
                HostKeyQuestion.acceptFingerprint("SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")))
                .isInstanceOf(SessionException.class);
        session.open(password(PASSWORD), HostKeyQuestion.acceptFingerprint(server.hostKeyFingerprint()));
        assertThat(session.connectedTo()).isPresent();
    }

    @Test
    void aChangedHostKeyStopsBeforeLoggingIn() throws Exception {
        server = TestSshServer.builder().start();
        int port = server.port();
        session().open(password(PASSWORD), k -> true);
        session.close();
        server.close();
        server = TestSshServer.builder().port(port).start(); // same address, a new host key
        assertThatThrownBy(() -> session.open(password(PASSWORD), k -> true))
                .isInstanceOfSatisfying(SessionException.class, e -> assertThat(e.hostKeyChanged()).isTrue());
        assertThat(server.passwordAttempts).hasValue(0);
    }

    @Test
    void aWrongPasswordIsASessionProblemThatNeverShowsThePassword() throws Exception {
        server = TestSshServer.builder().start();
        assertThatThrownBy(() -> session().open(password("not-it-4411"), k -> true))
                .isInstanceOf(SessionException.class)
                .hasMessageNotContaining("not-it-4411");
        assertThat(session.connectedTo()).isEmpty();
    }

    @Test
    void connectRunsPreflightAndNamesTheServer() throws Exception {
        server = TestSshServer.builder().start();
        Connected c = session().connect(password(PASSWORD), k -> true);
        assertThat(c.description()).isEqualTo("root@127.0.0.1:" + server.port());
        assertThat(c.findings()).isNotEmpty();
    }

    @Test
    void runAndMailboxesNeedALogin() {
        ServerSpec spec = new ServerSpec(new ServerSpec.ServerAccess("127.0.0.1", 22, "root", Optional.empty()), "mail.example.com",
                List.of("example.com"), ServerSpec.DkimSettings.DEFAULT, List.of(), java.util.Map.of(),
                new ServerSpec.TlsSettings(ServerSpec.TlsMode.SELF_SIGNED, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty()), ServerSpec.SpamSettings.DEFAULT, ServerSpec.FilterSettings.DEFAULT,
                new ServerSpec.FirewallSettings(List.of()));
        SshSession s = session();
        assertThatThrownBy(() -> s.run(Runner.Mode.PLAN, spec, RunListener.NONE, new Cancellation()))
                .isInstanceOf(SessionException.class).hasMessageStartingWith("Not connected");
        assertThatThrownBy(() -> s.mailboxes(ServerSpec.DkimSettings.DEFAULT)).isInstanceOf(SessionException.class);
    }

    @Test
    void theTranscriptIsSavedWithoutTheSecrets() throws Exception {
        server = TestSshServer.builder().start();
        session().open(password(PASSWORD), k -> true);
        Path file = dir.resolve("t/transcript.log");
        session.saveTranscript(file);
        assertThat(Files.readString(file)).doesNotContain(PASSWORD);
    }

    @Test
    void closeIsSafeTwiceAndEndsTheLogin() throws Exception {
        server = TestSshServer.builder().start();
        session().open(password(PASSWORD), k -> true);
        session.close();
        session.close();
        assertThat(session.connectedTo()).isEmpty();
    }

    @Test
    void optionsReadTheDnsServerOrSayWhyNot() {
        SshSession.Options o = SshSession.Options.defaults();
        assertThat(o.withDnsServer(null)).isSameAs(o);
        assertThat(o.withDnsServer("127.0.0.1:5353").resolver()).isInstanceOf(ResolverChoice.Server.class);
        assertThat(o.withDnsServer("127.0.0.1:5353").authoritative().resolver()).isInstanceOf(ResolverChoice.Authoritative.class);
        assertThatThrownBy(() -> o.withDnsServer("127.0.0.1:notaport")).isInstanceOf(IllegalArgumentException.class);
    }
}
