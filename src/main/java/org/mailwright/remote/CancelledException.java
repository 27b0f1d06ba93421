package org.mailwright.remote;

/** The person cancelled; nothing further was started on the server. */
public class CancelledException extends RemoteException {
    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("Cancelled: nothing further was started on the server.");
    }

    /** Cancelled while a command ran: the message says which command was stopped. */
    public CancelledException(String message) {
        super(message);
    }
}
