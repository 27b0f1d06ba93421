package org.mailwright.cli;

import java.nio.file.Path;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Auth;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;
import org.mailwright.remote.Transcript;
import picocli.CommandLine.Option;

/**
 * How the CLI logs in to the spec's server. Secrets never come from the command line (other users can read it in
 * the process list): the password comes from MAILWRIGHT_SSH_PASSWORD, a key passphrase from MAILWRIGHT_SSH_PASSPHRASE.
 */
public final class ServerOptions {
    static final String PASSWORD_ENV = "MAILWRIGHT_SSH_PASSWORD";
    static final String PASSPHRASE_ENV = "MAILWRIGHT_SSH_PASSPHRASE";

    @Option(names = "--accept-host-key", paramLabel = "SHA256:...",
            description = "Trust the server's host key on first contact if it has exactly this fingerprint (ssh-keygen -lf).")
    String acceptHostKey;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Pinned host keys (OpenSSH format). Default: ~/.config/mailwright/known_hosts")
    Path knownHosts;

    SshRemoteHost connect(ServerSpec spec, Transcript transcript) {
        String password = System.getenv(PASSWORD_ENV);
        Auth auth;
        if (spec.server().identity().isPresent()) {
            String passphrase = System.getenv(PASSPHRASE_ENV);
            Path key = Path.of(spec.server().identity().get().replaceFirst("^~(?=/)", System.getProperty("user.home")));
            auth = Auth.keyFile(key, passphrase == null ? null : passphrase.toCharArray());
        } else if (password != null) {
            auth = Auth.password(password.toCharArray());
        } else {
            throw new IllegalArgumentException("No way to log in: set server.identity in the spec, or the password in " + PASSWORD_ENV);
        }
        char[] sudo = spec.server().identity().isPresent() && password != null ? password.toCharArray() : null;
        HostKeyStore store = knownHosts == null ? HostKeyStore.atDefaultLocation() : new HostKeyStore(knownHosts);
        HostKeyPrompt prompt = acceptHostKey == null ? HostKeyPrompt.rejectUnknown() : HostKeyPrompt.acceptFingerprint(acceptHostKey);
        return SshRemoteHost.connect(new SshTarget(spec.server().host(), spec.server().port(), spec.server().user(), auth, sudo),
                store, prompt, transcript);
    }
}
