package org.mailwright.cli;

import java.util.Optional;
import java.util.function.Function;
import java.nio.file.Path;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.HostKeyQuestion;
import org.mailwright.session.Login;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Option;

/**
 * How the CLI logs in to the spec's server, through the session every driver uses. Secrets never come from the
 * command line (other users can read it in the process list): the password comes from MAILWRIGHT_SSH_PASSWORD, a key
 * passphrase from MAILWRIGHT_SSH_PASSPHRASE.
 */
public final class ServerOptions {
    static final String PASSWORD_ENV = Login.PASSWORD_ENV;
    static final String PASSPHRASE_ENV = Login.PASSPHRASE_ENV;

    @Option(names = "--accept-host-key", paramLabel = "SHA256:...",
            description = "Trust the server's host key on first contact if it has exactly this fingerprint (ssh-keygen -lf).")
    String acceptHostKey;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Pinned host keys (OpenSSH format). Default: $XDG_CONFIG_HOME/mailwright/known_hosts (~/.config/mailwright/known_hosts)")
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
        if (acceptHostKey != null) {
            String problem = HostKeyQuestion.fingerprintProblem(acceptHostKey);
            if (problem != null) {
                return problem;
            }
        }
        Login login = login(spec);
        Optional<String> problem = login.localProblem();
        if (problem.isEmpty()) {
            return null;
        }
        if (login.keyFile().isPresent()) {
            String p = problem.get();
            return "server.identity: " + Character.toLowerCase(p.charAt(0)) + p.substring(1);
        }
        return "No way to log in: set server.identity in the spec, or put the password in " + PASSWORD_ENV + ".";
    }

    /** The spec's login with the secrets of the environment. */
    Login login(ServerSpec spec) {
        return Login.fromSpec(spec.server(), environment);
    }

    /** The pinned keys of --known-hosts, else the default file; DNS and internet checks as the session's defaults. */
    SshSession.Options sessionOptions() {
        return SshSession.Options.defaults().withKnownHosts(knownHosts);
    }

    /** Who trusts a new host key: nobody, or exactly the --accept-host-key fingerprint. */
    HostKeyQuestion hostKeyQuestion() {
        return acceptHostKey == null ? HostKeyQuestion.rejectUnknown() : HostKeyQuestion.acceptFingerprint(acceptHostKey);
    }

    /**
     * Logs {@code session} in as the spec says; call {@link #loginProblem} first.
     *
     * @return {@code user@host:port} as connected
     * @throws org.mailwright.session.SessionException when the server cannot be reached or refuses the login
     */
    String open(SshSession session, ServerSpec spec) {
        return session.open(login(spec), hostKeyQuestion());
    }

    /** What a command does once logged in; returns its exit status. */
    interface SessionWork {
        int run(SshSession session);
    }

    /**
     * Logs in to {@code spec}'s server (call {@link #loginProblem} first), runs {@code work}, and closes the session
     * whatever happens, saving its transcript to {@code transcriptFile} when given (secrets redacted).
     *
     * @return what {@code work} returned, or {@link MailwrightCommand#FAILED} after printing a
     *         {@link org.mailwright.session.SessionException}'s sentence to {@code err}
     */
    int withSession(ServerSpec spec, java.io.PrintWriter out, java.io.PrintWriter err, Path transcriptFile, SessionWork work) {
        SshSession session = new SshSession(sessionOptions());
        try {
            open(session, spec);
            return work.run(session);
        } catch (org.mailwright.session.SessionException e) {
            err.println(e.getMessage());
            return MailwrightCommand.FAILED;
        } finally {
            out.flush();
            session.close();
            if (transcriptFile != null) {
                try {
                    session.saveTranscript(transcriptFile);
                } catch (java.io.IOException e) {
                    err.println("Could not save the transcript: " + e.getMessage());
                }
            }
        }
    }
}
