package org.mailwright.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.mailwright.logging.Secrets;

/**
 * {@code %redactedMsg} in {@link LogConfig}'s pattern (and logback-test.xml): the message with every known secret masked. Mailwright's own log lines never
 * carry a secret; this is for the library message or exception text nobody here wrote.
 */
public final class RedactingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.redact(super.convert(event));
    }
}
