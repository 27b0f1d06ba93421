package org.mailwright.remote;

/** A failure on or on the way to the server, with a message a person can act on. */
public class RemoteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RemoteException(String message) {
        super(message);
    }

    public RemoteException(String message, Throwable cause) {
        super(message, cause);
    }
}
