package org.mailwright.session;

import org.mailwright.remote.HostKeyChangedException;
import org.mailwright.remote.RemoteException;

/**
 * The server could not be reached, refused the login, stopped answering, or its host key changed: a message a person
 * can act on, with the SSH layer's exception as the cause.
 */
public final class SessionException extends RuntimeException {
    private final boolean hostKeyChanged;

    /** A problem the session found itself (not connected, a key not trusted): {@code message} says what to do. */
    public SessionException(String message) {
        super(message);
        this.hostKeyChanged = false;
    }

    /** {@code cause} in the session's terms: its message kept, a changed host key told by {@link #hostKeyChanged()}. */
    public SessionException(RemoteException cause) {
        super(cause.getMessage(), cause);
        this.hostKeyChanged = cause instanceof HostKeyChangedException;
    }

    static SessionException of(RemoteException e) {
        return new SessionException(e);
    }

    /**
     * True when the server offered another host key than the one pinned: possibly someone in between. Nothing was
     * sent; the person must check before removing the old key.
     */
    public boolean hostKeyChanged() {
        return hostKeyChanged;
    }
}
