package org.mailwright.remote;

/**
 * A host key seen for the first time, as shown to the person deciding whether to trust it.
 *
 * @param keyType     the SSH name of the key type, e.g. {@code ssh-ed25519}
 * @param fingerprint as {@code ssh-keygen -lf} prints it: {@code SHA256:} and unpadded base64
 */
public record UnknownHostKey(String host, int port, String keyType, String fingerprint) {

    /** A sentence for a dialog or a terminal. */
    public String describe() {
        return "The server " + HostKeyStore.hostPattern(host, port) + " is not known yet. Its " + keyType
                + " key fingerprint is " + fingerprint + ". Compare it with the one the server's console shows "
                + "(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) before trusting it.";
    }
}
