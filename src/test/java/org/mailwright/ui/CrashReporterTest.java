package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.logging.Secrets;
import org.slf4j.LoggerFactory;

/** The crash report and the dialog's text, without a toolkit: the secrets in an uncaught error never reach either. */
class CrashReporterTest {
    private static final String HASH = "$2y$12$" + "CrashHash".repeat(6).substring(0, 53);
    private static final String KEY_BODY = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ";

    @TempDir
    Path dir;
    private final List<CrashReporter.Crash> shown = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CrashReporter.class);
    private String secret;
    private CrashReporter reporter;

    @BeforeEach
    void setUp() {
        secret = "Crash-Sekr3t-'\"$(id)-" + UUID.randomUUID();
        Secrets.register(secret); // as SshSetupService does when the person types it
        logs.start();
        logger.addAppender(logs);
        reporter = new CrashReporter(dir.resolve("state/mailwright/crash"), Clock.fixed(Instant.parse("2025-06-01T10:15:30Z"), ZoneOffset.UTC),
                shown::add);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logs);
    }

    private Throwable errorFullOfSecrets() {
        return new IllegalStateException("login with " + secret + " failed",
                new RuntimeException("table line john@example.com:" + HASH + "::::::\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
                        + KEY_BODY + "\n-----END OPENSSH PRIVATE KEY-----"));
    }

    private String logged() {
        StringBuilder sb = new StringBuilder();
        synchronized (logs) {
            for (ILoggingEvent e : logs.list) {
                sb.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    sb.append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
                }
            }
        }
        return sb.toString();
    }

    @Test
    void writesAPrivateReportWithTheMaskedTraceAndShowsOneSentenceWithItsPath() throws Exception {
        reporter.uncaughtException(new Thread("JavaFX Application Thread"), errorFullOfSecrets());

        Path crashDir = dir.resolve("state/mailwright/crash");
        List<Path> reports;
        try (Stream<Path> files = Files.list(crashDir)) {
            reports = files.toList();
        }
        assertThat(reports).singleElement().satisfies(p -> assertThat(p.getFileName().toString()).matches("crash-\\d{8}-\\d{6}\\.txt"));
        Path report = reports.get(0);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(crashDir))).isEqualTo("rwx------");
        String text = Files.readString(report);
        assertThat(text).contains("crash report", "thread:  JavaFX Application Thread", "time:    2025-06-01T10:15:30Z",
                "java.lang.IllegalStateException: login with [redacted] failed",
                "Caused by: java.lang.RuntimeException: table line john@example.com:[redacted]::::::",
                "at org.mailwright.ui.CrashReporterTest.errorFullOfSecrets");
        assertThat(text).doesNotContain(secret).doesNotContain(HASH).doesNotContain(KEY_BODY);

        assertThat(shown).singleElement().satisfies(c -> {
            assertThat(c.report()).isEqualTo(report);
            assertThat(c.text()).isEqualTo("Mailwright ran into an unexpected error. What happened is saved, with passwords masked, in\n"
                    + report + "\nPlease attach that file when you report it; running the setup again is safe.");
        });
        assertThat(logged()).contains("uncaught error in thread JavaFX Application Thread", "login with [redacted] failed", report.toString())
                .doesNotContain(secret).doesNotContain(HASH).doesNotContain(KEY_BODY);
    }

    @Test
    void aReportThatCannotBeSavedGoesToTheMaskedLogAndTheDialogSaysSo() throws Exception {
        Path blocked = Files.writeString(dir.resolve("not-a-dir"), "x");
        CrashReporter r = new CrashReporter(blocked.resolve("crash"), Clock.systemUTC(), shown::add);
        r.uncaughtException(Thread.currentThread(), errorFullOfSecrets());
        assertThat(shown).singleElement().satisfies(c -> {
            assertThat(c.report()).isNull();
            assertThat(c.text()).contains("could not be saved").contains("log");
        });
        assertThat(logged()).contains("could not save the crash report", "at org.mailwright.ui.CrashReporterTest")
                .doesNotContain(secret).doesNotContain(HASH).doesNotContain(KEY_BODY);
    }

    @Test
    void aFailingDialogOrASecondErrorIsLoggedNeverThrown() {
        CrashReporter r = new CrashReporter(dir, Clock.systemUTC(), crash -> {
            throw new IllegalStateException("no toolkit, and " + secret);
        });
        r.uncaughtException(Thread.currentThread(), errorFullOfSecrets());
        assertThat(logged()).contains("reporting an uncaught error failed").doesNotContain(secret);
    }

    @Test
    void reportsInTheSameSecondGetTheirOwnFiles() throws Exception {
        reporter.uncaughtException(Thread.currentThread(), new RuntimeException("one"));
        reporter.uncaughtException(Thread.currentThread(), new RuntimeException("two"));
        try (Stream<Path> files = Files.list(dir.resolve("state/mailwright/crash"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("crash-" + stamp() + "-2.txt", "crash-" + stamp() + ".txt");
        }
    }

    /** The file names are in local time, as a person looking for "the crash at ten past three" expects. */
    private static String stamp() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .format(Instant.parse("2025-06-01T10:15:30Z").atZone(java.time.ZoneId.systemDefault()));
    }

    @Test
    void installIsTheDefaultForEveryThread() throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        try {
            CrashReporter.install(reporter);
            Thread t = new Thread(() -> {
                throw new IllegalStateException("from a worker with " + secret);
            }, "worker");
            t.start();
            t.join();
            assertThat(shown).hasSize(1);
            assertThat(logged()).contains("uncaught error in thread worker").doesNotContain(secret);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    @Test
    void defaultDirIsBesideTheTranscripts() {
        assertThat(CrashReporter.defaultDir().toString()).endsWith("mailwright/crash");
    }
}
