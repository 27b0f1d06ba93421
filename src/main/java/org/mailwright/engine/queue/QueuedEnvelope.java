package org.mailwright.engine.queue;

import java.time.Instant;
import java.util.Optional;

/**
 * One envelope OpenSMTPD holds in its queue (one recipient of one message), as {@code smtpctl show queue} lists it.
 *
 * @param id         the envelope id (16 hex digits); the message id is its first 8
 * @param sender     the envelope sender; empty for a bounce
 * @param recipient  the recipient address
 * @param queuedAt   when the message was accepted
 * @param lastTry    when delivery was last tried; empty when not yet
 * @param retries    how many times delivery was tried
 * @param state      what smtpd does with it now: "pending", "inflight" or "frozen"; "offline" when smtpd is stopped (smtpctl read the spool)
 * @param lastError  what the last try said, as smtpd has it ("550 5.7.1 ..."); empty when none
 * @param explained  the same in plain words ("the receiving server said: 550 5.7.1 ... your IP is listed")
 */
public record QueuedEnvelope(String id, String sender, String recipient, Instant queuedAt, Optional<Instant> lastTry,
                             int retries, String state, String lastError, String explained) {
}
