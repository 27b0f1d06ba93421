package org.mailwright.ui.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.dns.DnsChecker;
import org.mailwright.dns.DnsReport;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.steps.DkimKeys;
import org.mailwright.engine.steps.MailSteps;
import org.mailwright.engine.steps.Preflight;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.RemoteException;
import org.mailwright.logging.Secrets;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;
import org.mailwright.remote.Transcript;

/**
 * The real {@link SetupService}: the CLI's wiring (cli/RunCommand) behind the wizard. It holds the one SSH session
 * of the window and closes it when the window closes.
 */
public final class SshSetupService implements SetupService {
    private final HostKeyStore hostKeys;
    private final Transcript transcript = new Transcript();
    private SshRemoteHost host;
    private Auth auth;
    private volatile Map<String, String> dkim = Map.of();

    private final ResolverChoice resolver;
    private final boolean internetChecks;

    public SshSetupService(HostKeyStore hostKeys) {
        this(hostKeys, new ResolverChoice.SystemDefault(), true);
    }

    /**
     * @param resolver       whom the DNS checks ask (the CLI's --dns-server)
     * @param internetChecks whether the server probes outbound port 25 and Spamhaus (the CLI's --no-internet-checks)
     */
    public SshSetupService(HostKeyStore hostKeys, ResolverChoice resolver, boolean internetChecks) {
        this.hostKeys = hostKeys;
        this.resolver = resolver;
        this.internetChecks = internetChecks;
    }

    @Override
    public synchronized Connected connect(ConnectRequest r, HostKeyPrompt prompt) {
        close();
        // registered before anything can fail, so no message or crash report built from here on can show them
        Secrets.register(r.password());
        Secrets.register(r.passphrase());
        // a key login may still need the password for sudo; a password login reuses it for sudo by itself
        auth = r.keyFile().isPresent() ? Auth.keyFile(r.keyFile().get(), r.passphrase()) : Auth.password(r.password());
        char[] sudo = r.keyFile().isPresent() && r.password() != null && r.password().length > 0 ? r.password() : null;
        host = SshRemoteHost.connect(new SshTarget(r.host(), r.port(), r.user(), auth, sudo), hostKeys, prompt, transcript);
        Facts facts = new Facts();
        RunReport report = new Runner(List.of(new Preflight()))
                .run(Runner.Mode.CHECK, new StepContext(host, Cancel.NEVER, facts, RunListener.NONE), RunListener.NONE);
        return new Connected(host.describe(), facts.get(ServerFacts.class), report.findings());
    }

    @Override
    public RunReport run(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancel cancel) {
        SshRemoteHost h;
        synchronized (this) {
            h = host;
        }
        if (h == null) {
            throw new RemoteException("Not connected: go back to the Connect page and connect to the server.");
        }
        Facts facts = new Facts();
        RunReport report = new Runner(MailSteps.forSpec(spec,
                new DnsRecords.Options(resolver, mode == Runner.Mode.CHECK, internetChecks))).run(mode, new StepContext(h, cancel, facts, listener), listener);
        facts.get(DkimKeys.class).ifPresent(k -> dkim = k.publicKeyByDomain());
        return report;
    }

    @Override
    public MailboxService mailboxes(ServerSpec.DkimSettings dkimSettings) {
        SshRemoteHost h;
        synchronized (this) {
            h = host;
        }
        if (h == null) {
            throw new RemoteException("Not connected: connect to the server first.");
        }
        return new MailboxService(h, dkimSettings);
    }

    @Override
    public DnsReport checkDns(MailDnsSetup setup) {
        return new DnsChecker(resolver, Duration.ofSeconds(5), true).check(setup);
    }

    @Override
    public Map<String, String> dkimPublicKeys() {
        return dkim;
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();
            host = null;
        }
        if (auth != null) {
            auth.wipe();
            auth = null;
        }
    }

    /** For tests and messages. */
    Optional<String> connectedTo() {
        return Optional.ofNullable(host).map(SshRemoteHost::describe);
    }
}
