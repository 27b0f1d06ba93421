package org.mailwright.ui;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.mailwright.Version;
import org.mailwright.logging.Secrets;
import org.mailwright.session.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an exception nobody caught, on the JavaFX thread or any other: it is logged, written to a crash
 * report readable only by the person (it names their server), and the person is told in one sentence where that
 * report is. Every word of it goes through {@link Secrets#redact}: an exception message can quote anything that was
 * at hand, a password included. Building the text needs no JavaFX; showing it is {@code show}'s job.
 */
public final class CrashReporter implements Thread.UncaughtExceptionHandler {
    /**
     * The logger, made on first use: these classes are on the window's start-up path, and the first
     * {@code LoggerFactory.getLogger} sets up logback (about 170 classes and three jars read, about 0.1 s of a cold
     * start, docs/performance.md). A start that logs nothing never pays for it.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(CrashReporter.class);
    }

    /** What the person is shown: a title and one plain sentence with the report's path. */
    public record Crash(String title, String text, Path report) {
    }

    private final Path dir;
    private final Clock clock;
    private final Consumer<Crash> show;
    private final AtomicBoolean reporting = new AtomicBoolean();

    public CrashReporter(Path dir, Clock clock, Consumer<Crash> show) {
        this.dir = dir;
        this.clock = clock;
        this.show = show;
    }

    /** Beside the CLI's transcripts: {@code $XDG_STATE_HOME/mailwright/crash}, by default under ~/.local/state. */
    public static Path defaultDir() {
        return Paths.state("crash");
    }

    /** Makes {@code reporter} the handler of every thread that has none of its own. */
    public static void install(CrashReporter reporter) {
        Thread.setDefaultUncaughtExceptionHandler(reporter);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (!reporting.compareAndSet(false, true)) {
            // an error while reporting one (or two at once): log it, never loop
            Log.LOG.error("another uncaught error in {} while reporting one: {}", thread.getName(), Secrets.redact(String.valueOf(error)));
            return;
        }
        try {
            String report = reportText(thread, error);
            String what = Secrets.redact(String.valueOf(error));
            Path file = null;
            try {
                file = write(report);
                Log.LOG.error("uncaught error in thread {}: {} (crash report saved to {})", thread.getName(), what, file);
            } catch (IOException | RuntimeException e) {
                Log.LOG.error("uncaught error in thread {}: {}; could not save the crash report in {} ({}), so here it is:\n{}",
                        thread.getName(), what, dir, Secrets.redact(e.toString()), report);
            }
            show.accept(crash(file));
        } catch (RuntimeException e) {
            Log.LOG.error("reporting an uncaught error failed: {}", Secrets.redact(e.toString()));
        } finally {
            reporting.set(false);
        }
    }

    /** The report: what and where, then the stack trace with every cause, all masked. */
    String reportText(Thread thread, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        return Secrets.redact("Mailwright " + Version.get() + " crash report\n"
                + "time:    " + clock.instant() + "\n"
                + "thread:  " + thread.getName() + "\n"
                + "runtime: " + AboutDialog.javaLine() + ", " + AboutDialog.javafxLine() + ", " + System.getProperty("os.name")
                + " " + System.getProperty("os.version") + "\n\n"
                + trace);
    }

    static Crash crash(Path report) {
        String text = report == null
                ? "Mailwright ran into an unexpected error; the report could not be saved, so it is in the log instead."
                : "Mailwright ran into an unexpected error. What happened is saved, with passwords masked, in\n" + report
                        + "\nPlease attach that file when you report it; running the setup again is safe.";
        return new Crash("Unexpected error", Secrets.redact(text), report);
    }

    private Path write(String report) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        // made here, on the crash path only: a formatter at class load costs every start of the window java.time's set-up
        String base = "crash-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(clock.instant().atZone(ZoneId.systemDefault()));
        for (int n = 1; ; n++) {
            Path file = dir.resolve(base + (n == 1 ? "" : "-" + n) + ".txt");
            try {
                // created private, before anything is in it
                if (posix) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException taken) {
                continue;
            }
            Files.writeString(file, report, StandardCharsets.UTF_8);
            return file;
        }
    }
}
