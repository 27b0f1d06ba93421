package org.mailwright.remote;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * sshj's host key check backed by a {@link HostKeyStore}: a pinned key passes silently, an unknown host is put to the
 * {@link HostKeyPrompt} and pinned only when it says yes, a key that differs from the pinned one is refused without
 * asking. There is deliberately no "accept anything" mode.
 *
 * <p>sshj only sees {@code false} and reports a generic TransportException; the reason is kept in {@link #failure()}
 * so the caller can throw the exception meant for people.
 */
final class PinningHostKeyVerifier implements HostKeyVerifier {
    private final HostKeyStore store;
    private final HostKeyPrompt prompt;
    private final String host;
    private final int port;
    private volatile RemoteException failure;

    PinningHostKeyVerifier(HostKeyStore store, HostKeyPrompt prompt, String host, int port) {
        this.store = store;
        this.prompt = prompt;
        this.host = host;
        this.port = port;
    }

    /** Why the last key was refused, or null. */
    RemoteException failure() {
        return failure;
    }

    static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    // sshj passes the host name it connected to; we check against the name the person gave (the same string),
    // so a key is never pinned under a resolved address instead.
    @Override
    public boolean verify(String ignoredHostname, int ignoredPort, PublicKey key) {
        byte[] offered = blob(key);
        String offeredType = KeyType.fromKey(key).toString();
        String offeredFp = HostKeyStore.fingerprint(offered);
        List<HostKeyStore.PinnedKey> pinned = store.keysFor(host, port);
        boolean revoked = pinned.stream().anyMatch(k -> k.revoked() && Arrays.equals(k.blob(), offered));
        if (!revoked && pinned.stream().anyMatch(k -> !k.revoked() && Arrays.equals(k.blob(), offered))) {
            return true;
        }
        List<String> pinnedFps = pinned.stream().filter(k -> !k.revoked()).map(HostKeyStore.PinnedKey::toString).toList();
        if (revoked || !pinnedFps.isEmpty()) {
            // Like OpenSSH with StrictHostKeyChecking: a different key for a known host is never asked about.
            failure = new HostKeyChangedException(HostKeyStore.hostPattern(host, port),
                    revoked ? List.of("(this key is marked @revoked)") : pinnedFps, offeredType + " " + offeredFp, store.file());
            return false;
        }
        UnknownHostKey unknown = new UnknownHostKey(host, port, offeredType, offeredFp);
        boolean trusted;
        try {
            trusted = prompt.trust(unknown);
        } catch (HostKeyNotTrustedException e) {
            failure = e;
            return false;
        } catch (RuntimeException e) {
            failure = new HostKeyNotTrustedException("Could not ask whether to trust " + HostKeyStore.hostPattern(host, port)
                    + ": " + e.getMessage(), offeredFp);
            return false;
        }
        if (!trusted) {
            failure = new HostKeyNotTrustedException("The host key of " + HostKeyStore.hostPattern(host, port) + " (" + offeredType
                    + " " + offeredFp + ") is not trusted yet, so Mailwright did not log in. If this fingerprint matches the one "
                    + "the server's console shows (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), accept it "
                    + "(CLI: --accept-host-key " + offeredFp + ").", offeredFp);
            return false;
        }
        store.pin(host, port, offeredType, offered);
        return true;
    }

    /** The key types pinned for this host, so sshj asks the server for those and does not mistake another type for a change. */
    @Override
    public List<String> findExistingAlgorithms(String ignoredHostname, int ignoredPort) {
        Set<String> types = new LinkedHashSet<>();
        for (HostKeyStore.PinnedKey k : store.keysFor(host, port)) {
            if (!k.revoked()) {
                types.add(k.keyType());
            }
        }
        return List.copyOf(types);
    }
}
