package org.mailwright.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.mailwright.logging.Secrets;
import org.slf4j.Logger;

/** The shipped logging configuration ({@link LogConfig}), in a context of its own, its console appender writing into a buffer. */
class LogRedactionTest {

    @Test
    void theShippedConfigurationMasksSecretsInMessagesAndStackTraces() throws Exception {
        assertThat(LogConfig.class.getResource("/logback.xml")).as("no XML configuration is shipped to be parsed at start").isNull();
        String secret = "log-secret-" + UUID.randomUUID();
        Secrets.register(secret);
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // slf4j's binding does this for the real one
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            LogConfig.apply(context);
            // the configured console appender, encoder and all, writing here instead of to stderr
            var console = (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(LogConfig.APPENDER);
            console.setOutputStream(captured);
            Logger log = context.getLogger("org.mailwright.test");
            log.warn("the password {} was refused", secret, new IllegalStateException("wrapped",
                    new java.io.IOException("auth failed for " + secret + " and $2b$12$" + "b".repeat(53))));
        } finally {
            context.stop();
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("the password [redacted] was refused")
                .contains("java.lang.IllegalStateException: wrapped")
                .contains("Caused by: java.io.IOException: auth failed for [redacted] and [redacted]")
                .contains("at org.mailwright.logging.LogRedactionTest")
                .doesNotContain(secret).doesNotContain("$2b$12$");
    }
}
