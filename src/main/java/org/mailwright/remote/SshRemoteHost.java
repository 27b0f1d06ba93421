package org.mailwright.remote;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import net.schmizz.keepalive.KeepAlive;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import net.schmizz.sshj.sftp.FileAttributes;
import net.schmizz.sshj.sftp.OpenMode;
import net.schmizz.sshj.sftp.RemoteFile;
import net.schmizz.sshj.sftp.SFTPClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RemoteHost} over one SSH connection (sshj), with one exec channel per command.
 *
 * <h2>Root or sudo</h2>
 * At connect, {@code id -u} tells whether we logged in as root. Root runs each command as {@code sh -c <line>}. Any
 * other user runs it as {@code sudo -k -S -p '' -- sh -c <line>} with the sudo password written to stdin first (one
 * line), then the command's own stdin; {@code -k} makes sudo ask every time, so the password line can never be left
 * over for the command when sudo's timestamp is still fresh. When {@code sudo -k -n true} works (NOPASSWD) it is
 * {@code sudo -n -- sh -c <line>} and no password is sent. Every command is POSIX sh either way, whatever the login
 * shell. A command killed through sudo gets SIGTERM (sudo relays it) and then SIGKILL; see {@link #exec}.
 *
 * <h2>Files</h2>
 * SFTP runs as the login user and cannot write root's files, so there is one path for root and sudo users alike:
 * <ul>
 *   <li>{@link #read}: {@code cat} through exec (as root, via sudo when needed): files may be root-only (0440).</li>
 *   <li>{@link #uploadAtomic}: SFTP puts the bytes into a fresh 0700 directory under the login user's home (made by
 *   {@code mktemp -d}), then one root command {@code install}s it as {@code .NAME.mailwright-tmp-RANDOM} beside the
 *   target with its mode and owner and {@code mv -f}s it over the target; the staging directory is removed in every
 *   case. Content never passes through a command line.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * One operation at a time: exec, read, upload, backup and reconnect take a lock, so calls from several threads wait
 * for each other. {@link #close()} does not wait: it drops the connection under a running command. Output lines reach
 * the {@link OutputListener} on an I/O thread of this host, one call at a time.
 *
 * <h2>Dropped connections</h2>
 * sshj sends a keepalive every {@value #KEEPALIVE_SECONDS} s and gives up after {@value #KEEPALIVE_MISSES} missed
 * answers. A drop during an operation is a {@link ConnectionLostException}; {@link #reconnect()} opens a new
 * connection with the same target and pinned key, and this same object can then be used again.
 */
public final class SshRemoteHost implements RemoteHost {
    static final int KEEPALIVE_SECONDS = 15;
    static final int KEEPALIVE_MISSES = 4;
    private static final int CONNECT_TIMEOUT_MS = 15_000;
    private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(2);
    /** Exit status of our own scripts for "no such file"; cat, cp and install never use it. */
    private static final int MISSING = 44;
    private static final Logger log = LoggerFactory.getLogger(SshRemoteHost.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private enum Privilege { ROOT, SUDO_NOPASSWD, SUDO_PASSWORD }

    private final SshTarget target;
    private final HostKeyStore hostKeys;
    private final HostKeyPrompt prompt;
    private final Transcript transcript;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger commandsRun = new AtomicInteger();
    private final ExecutorService io;
    private volatile SSHClient client;
    private volatile Privilege privilege;
    private volatile boolean closed;

    private SshRemoteHost(SshTarget target, HostKeyStore hostKeys, HostKeyPrompt prompt, Transcript transcript) {
        this.target = target;
        this.hostKeys = hostKeys;
        this.prompt = prompt;
        this.transcript = transcript;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "mailwright-ssh-io-" + target.host() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.io = Executors.newCachedThreadPool(threads);
        transcript.addSecret(secret(target.auth() instanceof Auth.Password p ? p.password() : null));
        transcript.addSecret(secret(target.auth() instanceof Auth.KeyFile k ? k.passphrase() : null));
        transcript.addSecret(secret(target.sudoPassword()));
    }

    /**
     * Connects, checks the host key against {@code hostKeys} (asking {@code prompt} only for an unknown host), logs
     * in and finds out whether commands need sudo.
     *
     * @throws HostUnreachableException    nothing answered SSH at host:port
     * @throws HostKeyChangedException     the server's key differs from the pinned one (nothing was sent)
     * @throws HostKeyNotTrustedException  an unknown key the prompt did not accept
     * @throws AuthenticationFailedException password or key refused, key file unusable, sudo refused
     */
    public static SshRemoteHost connect(SshTarget target, HostKeyStore hostKeys, HostKeyPrompt prompt) {
        return connect(target, hostKeys, prompt, new Transcript());
    }

    /** As {@link #connect(SshTarget, HostKeyStore, HostKeyPrompt)}, recording into the given transcript. */
    public static SshRemoteHost connect(SshTarget target, HostKeyStore hostKeys, HostKeyPrompt prompt, Transcript transcript) {
        SshRemoteHost host = new SshRemoteHost(target, hostKeys, prompt, transcript);
        try {
            host.open();
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    private static String secret(char[] chars) {
        if (chars == null) {
            return null;
        }
        String s = new String(chars);
        Arrays.fill(chars, '\0');
        return s;
    }

    // ---------------------------------------------------------------- connecting

    /**
     * Sockets with Nagle's algorithm off ({@code TCP_NODELAY}), as OpenSSH's client sets for its sessions. sshj leaves
     * it on, and each command's small packets (channel open, exec request, close) then wait for the server's delayed
     * ACK: 47 to 51 ms per command against 4.4 to 4.5 ms with it off, measured with sshj 0.40 against a lab droplet on
     * this machine (50 {@code true}s on one connection, docs/performance.md). An apply sends about 150 commands.
     */
    static final javax.net.SocketFactory NO_DELAY = new javax.net.SocketFactory() {
        private final javax.net.SocketFactory plain = javax.net.SocketFactory.getDefault();

        private java.net.Socket noDelay(java.net.Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public java.net.Socket createSocket() throws IOException {
            return noDelay(plain.createSocket());
        }

        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) throws IOException {
            return noDelay(plain.createSocket(host, port, localHost, localPort));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress host, int port) throws IOException {
            return noDelay(plain.createSocket(host, port));
        }

        @Override
        public java.net.Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort) throws IOException {
            return noDelay(plain.createSocket(address, port, localAddress, localPort));
        }
    };

    private void open() {
        DefaultConfig config = new DefaultConfig();
        config.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        SSHClient c = new SSHClient(config);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setSocketFactory(NO_DELAY);
        KeepAlive keepAlive = c.getConnection().getKeepAlive();
        keepAlive.setKeepAliveInterval(KEEPALIVE_SECONDS);
        if (keepAlive instanceof KeepAliveRunner runner) {
            runner.setMaxAliveCount(KEEPALIVE_MISSES);
        }
        PinningHostKeyVerifier verifier = new PinningHostKeyVerifier(hostKeys, prompt, target.host(), target.port());
        c.addHostKeyVerifier(verifier);
        try {
            // A bad key file is reported before any network traffic.
            KeyProvider key = target.auth() instanceof Auth.KeyFile kf ? loadKey(c, kf) : null;
            try {
                c.connect(target.host(), target.port());
            } catch (IOException e) {
                if (verifier.failure() != null) {
                    throw verifier.failure();
                }
                throw unreachable(e);
            }
            authenticate(c, key);
            client = c;
            privilege = detectPrivilege();
            transcript.note("connected to " + describe() + switch (privilege) {
                case ROOT -> " as root";
                case SUDO_NOPASSWD -> "; commands run through sudo (no password needed)";
                case SUDO_PASSWORD -> "; commands run through sudo with the password";
            });
        } catch (RuntimeException e) {
            client = null;
            disconnectQuietly(c);
            throw e;
        }
    }

    private RemoteException unreachable(IOException e) {
        String where = target.host() + ":" + target.port();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why;
        if (e instanceof ConnectException || root instanceof ConnectException) {
            why = "connection refused. Is the server up, and is SSH listening on port " + target.port() + "?";
        } else if (e instanceof SocketTimeoutException || root instanceof SocketTimeoutException) {
            why = "connection timed out. Check the address, and that no firewall blocks port " + target.port() + ".";
        } else if (e instanceof UnknownHostException || root instanceof UnknownHostException) {
            why = "the name " + target.host() + " does not resolve. Check its spelling and DNS.";
        } else if (e instanceof NoRouteToHostException || root instanceof NoRouteToHostException) {
            why = "no route to host. Check the address and your network.";
        } else {
            why = "no SSH conversation was possible (" + e.getMessage() + ").";
        }
        log.debug("connect to {} failed", where, e);
        return new HostUnreachableException("Cannot reach " + where + ": " + why, e);
    }

    private KeyProvider loadKey(SSHClient c, Auth.KeyFile kf) {
        String file = kf.file().toString();
        if (!java.nio.file.Files.isRegularFile(kf.file())) {
            throw new AuthenticationFailedException("The key file " + file + " does not exist.");
        }
        boolean encrypted;
        try {
            encrypted = KeyFiles.isEncrypted(kf.file());
        } catch (IOException e) {
            throw new AuthenticationFailedException("Cannot read the key file " + file + ": " + e.getMessage(), e);
        }
        char[] passphrase = kf.passphrase();
        if (encrypted && passphrase == null) {
            throw new AuthenticationFailedException("The key file " + file + " is protected by a passphrase: enter it.");
        }
        try {
            KeyProvider provider = passphrase == null ? c.loadKeys(file) : c.loadKeys(file, oneShot(passphrase));
            provider.getPrivate(); // sshj decodes lazily; decode now so a bad passphrase is reported here
            provider.getPublic();
            return provider;
        } catch (KeyDecryptionFailedException e) {
            throw new AuthenticationFailedException("The passphrase for the key file " + file + " is wrong.", e);
        } catch (IOException | RuntimeException e) {
            if (encrypted) {
                throw new AuthenticationFailedException("The passphrase for the key file " + file
                        + " is wrong (or the key is damaged).", e);
            }
            throw new AuthenticationFailedException("Cannot use the key file " + file + ": it is not a private key Mailwright "
                    + "understands (ed25519, RSA or ECDSA, in OpenSSH or PEM format).", e);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static PasswordFinder oneShot(char[] passphrase) {
        char[] copy = passphrase.clone();
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return copy.clone();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    private void authenticate(SSHClient c, KeyProvider key) {
        try {
            if (target.auth() instanceof Auth.Password p) {
                char[] pw = p.password();
                try {
                    c.authPassword(target.user(), pw);
                } finally {
                    Arrays.fill(pw, '\0');
                }
            } else {
                c.authPublickey(target.user(), key);
            }
        } catch (UserAuthException e) {
            log.debug("authentication refused for {}", describe(), e);
            if (target.auth() instanceof Auth.KeyFile kf) {
                throw new AuthenticationFailedException("The server refused the key " + kf.file() + " for " + describe()
                        + ". Is its public key (" + kf.file() + ".pub) in ~" + target.user() + "/.ssh/authorized_keys on the server?", e);
            }
            throw new AuthenticationFailedException("The server refused the password for " + describe()
                    + ". Check it, and that the server allows password logins for " + target.user()
                    + " (PasswordAuthentication, PermitRootLogin in /etc/ssh/sshd_config).", e);
        } catch (IOException e) {
            throw new ConnectionLostException("The connection to " + describe() + " dropped while logging in. Try again.", e);
        }
    }

    private Privilege detectPrivilege() {
        RawResult id = run("id -u", null, OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, "id -u");
        if (id.exit == 0 && id.stdoutText().strip().equals("0")) {
            return Privilege.ROOT;
        }
        if (run("sudo -k -n true", null, OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, "sudo -n true").exit == 0) {
            return Privilege.SUDO_NOPASSWD;
        }
        char[] password = target.effectiveSudoPassword();
        if (password == null) {
            throw new AuthenticationFailedException(target.user() + " on " + target.host() + " is not root and sudo asks for a "
                    + "password: enter the sudo password (or log in as root).");
        }
        RawResult sudo = run("sudo -k -S -p '' true", sudoStdin(new byte[0]), OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER,
                "sudo true");
        if (sudo.exit == 0) {
            return Privilege.SUDO_PASSWORD;
        }
        String said = transcript.redact(sudo.stderrText().strip());
        if (sudo.exit == 127) {
            throw new AuthenticationFailedException(target.user() + " is not root and sudo is not installed on " + target.host()
                    + ": log in as root, or install sudo and add " + target.user() + " to the sudo group.");
        }
        throw new AuthenticationFailedException("sudo refused " + target.user() + " on " + target.host() + ": the sudo password "
                + "is wrong, or " + target.user() + " may not use sudo (add them to the sudo group)."
                + (said.isEmpty() ? "" : " sudo said: " + said));
    }

    /** The sudo password line followed by the command's own input; only when sudo asks. */
    private byte[] sudoStdin(byte[] stdin) {
        char[] pw = target.effectiveSudoPassword();
        java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pw));
        Arrays.fill(pw, '\0');
        int pwLen = encoded.remaining();
        byte[] all = new byte[pwLen + 1 + stdin.length];
        encoded.get(all, 0, pwLen);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        all[pwLen] = '\n';
        System.arraycopy(stdin, 0, all, pwLen + 1, stdin.length);
        return all;
    }

    /**
     * Drops the current connection (if any) and opens a new one with the same target, host key store and prompt. The
     * key pinned at the first connect is checked again, so a server that changed its key is refused. Use it after a
     * {@link ConnectionLostException}; whatever was running then may or may not have finished, so re-run the step
     * from its facts rather than repeating the last command blindly.
     */
    @Override
    public void reconnect() {
        lock.lock();
        try {
            if (closed) {
                throw new RemoteException("The connection to " + describe() + " was closed; it cannot be reopened.");
            }
            SSHClient old = client;
            client = null;
            if (old != null) {
                disconnectQuietly(old);
            }
            transcript.note("reconnecting to " + describe());
            open();
        } finally {
            lock.unlock();
        }
    }

    /** True while the SSH connection is up (as far as sshj knows; a dead peer is noticed by keepalive or the next command). */
    public boolean isConnected() {
        SSHClient c = client;
        return c != null && c.isConnected() && c.isAuthenticated();
    }

    // ---------------------------------------------------------------- commands

    /**
     * {@inheritDoc}
     *
     * <p>Traps: the listener is called on an I/O thread, not the caller's. A command that leaves a background process
     * holding its stdout/stderr would keep the channel open: once the exit status has arrived, output is waited for
     * two more seconds only. A timed-out or cancelled command gets SIGTERM, then SIGKILL, then its channel is closed;
     * servers that ignore signal requests (OpenSSH before 7.9) only see the channel close, and children of the
     * command that ignore SIGTERM/SIGHUP may survive.
     */
    @Override
    public CommandResult exec(Command command, OutputListener listener, Duration timeout, Cancel cancel) {
        lock.lock();
        try {
            cancel.check();
            transcript.exec(command);
            OutputListener recording = (stream, line) -> {
                transcript.output(line);
                listener.line(stream, line);
            };
            RawResult r = runAsRoot(command.line(), command.stdin(), recording, timeout, cancel, command.line());
            return new CommandResult(command.line(), r.exit, r.stdoutText(), r.stderrText());
        } finally {
            lock.unlock();
        }
    }

    private RawResult runAsRoot(String line, byte[] stdin, OutputListener listener, Duration timeout, Cancel cancel, String shown) {
        String wrapped = switch (privilege) {
            case ROOT -> "sh -c " + Shell.quote(line);
            case SUDO_NOPASSWD -> "sudo -n -- sh -c " + Shell.quote(line);
            case SUDO_PASSWORD -> "sudo -k -S -p '' -- sh -c " + Shell.quote(line);
        };
        byte[] input = privilege == Privilege.SUDO_PASSWORD ? sudoStdin(stdin) : stdin;
        try {
            return run(wrapped, input, listener, timeout, cancel, shown);
        } finally {
            if (input != stdin) {
                Arrays.fill(input, (byte) 0);
            }
        }
    }

    private record RawResult(int exit, byte[] stdout, byte[] stderr) {
        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /**
     * Runs one line on its own exec channel, as the login user, through the login shell. Callers pass simple commands
     * or {@code sh -c <quoted script>} so the script is POSIX sh whatever the login shell is. {@code shown} names it in
     * messages (never a secret).
     */
    private RawResult run(String line, byte[] stdin, OutputListener listener, Duration timeout, Cancel cancel, String shown) {
        SSHClient c = client;
        if (closed) {
            throw new RemoteException("The connection to " + describe() + " is closed.");
        }
        if (c == null) {
            throw lost(shown, null, false);
        }
        if (!c.isConnected()) {
            throw lost(shown, null, false);
        }
        commandsRun.incrementAndGet();
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session = null;
        try {
            session = c.startSession();
            Session.Command cmd = session.exec(line);
            Object listenerLock = new Object();
            OutputListener serial = (stream, l) -> {
                synchronized (listenerLock) {
                    try {
                        listener.line(stream, l);
                    } catch (RuntimeException e) {
                        log.warn("output listener failed on a line of `{}`", shown, e);
                    }
                }
            };
            LinePump out = new LinePump(cmd.getInputStream(), OutputListener.Stream.STDOUT, serial);
            LinePump err = new LinePump(cmd.getErrorStream(), OutputListener.Stream.STDERR, serial);
            Future<?> outDone = io.submit(out);
            Future<?> errDone = io.submit(err);
            OutputStream toProcess = cmd.getOutputStream();
            Future<?> inDone = io.submit(() -> {
                // Written on its own thread: a process that does not read would otherwise block us past the timeout.
                try (toProcess) {
                    if (stdin != null && stdin.length > 0) {
                        toProcess.write(stdin);
                        toProcess.flush();
                    }
                } // close() sends EOF
                return null;
            });
            long exitSeenAt = 0;
            while (!(outDone.isDone() && errDone.isDone())) {
                if (cancel.isCancelled()) {
                    kill(cmd, session);
                    awaitQuietly(outDone, errDone);
                    transcript.note("cancelled `" + shown + "`");
                    throw new CancelledException("Cancelled: `" + shown + "` was stopped on " + describe() + ".");
                }
                if (System.nanoTime() - deadline > 0) {
                    kill(cmd, session);
                    awaitQuietly(outDone, errDone);
                    transcript.note("timed out after " + human(timeout) + ": `" + shown + "`");
                    throw new RemoteTimeoutException("`" + shown + "` ran longer than " + human(timeout) + " on " + describe()
                            + " and was stopped.");
                }
                if (!c.isConnected()) {
                    break;
                }
                if (cmd.getExitStatus() != null || cmd.getExitSignal() != null) {
                    if (exitSeenAt == 0) {
                        exitSeenAt = System.nanoTime();
                    } else if (System.nanoTime() - exitSeenAt > TimeUnit.SECONDS.toNanos(2)) {
                        log.warn("`{}` exited but something still holds its output open; not waiting for it", shown);
                        break;
                    }
                }
                try {
                    outDone.get(50, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException notYet) {
                    // poll again
                } catch (java.util.concurrent.ExecutionException failed) {
                    // the pump ends on a broken channel too; the checks below tell why
                    Thread.sleep(20);
                }
            }
            if (!c.isConnected()) {
                throw lost(shown, out.failure != null ? out.failure : err.failure, true);
            }
            try {
                cmd.join(5, TimeUnit.SECONDS);
            } catch (IOException stillOpen) {
                // exit status may have come without the close; checked below
            }
            Integer status = cmd.getExitStatus();
            if (status == null) {
                if (!c.isConnected()) {
                    throw lost(shown, null, true);
                }
                Signal signal = cmd.getExitSignal();
                status = signal == null ? 255 : 128 + signalNumber(signal);
            }
            if (inDone.isDone()) {
                try {
                    inDone.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    log.debug("`{}` did not read all of its input", shown, e.getCause());
                }
            }
            return new RawResult(status, out.captured(), err.captured());
        } catch (IOException e) {
            if (!c.isConnected() || closed) {
                throw lost(shown, e, true);
            }
            throw new RemoteException("SSH failed while running `" + shown + "` on " + describe() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Interrupted: `" + shown + "` was stopped on " + describe() + ".");
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (IOException ignored) {
                    // the connection is gone or the channel already closed
                }
            }
        }
    }

    private ConnectionLostException lost(String shown, Throwable cause, boolean wasRunning) {
        if (closed) {
            return new ConnectionLostException("The connection to " + describe() + " was closed while running `" + shown + "`.", cause);
        }
        return new ConnectionLostException(wasRunning
                ? "The connection to " + describe() + " dropped while running `" + shown + "`; it may or may not have "
                        + "finished. Reconnect and run again."
                : "The connection to " + describe() + " has dropped, so `" + shown + "` was not run. Reconnect and run again.", cause);
    }

    private void kill(Session.Command cmd, Session session) {
        try {
            // sudo relays TERM to the command but cannot relay KILL, hence TERM first.
            cmd.signal(Signal.TERM);
            cmd.join(1, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException notDeadYet) {
            try {
                cmd.signal(Signal.KILL);
            } catch (IOException | RuntimeException ignored) {
                // the channel may be closing already
            }
        }
        try {
            session.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void awaitQuietly(Future<?>... futures) {
        for (Future<?> f : futures) {
            try {
                f.get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the pump ends when the channel closes; we only wait so no line arrives after we return
            }
        }
    }

    private static int signalNumber(Signal s) {
        return switch (s) {
            case HUP -> 1;
            case INT -> 2;
            case QUIT -> 3;
            case ILL -> 4;
            case ABRT -> 6;
            case FPE -> 8;
            case KILL -> 9;
            case USR1 -> 10;
            case SEGV -> 11;
            case USR2 -> 12;
            case PIPE -> 13;
            case ALRM -> 14;
            case TERM -> 15;
            default -> 127;
        };
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? (s / 60) + " min" : s > 0 ? s + " s" : d.toMillis() + " ms";
    }

    /** Reads one output stream to its end: every byte is kept, and complete lines go to the listener as they arrive. */
    private static final class LinePump implements java.util.concurrent.Callable<Void> {
        private final InputStream in;
        private final OutputListener.Stream stream;
        private final OutputListener listener;
        private final ByteArrayOutputStream all = new ByteArrayOutputStream();
        private volatile IOException failure;

        LinePump(InputStream in, OutputListener.Stream stream, OutputListener listener) {
            this.in = in;
            this.stream = stream;
            this.listener = listener;
        }

        @Override
        public Void call() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (all) {
                        all.write(buf, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            emit(line);
                        } else {
                            line.write(buf[i]);
                        }
                    }
                }
                if (line.size() > 0) {
                    emit(line);
                }
                return null;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        private void emit(ByteArrayOutputStream line) {
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            listener.line(stream, text);
        }

        byte[] captured() {
            synchronized (all) {
                return all.toByteArray();
            }
        }
    }

    // ---------------------------------------------------------------- files

    /** {@inheritDoc} Reads with {@code cat} as root (through sudo when needed); the content is not put in the transcript. */
    @Override
    public Optional<byte[]> read(String path) {
        requireAbsolute(path);
        lock.lock();
        try {
            String p = Shell.quote(path);
            String script = "if [ -d " + p + " ]; then echo 'is a directory' >&2; exit 2; fi; "
                    + "if [ ! -e " + p + " ]; then exit " + MISSING + "; fi; exec cat -- " + p;
            RawResult r = runAsRoot(script, new byte[0], OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, "cat " + p);
            if (r.exit == MISSING) {
                return Optional.empty();
            }
            if (r.exit != 0) {
                throw new RemoteException("Cannot read " + path + " on " + describe() + ": " + transcript.redact(r.stderrText().strip()));
            }
            transcript.note("read " + path + " (" + r.stdout.length + " bytes)");
            return Optional.of(r.stdout);
        } finally {
            lock.unlock();
        }
    }

    /** Whether the connection's socket has Nagle's algorithm off ({@link #NO_DELAY}); false when not connected. */
    boolean tcpNoDelay() {
        SSHClient c = client;
        try {
            return c != null && c.getSocket() != null && c.getSocket().getTcpNoDelay();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    /**
     * How many commands (SSH exec channels, and SFTP transfers) this connection has run so far, the login's own
     * checks included: the cost a slow link multiplies, which {@code bench/scale.sh} counts per plan.
     */
    public int commandsRun() {
        return commandsRun.get();
    }

    /**
     * {@inheritDoc} Here in one root command whatever the number of files: each file's {@code stat} line and its
     * bytes in base64 (so any byte survives the text stream), a directory or a missing file marked as such.
     */
    @Override
    public java.util.Map<String, Optional<FileRead>> readAll(List<String> paths) {
        java.util.Map<String, Optional<FileRead>> out = new java.util.LinkedHashMap<>();
        if (paths.isEmpty()) {
            return out;
        }
        paths.forEach(SshRemoteHost::requireAbsolute);
        String script = "for p in " + Shell.join(paths) + "; do if [ -d \"$p\" ]; then printf '@@dir %s\\n' \"$p\";"
                + " elif [ -e \"$p\" ]; then s=$(stat -c '%a %U %G' -- \"$p\") && b=$(base64 -w0 -- \"$p\") || exit 1;"
                + " printf '@@file %s %s\\n%s\\n' \"$s\" \"$p\" \"$b\"; else printf '@@missing %s\\n' \"$p\"; fi; done";
        String shown = "read " + String.join(", ", paths);
        lock.lock();
        try {
            RawResult r = runAsRoot(script, new byte[0], OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, shown);
            if (r.exit != 0) {
                throw new RemoteException("Cannot read " + String.join(", ", paths) + " on " + describe() + ": "
                        + transcript.redact(r.stderrText().strip()));
            }
            String[] lines = r.stdoutText().split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.startsWith("@@missing ")) {
                    out.put(line.substring(10), Optional.empty());
                } else if (line.startsWith("@@dir ")) {
                    throw new RemoteException("Cannot read " + line.substring(6) + " on " + describe() + ": is a directory");
                } else if (line.startsWith("@@file ")) {
                    String[] w = line.split(" ", 5);
                    byte[] bytes = i + 1 < lines.length ? java.util.Base64.getDecoder().decode(lines[++i].strip()) : new byte[0];
                    out.put(w[4], Optional.of(new FileRead(bytes, Integer.parseInt(w[1], 8), w[2], w[3])));
                    transcript.note("read " + w[4] + " (" + bytes.length + " bytes)");
                }
            }
            for (String p : paths) {
                if (!out.containsKey(p)) {
                    throw new RemoteException("Cannot read " + p + " on " + describe() + ": no answer for it");
                }
            }
            java.util.Map<String, Optional<FileRead>> ordered = new java.util.LinkedHashMap<>();
            paths.forEach(p -> ordered.put(p, out.get(p)));
            return ordered;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Trap: a symlink at {@code path} is replaced by a regular file (like {@code mv}), not written through.
     */
    @Override
    public void uploadAtomic(String path, byte[] content, int mode, String owner, String group) {
        requireAbsolute(path);
        if (mode < 0 || mode > 07777) {
            throw new IllegalArgumentException("mode must be between 0 and 07777, not " + Integer.toOctalString(mode));
        }
        if (owner == null || owner.isBlank() || group == null || group.isBlank()) {
            throw new IllegalArgumentException("owner and group are required");
        }
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("not a file path: " + path);
        }
        String dir = slash == 0 ? "/" : path.substring(0, slash);
        String tmp = (dir.equals("/") ? "" : dir) + "/." + name + ".mailwright-tmp-" + HexFormat.of().formatHex(randomBytes(6));
        String shown = "upload " + path;
        lock.lock();
        try {
            // 1. a private staging directory the login user owns (SFTP runs as that user)
            RawResult mk = run("sh -c " + Shell.quote("umask 077 && mktemp -d \"$HOME/.mailwright-upload-XXXXXXXX\""), null, OutputListener.NONE,
                    SETUP_TIMEOUT, Cancel.NEVER, shown);
            String stageDir = mk.stdoutText().strip();
            if (mk.exit != 0 || !stageDir.startsWith("/") || !stageDir.contains("/.mailwright-upload-") || stageDir.contains("\n")) {
                throw new RemoteException("Cannot write " + path + " on " + describe() + ": could not make a staging directory in "
                        + target.user() + "'s home: " + transcript.redact(mk.stderrText().strip()));
            }
            String staged = stageDir + "/content";
            boolean installed = false;
            try {
                sftpWrite(staged, content, shown);
                // 2. as root: install beside the target with mode and owner, then rename over it
                String t = Shell.quote(tmp);
                String script = "if install -T -m " + String.format("%04o", mode) + " -o " + Shell.quote(owner) + " -g "
                        + Shell.quote(group) + " -- " + Shell.quote(staged) + " " + t + " && mv -f -T -- " + t + " "
                        + Shell.quote(path) + "; then rc=0; else rc=$?; rm -f -- " + t + "; fi; rm -rf -- "
                        + Shell.quote(stageDir) + "; exit $rc";
                RawResult r = runAsRoot(script, new byte[0], OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, shown);
                installed = true;
                if (r.exit != 0) {
                    throw new RemoteException("Cannot write " + path + " on " + describe() + " (the old file is unchanged): "
                            + transcript.redact(r.stderrText().strip()));
                }
            } finally {
                if (!installed && isConnected()) {
                    run("sh -c " + Shell.quote("rm -rf -- " + Shell.quote(stageDir)), null, OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, shown);
                }
            }
            transcript.upload(path, content.length, mode, owner, group);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@inheritDoc} Here in one round trip, whatever the number of files: one root script reads every file's bytes
     * from its stdin ({@code head -c}, which reads no further than asked), writes each beside its target with umask
     * 077, checks its length, sets owner and mode and renames it over the target. The bytes never reach a command
     * line or the transcript; the transcript gets one "wrote" line per file, as for a single upload.
     */
    @Override
    public void uploadAtomic(List<Upload> files) {
        if (files.isEmpty()) {
            return;
        }
        StringBuilder script = new StringBuilder("umask 077\n"
                + "put() { if head -c \"$3\" > \"$2\" && [ \"$(wc -c < \"$2\")\" -eq \"$3\" ] && chown -- \"$5:$6\" \"$2\" && chmod -- \"$4\" \"$2\""
                + " && mv -f -T -- \"$2\" \"$1\"; then :; else rm -f -- \"$2\"; echo \"cannot write $1\" >&2; exit 1; fi; }\n");
        java.io.ByteArrayOutputStream stdin = new java.io.ByteArrayOutputStream();
        for (Upload f : files) {
            requireAbsolute(f.path());
            if (f.mode() < 0 || f.mode() > 07777) {
                throw new IllegalArgumentException("mode must be between 0 and 07777, not " + Integer.toOctalString(f.mode()));
            }
            if (f.owner() == null || f.owner().isBlank() || f.group() == null || f.group().isBlank()) {
                throw new IllegalArgumentException("owner and group are required");
            }
            int slash = f.path().lastIndexOf('/');
            String name = f.path().substring(slash + 1);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("not a file path: " + f.path());
            }
            String dir = slash == 0 ? "" : f.path().substring(0, slash);
            String tmp = dir + "/." + name + ".mailwright-tmp-" + HexFormat.of().formatHex(randomBytes(6));
            script.append("put ").append(Shell.quote(f.path())).append(' ').append(Shell.quote(tmp)).append(' ')
                    .append(f.content().length).append(' ').append(String.format("%04o", f.mode())).append(' ')
                    .append(Shell.quote(f.owner())).append(' ').append(Shell.quote(f.group())).append('\n');
            stdin.writeBytes(f.content());
        }
        String shown = "upload " + files.stream().map(Upload::path).collect(java.util.stream.Collectors.joining(", "));
        byte[] input = stdin.toByteArray();
        lock.lock();
        try {
            RawResult r = runAsRoot(script.toString(), input, OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, shown);
            if (r.exit != 0) {
                throw new RemoteException("Cannot write " + (files.size() == 1 ? files.get(0).path() : "the files") + " on " + describe()
                        + " (a file not written keeps its old content): " + transcript.redact(r.stderrText().strip()));
            }
            files.forEach(f -> transcript.upload(f.path(), f.content().length, f.mode(), f.owner(), f.group()));
        } finally {
            java.util.Arrays.fill(input, (byte) 0);
            lock.unlock();
        }
    }

    private void sftpWrite(String remotePath, byte[] content, String shown) {
        commandsRun.incrementAndGet();
        SSHClient c = client;
        try (SFTPClient sftp = c.newSFTPClient();
             RemoteFile file = sftp.open(remotePath, EnumSet.of(OpenMode.WRITE, OpenMode.CREAT, OpenMode.EXCL),
                     new FileAttributes.Builder().withPermissions(0600).build())) {
            int chunk = 32 * 1024;
            for (int off = 0; off < content.length; off += chunk) {
                file.write(off, content, off, Math.min(chunk, content.length - off));
            }
        } catch (IOException e) {
            if (!c.isConnected()) {
                throw lost(shown, e, true);
            }
            throw new RemoteException("Cannot send the file over SFTP to " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} The copy is made by {@code cp -p} as root; a second backup within the same second gets {@code -2}, {@code -3}... */
    @Override
    public Optional<String> backup(String path) {
        requireAbsolute(path);
        String base = path + ".mailwright-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String p = Shell.quote(path);
        String script = "if [ ! -e " + p + " ]; then exit " + MISSING + "; fi; b=" + Shell.quote(base)
                + "; c=\"$b\"; n=1; while [ -e \"$c\" ]; do n=$((n+1)); c=\"$b-$n\"; done; "
                + "cp -p -- " + p + " \"$c\" && printf '%s\\n' \"$c\"";
        lock.lock();
        try {
            RawResult r = runAsRoot(script, new byte[0], OutputListener.NONE, SETUP_TIMEOUT, Cancel.NEVER, "cp -p -- " + p);
            if (r.exit == MISSING) {
                return Optional.empty();
            }
            if (r.exit != 0) {
                throw new RemoteException("Cannot back up " + path + " on " + describe() + ": " + transcript.redact(r.stderrText().strip()));
            }
            String copy = r.stdoutText().strip();
            transcript.backup(path, copy);
            return Optional.of(copy);
        } finally {
            lock.unlock();
        }
    }

    private static void requireAbsolute(String path) {
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an absolute path is required, not " + path);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    // ---------------------------------------------------------------- the rest

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    /** Drops the connection at once, even under a running command (which then fails), and stops the I/O threads. */
    @Override
    public void close() {
        closed = true;
        SSHClient c = client;
        client = null;
        if (c != null) {
            disconnectQuietly(c);
        }
        io.shutdownNow();
    }

    private static void disconnectQuietly(SSHClient c) {
        try {
            c.disconnect();
        } catch (IOException | RuntimeException e) {
            log.debug("disconnect failed", e);
        }
    }

    @Override
    public String toString() {
        return "SshRemoteHost[" + describe() + "]";
    }
}
