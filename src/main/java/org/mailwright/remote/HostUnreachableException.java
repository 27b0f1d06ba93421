package org.mailwright.remote;

/** No SSH conversation could start: the name did not resolve, nothing listened, or the network timed out. */
public class HostUnreachableException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public HostUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
