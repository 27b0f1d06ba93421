package org.mailwright.remote;

import java.util.Objects;

/**
 * Decides whether to trust a host key seen for the first time. Only unknown hosts are asked: a pinned key is accepted
 * without asking and a changed key is refused without asking ({@link HostKeyChangedException}), so there is no way to
 * build a verifier that accepts everything.
 *
 * <p>Called on sshj's transport thread during the key exchange, which waits for the answer (up to the transport
 * timeout): a GUI implementation must hop to its UI thread and block this one until the person answers.
 */
@FunctionalInterface
public interface HostKeyPrompt {

    /** @return true to pin the key and go on, false to refuse the connection */
    boolean trust(UnknownHostKey key);

    /** Refuses every unknown host: only keys already pinned are accepted (the CLI without {@code --accept-host-key}). */
    static HostKeyPrompt rejectUnknown() {
        return key -> false;
    }

    /**
     * Accepts an unknown host only when its key has exactly this fingerprint (the CLI's {@code --accept-host-key
     * SHA256:...}). The {@code SHA256:} prefix is required so an MD5 fingerprint cannot match by accident. Another
     * fingerprint is refused with a {@link HostKeyNotTrustedException} that names both.
     */
    static HostKeyPrompt acceptFingerprint(String sha256Fingerprint) {
        Objects.requireNonNull(sha256Fingerprint, "fingerprint");
        if (!sha256Fingerprint.startsWith("SHA256:") || sha256Fingerprint.length() < 20) {
            throw new IllegalArgumentException("expected a fingerprint like SHA256:AbC... (as ssh-keygen -lf prints it), got "
                    + sha256Fingerprint);
        }
        String wanted = sha256Fingerprint.strip().replaceAll("=+$", "");
        return key -> {
            if (!key.fingerprint().equals(wanted)) {
                // not "unknown, accept it?": the person named a key and the server showed another, which is worth alarm
                throw new HostKeyNotTrustedException("The host key of " + key.host() + " (" + key.keyType() + " " + key.fingerprint()
                        + ") does not match the fingerprint given with --accept-host-key (" + wanted + "), so Mailwright did not"
                        + " log in. Compare both with the one your provider's console shows (ssh-keygen -lf"
                        + " /etc/ssh/ssh_host_ed25519_key.pub); if the server's is right, give that one.", key.fingerprint());
            }
            return true;
        };
    }
}
