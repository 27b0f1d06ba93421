package org.mailwright.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.file.nativefs.NativeFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.shell.ProcessShellFactory;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process Apache MINA SSHD on 127.0.0.1 whose exec channel really runs {@code sh -c <line>} as the current user,
 * with SFTP on the native file system. One user and password; keys from an authorized_keys file.
 * {@code commandPrefix} is put before every line (the sudo test uses it to put fake {@code id}/{@code sudo} on PATH).
 * Public for the CLI's tests, which log in through it.
 */
public final class TestSshServer implements AutoCloseable {
    final String user;
    final String password;
    final KeyPair hostKey;
    private final SshServer server;
    public final List<String> commands = new CopyOnWriteArrayList<>();
    public final AtomicInteger passwordAttempts = new AtomicInteger();

    private TestSshServer(String user, String password, KeyPair hostKey, Path authorizedKeys, int port, String commandPrefix)
            throws IOException {
        this.user = user;
        this.password = password;
        this.hostKey = hostKey;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator((u, p, session) -> {
            passwordAttempts.incrementAndGet();
            return u.equals(user) && p.equals(password);
        });
        if (authorizedKeys != null) {
            AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(authorizedKeys);
            server.setPublickeyAuthenticator((u, key, session) -> u.equals(user) && keys.authenticate(u, key, session));
        }
        // ProcessShellCommandFactory splits the line on spaces; a real sshd hands it to the login shell. The factory's
        // first argument is what it runs as /bin/sh -c <command> (ProcessShellFactory.resolveEffectiveCommand).
        server.setCommandFactory((channel, line) -> {
            commands.add(line);
            // exec: the process MINA kills when the channel closes is the command itself, not a shell around it
            String run = commandPrefix + "exec " + line;
            return new ProcessShellFactory(run, "sh", "-c", run).createShell(channel);
        });
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new NativeFileSystemFactory());
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String user = "root";
        private String password = "correct horse battery";
        private KeyPair hostKey;
        private Path authorizedKeys;
        private int port;
        private String commandPrefix = "";

        public Builder user(String u) {
            user = u;
            return this;
        }

        public Builder password(String p) {
            password = p;
            return this;
        }

        public Builder hostKey(KeyPair k) {
            hostKey = k;
            return this;
        }

        public Builder authorizedKeys(Path file) {
            authorizedKeys = file;
            return this;
        }

        public Builder port(int p) {
            port = p;
            return this;
        }

        public Builder commandPrefix(String prefix) {
            commandPrefix = prefix;
            return this;
        }

        public TestSshServer start() throws IOException {
            return new TestSshServer(user, password, hostKey == null ? newHostKey() : hostKey, authorizedKeys, port, commandPrefix);
        }
    }

    static KeyPair newHostKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String hostKeyFingerprint() {
        return HostKeyStore.fingerprint(PinningHostKeyVerifier.blob(hostKey.getPublic()));
    }

    SshTarget passwordTarget() {
        return new SshTarget("127.0.0.1", port(), user, Auth.password(password.toCharArray()));
    }

    /** Drops every connection at once, as a crashed server or a cut cable would. */
    void stop() throws IOException {
        server.stop(true);
    }

    @Override
    public void close() throws IOException {
        if (!server.isClosed()) {
            server.stop(true);
        }
    }
}
