package org.mailwright.remote;

import java.nio.file.Path;
import java.util.List;

/**
 * The server offered a host key other than the one pinned for it. Nothing was sent to it: no password, no command.
 * This is what a man-in-the-middle attack looks like; it is also what a rebuilt server looks like.
 */
public class HostKeyChangedException extends RemoteException {
    private static final long serialVersionUID = 1L;
    private final String offeredFingerprint;

    public HostKeyChangedException(String hostPort, List<String> pinnedFingerprints, String offeredFingerprint, Path knownHosts) {
        super("The host key of " + hostPort + " has CHANGED. Pinned: " + String.join(", ", pinnedFingerprints)
                + "; offered now: " + offeredFingerprint + ". Mailwright stopped before sending anything. "
                + "This could be an attack (someone between you and the server). If you know the server was rebuilt "
                + "or its SSH keys were regenerated, check the new fingerprint on the server's console "
                + "(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and remove the old line for "
                + hostPort + " from " + knownHosts + ", then connect again.");
        this.offeredFingerprint = offeredFingerprint;
    }

    public String offeredFingerprint() {
        return offeredFingerprint;
    }
}
