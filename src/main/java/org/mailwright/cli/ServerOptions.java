package org.mailwright.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Auth;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.logging.Secrets;
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

    /**
     * Where the secrets are read from: the process environment. Java cannot set environment variables, so tests that
     * log in with a password put their own lookup here (and restore it).
     */
    static volatile Function<String, String> environment = System::getenv;

    /**
     * Why logging in cannot even be tried, or null: no credentials, a key file that is not there, a malformed
     * --accept-host-key. Only this computer is looked at, so the caller can still say nothing was sent.
     */
    String loginProblem(ServerSpec spec) {
        if (acceptHostKey != null && (!acceptHostKey.startsWith("SHA256:") || acceptHostKey.length() < 20)) {
            return "--accept-host-key expects a fingerprint like SHA256:AbC... (as ssh-keygen -lf prints it), not '" + acceptHostKey + "'.";
        }
        if (spec.server().identity().isPresent()) {
            Path key = keyFile(spec);
            if (!Files.exists(key)) {
                return "server.identity: there is no key file at " + key + ".";
            }
            if (!Files.isRegularFile(key) || !Files.isReadable(key)) {
                return "server.identity: " + key + " is not a readable file.";
            }
            return null;
        }
        String password = environment.apply(PASSWORD_ENV);
        if (password == null || password.isEmpty()) {
            return "No way to log in: set server.identity in the spec, or put the password in " + PASSWORD_ENV + ".";
        }
        return null;
    }

    private static Path keyFile(ServerSpec spec) {
        return Path.of(spec.server().identity().get().replaceFirst("^~(?=/)", java.util.regex.Matcher.quoteReplacement(System.getProperty("user.home"))));
    }

    /** Logs in; call {@link #loginProblem} first. */
    SshRemoteHost connect(ServerSpec spec, Transcript transcript) {
        String password = environment.apply(PASSWORD_ENV);
        Secrets.register(password);
        Secrets.register(environment.apply(PASSPHRASE_ENV));
        Auth auth;
        if (spec.server().identity().isPresent()) {
            String passphrase = environment.apply(PASSPHRASE_ENV);
            Path key = keyFile(spec);
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
