package org.mailwright.session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.dns.DnsChecker;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.engine.Step;
import org.mailwright.engine.backup.BackupLayout;
import org.mailwright.engine.backup.CopyToComputer;
import org.mailwright.engine.backup.OffsiteCredentials;
import org.mailwright.engine.backup.RestoreRequest;
import org.mailwright.engine.backup.RestoreSteps;
import org.mailwright.engine.upgrade.UpgradeSteps;
import org.mailwright.engine.steps.DkimKeys;
import org.mailwright.export.RecoverySheet;
import org.mailwright.spec.SpecWriter;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.engine.steps.MailSteps;
import org.mailwright.engine.steps.Preflight;
import org.mailwright.facts.ServerFacts;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.RemoteException;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;
import org.mailwright.remote.Transcript;

/**
 * The real {@link ServerSession}: one SSH login (sshj) with pinned host keys, the engine's Runner over it, and the
 * DNS checks from this computer. The window keeps one for its life; a command makes one per run.
 */
public final class SshSession implements ServerSession {

    /**
     * How a session reaches things besides the server.
     *
     * @param knownHosts     the pinned host keys (OpenSSH format)
     * @param resolver       whom the DNS checks ask
     * @param internetChecks whether the server probes outbound port 25 and Spamhaus (off in a closed lab)
     */
    public record Options(Path knownHosts, ResolverChoice resolver, boolean internetChecks) {

        /** Pinned keys in {@code $XDG_CONFIG_HOME/mailwright/known_hosts}, this computer's resolver, internet checks on. */
        public static Options defaults() {
            return new Options(HostKeyStore.atDefaultLocation().file(), new ResolverChoice.SystemDefault(), true);
        }

        /** These options with the pinned keys in {@code file}, or unchanged when it is null. */
        public Options withKnownHosts(Path file) {
            return file == null ? this : new Options(file, resolver, internetChecks);
        }

        /**
         * These options asking {@code hostPort} for DNS ({@code --dns-server}), or unchanged when it is null or blank.
         *
         * @throws IllegalArgumentException when {@code hostPort} is not HOST[:PORT]; the message says why
         */
        public Options withDnsServer(String hostPort) {
            return hostPort == null || hostPort.isBlank() ? this : new Options(knownHosts, ResolverChoice.Server.parse(hostPort), internetChecks);
        }

        /** These options asking each domain's own name servers ({@code --authoritative}): changes show before caches expire. */
        public Options authoritative() {
            return new Options(knownHosts, new ResolverChoice.Authoritative(resolver), internetChecks);
        }

        public Options withInternetChecks(boolean on) {
            return new Options(knownHosts, resolver, on);
        }
    }

    private final Options options;
    private final Transcript transcript = new Transcript();
    private SshRemoteHost host;
    private Auth auth;
    private volatile Map<String, String> dkim = Map.of();

    public SshSession(Options options) {
        this.options = options;
    }

    /**
     * Only logs in: no step runs. The command line's way in; {@link #connect} adds the preflight check.
     *
     * @return {@code user@host:port} as connected
     * @throws SessionException unreachable, refused login, unknown key not trusted, or a changed host key
     */
    public synchronized String open(Login login, HostKeyQuestion question) {
        close();
        // registered before anything can fail, so no message or crash report built from here on can show them
        Secrets.register(login.password());
        Secrets.register(login.passphrase());
        Optional<Path> key = login.keyPath();
        // a key login may still need the password for sudo; a password login reuses it for sudo by itself
        auth = key.isPresent() ? Auth.keyFile(key.get(), login.passphrase()) : Auth.password(login.password());
        char[] sudo = key.isPresent() && login.hasPassword() ? login.password() : null;
        try {
            host = SshRemoteHost.connect(new SshTarget(login.host(), login.port(), login.user(), auth, sudo),
                    new HostKeyStore(options.knownHosts()), question.asPrompt(), transcript);
        } catch (RemoteException e) {
            close();
            throw SessionException.of(e);
        }
        return host.describe();
    }

