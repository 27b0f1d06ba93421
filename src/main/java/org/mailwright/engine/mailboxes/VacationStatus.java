package org.mailwright.engine.mailboxes;

import java.util.Optional;
import org.mailwright.model.Vacation;

/**
 * A mailbox's vacation reply as read from the server ({@link VacationScripts#readAll}): it is on, with the settings it
 * was made from when Mailwright can read them back exactly. A script changed by hand (or written without the settings
 * line) is still on, but its settings are unknown: the reply is shown as on rather than hidden.
 *
 * @param settings the subject, text and dates of the reply; empty when they cannot be read back
 */
public record VacationStatus(Optional<Vacation> settings) {
    /** On, with settings Mailwright cannot read back. */
    public static final VacationStatus UNKNOWN = new VacationStatus(Optional.empty());
    /** What a list shows for a mailbox without a vacation reply. */
    public static final String OFF = "-";

    public VacationStatus {
        settings = settings == null ? Optional.empty() : settings;
    }

    /** On with these settings. */
    public static VacationStatus of(Vacation v) {
        return new VacationStatus(Optional.of(v));
    }

    /**
     * The one way a list shows a reply: {@code on}, {@code on from 2026-12-20}, {@code on until 2027-01-06},
     * {@code on 2026-12-20 to 2027-01-06}, or {@code on, settings unknown}. The dates are the server's days, both
     * included; whether today falls between them is not judged here (this computer's date may differ from the server's).
     */
    public String summary() {
        if (settings.isEmpty()) {
            return "on, settings unknown";
        }
        Vacation v = settings.get();
        if (v.from().isPresent() && v.until().isPresent()) {
            return "on " + v.from().get() + " to " + v.until().get();
        }
        return "on" + v.from().map(d -> " from " + d).orElse("") + v.until().map(d -> " until " + d).orElse("");
    }

    /** {@link #summary()} of a mailbox's reply, or {@link #OFF} when it has none. */
    public static String summary(Optional<VacationStatus> status) {
        return status.map(VacationStatus::summary).orElse(OFF);
    }
}
