package org.mailwright.remote;

/** The SSH connection dropped; what was running may or may not have finished. Reconnect and run the step again. */
public class ConnectionLostException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