    @Override
    public Connected connect(Login login, HostKeyQuestion question) {
        String description = open(login, question);
        Facts facts = new Facts();
        RunReport report;
        try {
            report = new Runner(List.of(new Preflight()))
                    .run(Runner.Mode.CHECK, new StepContext(connected(), Cancel.NEVER, facts, RunListener.NONE), RunListener.NONE);
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
        return new Connected(description, login.host(), facts.get(ServerFacts.class), report.findings());
    }

    @Override
    public RunReport run(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancellation cancel) {
        // check reports wrong records as errors; apply only warns, since the records cannot be published before the key exists
        DnsRecords.Options dns = new DnsRecords.Options(options.resolver(), mode == Runner.Mode.CHECK, options.internetChecks());
        return runSteps(MailSteps.forSpec(spec, dns), mode, listener, cancel);
    }

    @Override
    public RunReport backup(ServerSpec spec, boolean snapshot, Optional<Path> copyTo, Map<String, String> offsiteEnv,
                            RunListener listener, Cancellation cancel) {
        List<Step> before = offsiteEnv.isEmpty() ? List.of() : List.of(new OffsiteCredentials(offsiteEnv));
        return runSteps(MailSteps.backup(spec, snapshot, before, copyTo.<List<Step>>map(d -> List.of(new CopyToComputer(d))).orElse(List.of())),
                Runner.Mode.APPLY, listener, cancel);
    }

    @Override
    public RunReport upgrade(ServerSpec spec, Optional<Path> copyTo, RunListener listener, Cancellation cancel) {
        DnsRecords.Options dns = new DnsRecords.Options(options.resolver(), false, options.internetChecks());
        return runSteps(UpgradeSteps.of(spec, dns, copyTo), Runner.Mode.APPLY, listener, cancel);
    }

    @Override
    public RunReport restore(ServerSpec spec, RestoreRequest request, RunListener listener, Cancellation cancel) {
        Secrets.register(request.password());
        DnsRecords.Options dns = new DnsRecords.Options(options.resolver(), false, options.internetChecks());
        List<Step> steps = new java.util.ArrayList<>(MailSteps.restoring(spec, dns, RestoreSteps.beforeSetup(request), RestoreSteps.afterSetup(request)));
        steps.add(RestoreSteps.finished());
        return runSteps(steps,
                Runner.Mode.APPLY, listener, cancel);
    }

    private RunReport runSteps(List<Step> steps, Runner.Mode mode, RunListener listener, Cancellation cancel) {
        Facts facts = new Facts();
        RunReport report;
        try {
            report = new Runner(steps).run(mode, new StepContext(connected(), cancel.token(), facts, listener), listener);
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
        facts.get(DkimKeys.class).ifPresent(k -> dkim = k.publicKeyByDomain());
        return report;
    }

    @Override
    public RecoverySheet recoverySheet(ServerSpec spec, List<Path> copies) {
        SshRemoteHost h = connected();
        byte[] pw;
        try {
            pw = h.read(BackupLayout.PASSWORD_FILE).orElseThrow(() -> new SessionException(
                    "The server's backups are not set up yet: run apply (or mailwright backup) first."));
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
        String password = new String(pw, java.nio.charset.StandardCharsets.UTF_8).strip();
        java.util.Arrays.fill(pw, (byte) 0);
        Secrets.register(password);
        List<String> locations = new java.util.ArrayList<>();
        locations.add("on the server: " + h.describe() + " " + BackupLayout.REPOSITORY);
        copies.forEach(c -> locations.add("on this computer: " + c.toAbsolutePath()));
        spec.backup().offsite().ifPresent(o -> locations.add("offsite: " + o));
        return new RecoverySheet(spec.hostname(), h.describe(), locations, password,
                SpecWriter.write(spec, "From the recovery sheet of " + spec.hostname() + ": save as server.yaml and set server: host to the new server."), java.time.ZonedDateTime.now());
    }

    @Override
    public org.mailwright.engine.status.ServerStatus status(ServerSpec spec, java.util.function.Consumer<org.mailwright.engine.status.StatusCheck> progress,
                                                          Cancellation cancel) {
        DnsRecords.Options dns = new DnsRecords.Options(options.resolver(), true, options.internetChecks());
        try {
            org.mailwright.engine.status.StatusRun run = new org.mailwright.engine.status.StatusRun(connected(), spec, dns);
            org.mailwright.engine.status.ServerStatus status = run.run(progress, cancel.token());
            // a server set up before this login: its keys are known now, so its DNS records show their real values
            if (!run.dkimPublicKeys().isEmpty()) {
                dkim = new java.util.LinkedHashMap<>(run.dkimPublicKeys());
            }
            return status;
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
    }

    @Override
    public DnsSetup dnsRecords(ServerSpec spec) {
        try {
            org.mailwright.dns.MailDnsSetup setup = org.mailwright.engine.steps.ServerRecords.read(connected(), spec, options.resolver());
            return DnsSetup.of(setup, spec.dkim().selector());
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
    }

    @Override
    public List<Finding> checkDns(DnsSetup setup) {
        return setup.mailDnsSetup().map(s -> new DnsChecker(options.resolver(), Duration.ofSeconds(5), true).check(s).findings())
                .orElse(List.of());
    }

    @Override
    public Map<String, String> dkimPublicKeys() {
        return dkim;
    }

    @Override
    public Mailboxes mailboxes(ServerSpec.DkimSettings dkimSettings) {
        return Mailboxes.of(new MailboxService(connected(), dkimSettings));
    }

    /**
     * Reads the server's journal and rspamd's log through {@link org.mailwright.engine.trail.JournalTrail}: at most
     * 30,000 journal lines and 200 messages, 90 s per command. The address is checked before anything is sent.
     */
    @Override
    public List<org.mailwright.engine.trail.MessageTrail> trail(String address, Optional<java.time.LocalDate> day) {
        org.mailwright.engine.trail.JournalTrail.checkAddress(address);
        try {
            return org.mailwright.engine.trail.JournalTrail.read(connected(), address, day);
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
    }

    @Override
    public List<org.mailwright.engine.queue.QueuedEnvelope> queue() {
        return onQueue(() -> org.mailwright.engine.queue.MailQueue.read(connected()));
    }

    @Override
    public void retryQueued(String envelopeId) {
        org.mailwright.engine.queue.MailQueue.envelopeId(envelopeId);
        onQueue(() -> {
            org.mailwright.engine.queue.MailQueue.retry(connected(), envelopeId);
            return null;
        });
    }

    @Override
    public void removeQueued(String envelopeId) {
        org.mailwright.engine.queue.MailQueue.envelopeId(envelopeId);
        onQueue(() -> {
            org.mailwright.engine.queue.MailQueue.remove(connected(), envelopeId);
            return null;
        });
    }

    @Override
    public List<org.mailwright.engine.bans.Ban> bans() {
        return onBans(() -> org.mailwright.engine.bans.Bans.read(connected()));
    }

    @Override
    public int unban(String address) {
        String checked = org.mailwright.engine.bans.Bans.address(address);
        return onBans(() -> org.mailwright.engine.bans.Bans.unban(connected(), checked));
    }

    private static <T> T onBans(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (org.mailwright.engine.bans.BansException e) {
            throw new SessionException(e.getMessage());
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
    }

    /** The queue's and the connection's failures as the session's own: their messages are sentences already. */
    private static <T> T onQueue(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (org.mailwright.engine.queue.QueueException e) {
            throw new SessionException(e.getMessage());
        } catch (RemoteException e) {
            throw SessionException.of(e);
        }
    }

    @Override
    public void saveTranscript(Path file) throws IOException {
        transcript.save(file);
    }

    /** Whether anything was sent or noted yet: an empty transcript is not worth a file. */
    public boolean transcriptIsEmpty() {
        return transcript.entries().isEmpty();
    }

    @Override
    public synchronized boolean loggedIn() {
        return host != null && host.isConnected();
    }

    private synchronized SshRemoteHost connected() {
        if (host == null) {
            throw new SessionException("Not connected: connect to the server first.");
        }
        return host;
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            // what the session cost the link: bench/scale.sh reads it from the saved transcript
            transcript.note(host.commandsRun() + " remote commands in this session");
            host.close();
            host = null;
        }
        if (auth != null) {
            auth.wipe();
            auth = null;
        }
    }

    /** {@code user@host:port} while logged in, for tests and messages. */
    public synchronized Optional<String> connectedTo() {
        return Optional.ofNullable(host).map(SshRemoteHost::describe);
    }
}
