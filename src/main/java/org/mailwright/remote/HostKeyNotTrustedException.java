package org.mailwright.remote;

/** The server's host key was not pinned yet and was not accepted (the person said no, or the CLI was not told to). */
public class HostKeyNotTrustedException extends RemoteException {
    private static final long serialVersionUID = 1L;
    private final String offeredFingerprint;

    public HostKeyNotTrustedException(String message, String offeredFingerprint) {
        super(message);
        this.offeredFingerprint = offeredFingerprint;
    }

    public String offeredFingerprint() {
        return offeredFingerprint;
    }
}
