package org.mailwright.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Mailwright's logging, set up in code: warnings and errors only, on stderr, every message and stack trace masked as
 * the transcript is ({@link Secrets}, through {@link RedactingMessageConverter} and {@link RedactingThrowableConverter}).
 * Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}, before it looks for a
 * {@code logback.xml}: parsing one costs each start of the window about 0.2 s (logback's XML configurator and the
 * JDK's SAX parser: 550 classes fewer at start, 4475 against 3925 by {@code -Xlog:class+load}, docs/performance.md).
 * A {@code logback-test.xml} on the class path (the tests') or {@code -Dlogback.configurationFile} still wins: then
 * this one steps aside.
 */
public final class LogConfig extends ContextAwareBase implements Configurator {
    /** The appender's name, for a test that captures its output. */
    public static final String APPENDER = "STDERR";
    /** Each line: time, level, logger, the masked message and the masked stack trace. */
    static final String PATTERN = "%d{HH:mm:ss} %-5level %logger{20}: %redactedMsg%n%redactedEx";

    /**
     * Configures {@code context} as above.
     *
     * @return {@code DO_NOT_INVOKE_NEXT_IF_ANY} once configured; {@code INVOKE_NEXT_IF_ANY} when a test configuration or
     *         an explicit configuration file should be used instead
     */
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null || LogConfig.class.getResource("/logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Puts the configuration into {@code context}: one console appender on stderr, the root at WARN. */
    public static void apply(LoggerContext context) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        // the conversion words the pattern uses (logback.xml's conversionRule elements did this)
        layout.getInstanceConverterMap().put("redactedMsg", RedactingMessageConverter::new);
        layout.getInstanceConverterMap().put("redactedEx", RedactingThrowableConverter::new);
        layout.setPattern(PATTERN);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(APPENDER);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        // the CLI's own output is its interface: library chatter stays out unless it is a warning
        context.getLogger("net.schmizz").setLevel(Level.ERROR);
        // sshj logs a harmless stack trace when we drop a connection whose host key was refused
        context.getLogger("net.schmizz.concurrent.Promise").setLevel(Level.OFF);
        context.getLogger("net.schmizz.sshj.transport.TransportImpl").setLevel(Level.OFF);
        context.getLogger("net.schmizz.sshj.transport.KeyExchanger").setLevel(Level.OFF);
        context.getLogger("com.hierynomus").setLevel(Level.ERROR);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(console);
    }
}
