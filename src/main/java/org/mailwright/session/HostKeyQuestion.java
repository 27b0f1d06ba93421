package org.mailwright.session;

import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.UnknownHostKey;

/**
 * Who decides whether to trust a server's host key seen for the first time (a dialog, or the command line's
 * {@code --accept-host-key}). A pinned key is accepted and a changed one refused without asking: there is no way to
 * accept every key. Asked on the SSH transport thread, which waits for the answer: a window must hop to its UI thread.
 */
@FunctionalInterface
public interface HostKeyQuestion {

    /** @return true to pin the key and go on, false to refuse the connection (nothing is sent) */
    boolean trust(NewHostKey key);

    /**
     * A host key not seen before.
     *
     * @param keyType     the SSH name of the key type, e.g. {@code ssh-ed25519}
     * @param fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:} and unpadded base64
     * @param description a sentence for a dialog or a terminal, saying how to compare the fingerprint
     */
    record NewHostKey(String host, int port, String keyType, String fingerprint, String description) {
    }

    /** Refuses every unknown host: only keys pinned before are accepted (the command line without --accept-host-key). */
    static HostKeyQuestion rejectUnknown() {
        return key -> false;
    }

    /**
     * Accepts an unknown host only when its key has exactly this fingerprint (the command line's
     * {@code --accept-host-key SHA256:...}).
     *
     * @throws IllegalArgumentException when {@code sha256Fingerprint} does not look like {@code SHA256:...}
     */
    static HostKeyQuestion acceptFingerprint(String sha256Fingerprint) {
        HostKeyPrompt prompt = HostKeyPrompt.acceptFingerprint(sha256Fingerprint);
        return key -> prompt.trust(new UnknownHostKey(key.host(), key.port(), key.keyType(), key.fingerprint()));
    }

    /** Why {@code fingerprint} cannot be given to {@link #acceptFingerprint}, or null when it can. */
    static String fingerprintProblem(String fingerprint) {
        try {
            HostKeyPrompt.acceptFingerprint(fingerprint);
            return null;
        } catch (IllegalArgumentException e) {
            return "--accept-host-key expects a fingerprint like SHA256:AbC... (as ssh-keygen -lf prints it), not '" + fingerprint + "'.";
        }
    }

    /** This question as the SSH layer asks it. */
    default HostKeyPrompt asPrompt() {
        return key -> trust(new NewHostKey(key.host(), key.port(), key.keyType(), key.fingerprint(), key.describe()));
    }
}
