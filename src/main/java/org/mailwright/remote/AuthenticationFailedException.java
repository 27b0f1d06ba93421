package org.mailwright.remote;

/** The server was reached but did not let us in (wrong password, key not authorized, sudo refused, bad key file). */
public class AuthenticationFailedException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
