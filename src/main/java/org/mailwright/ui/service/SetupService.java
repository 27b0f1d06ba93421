package org.mailwright.ui.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.dns.DnsReport;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.Transcript;

/**
 * Everything the wizard asks of a server, in one interface so the wizard can be walked against a fake in tests.
 * The real one ({@link SshSetupService}) drives the same SshRemoteHost and Runner as the CLI. Every method blocks and
 * talks to the network: call it only from the UI executor's background thread.
 */
public interface SetupService extends AutoCloseable {

    /** How to log in. Secrets are char arrays the service wipes when the session closes. */
    record ConnectRequest(String host, int port, String user, Optional<Path> keyFile, char[] password, char[] passphrase) {
        public String describe() {
            return user + "@" + host + ":" + port;
        }
    }

    /** A logged-in session and what preflight found on the server (facts are absent when preflight could not read them). */
    record Connected(String description, Optional<ServerFacts> facts, List<Finding> findings) {
        public Connected {
            findings = List.copyOf(findings);
        }
    }

    /**
     * Logs in (asking {@code prompt} about an unknown host key, on the calling thread) and runs only the preflight
     * step in CHECK mode. A previous session is closed first.
     *
     * @throws org.mailwright.remote.HostKeyChangedException the pinned key differs: nothing was sent
     * @throws org.mailwright.remote.RemoteException         unreachable, refused login, ...
     */
    Connected connect(ConnectRequest request, HostKeyPrompt prompt);

    /** Runs all mail steps for {@code spec} in {@code mode} on the connected server. */
    RunReport run(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancel cancel);

    /** Checks the published DNS records against {@code setup}, from this computer. */
    DnsReport checkDns(MailDnsSetup setup);

    /** Each domain's DKIM public key (base64 PEM body), once an install made or read the keys. */
    Map<String, String> dkimPublicKeys();

    /**
     * The mail tables of the connected server, for the users window: the same engine the CLI's users, aliases and
     * domains commands drive, over this session.
     *
     * @param dkim selector and key size for the DKIM key of a domain added later
     * @throws org.mailwright.remote.RemoteException when not connected
     */
    MailboxService mailboxes(ServerSpec.DkimSettings dkim);

    /** What was sent to the server so far, secrets redacted. */
    Transcript transcript();

    /** Ends the session; safe to call more than once. */
    @Override
    void close();
}
