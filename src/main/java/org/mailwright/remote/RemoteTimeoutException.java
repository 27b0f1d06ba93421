package org.mailwright.remote;

/** A command ran longer than it was allowed to and was stopped. */
public class RemoteTimeoutException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public RemoteTimeoutException(String message) {
        super(message);
    }
}
