package org.mailwright.engine.queue;

/**
 * smtpctl could not do what was asked with the queue: the envelope is gone, smtpd is not running, or its output could
 * not be read. The message is a sentence a person can act on.
 */
public final class QueueException extends RuntimeException {

    /** @param message the sentence shown as it is */
    public QueueException(String message) {
        super(message);
    }
}
