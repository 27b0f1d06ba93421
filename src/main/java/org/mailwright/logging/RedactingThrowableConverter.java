package org.mailwright.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.mailwright.logging.Secrets;

/**
 * {@code %redactedEx} in {@link LogConfig}'s pattern (and logback-test.xml): the stack trace with every known secret masked, since exception messages
 * (ours and the libraries') are built from whatever was at hand. Being a throwable converter, it also stops logback
 * from appending its own unmasked {@code %ex}.
 */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return Secrets.redact(super.convert(event));
    }
}
