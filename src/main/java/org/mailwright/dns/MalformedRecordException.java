package org.mailwright.dns;

/** A published record that does not parse; the message says what is wrong in words a person can fix. */
public class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
