package org.mailwright.engine.trail;

import java.time.Instant;
import java.util.List;

/**
 * The path of one message through the server, read from the journal of OpenSMTPD, rspamd and Dovecot.
 *
 * @param messageId the Message-ID header without angle brackets, or smtpd's message id when the header is unknown
 * @param from      the envelope sender (empty for a bounce)
 * @param to        the envelope recipients
 * @param subject   empty: the journal does not hold subjects (kept for later)
 * @param hops      what happened, in time order: received, scanned, delivered, relayed, deferred, bounced
 */
public record MessageTrail(String messageId, String from, List<String> to, String subject, List<Hop> hops) {
    public MessageTrail {
        to = List.copyOf(to);
        hops = List.copyOf(hops);
    }

    /** When the first hop happened. */
    public Instant firstSeen() {
        return hops.isEmpty() ? Instant.EPOCH : hops.get(0).at();
    }

    /**
     * One step of a message's path.
     *
     * @param at     when the journal recorded it
     * @param kind   what it was
     * @param text   one sentence, such as "received on port 587 from 203.0.113.5 (alice@example.com logged in)",
     *               "rspamd: score 1.2 of 15, no action", "delivered to the mailbox of bob@example.com",
     *               "relayed to mx.example.net [198.51.100.7]: 250 2.0.0 Ok"
     * @param failed whether this hop is a failure (deferred, bounced, rejected)
     */
    public record Hop(Instant at, Kind kind, String text, boolean failed) {
    }

    /** The kinds of hop, in the order a message usually meets them. */
    public enum Kind { RECEIVED, SUBMITTED, SCANNED, REJECTED, DELIVERED, RELAYED, DEFERRED, BOUNCED }
}
