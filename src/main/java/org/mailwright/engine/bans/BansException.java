package org.mailwright.engine.bans;

/**
 * fail2ban could not be asked: it is not installed or not running, or its answer could not be read. The message is a
 * sentence a person can act on.
 */
public final class BansException extends RuntimeException {

    /** @param message the sentence shown as it is */
    public BansException(String message) {
        super(message);
    }
}
