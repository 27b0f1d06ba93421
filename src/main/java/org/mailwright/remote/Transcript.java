package org.mailwright.remote;

import org.mailwright.logging.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Everything a run did on a server, in order, for the person to read afterwards. Secrets never get in: every
 * registered secret is replaced by {@value #REDACTED} in whatever is recorded, private-key blocks and bcrypt hashes
 * are masked by shape, and secret stdin is never recorded at all. Secrets added here are also registered with
 * {@link Secrets}, so logs and crash reports mask them too.
 */
public final class Transcript {
    public static final String REDACTED = Secrets.REDACTED;

    public enum Kind { EXEC, OUTPUT, UPLOAD, BACKUP, NOTE }

    public record Entry(Instant at, Kind kind, String text) {
    }

    /** Made with the first line written, not at class load: the window makes a transcript at start (CrashReporter's reason). */
    private static final class Time {
        static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    private final Clock clock;

    public Transcript() {
        this(Clock.systemUTC());
    }

    public Transcript(Clock clock) {
        this.clock = clock;
    }

    /** From now on this value is masked wherever it would be recorded. Blank values are ignored. */
    public void addSecret(String secret) {
        if (secret != null && !secret.isBlank()) {
            secrets.add(secret);
            Secrets.register(secret);
        }
    }

    public String redact(String text) {
        return Secrets.redact(text, secrets);
    }

    public void exec(Command command) {
        add(Kind.EXEC, "$ " + command.line() + (command.hasStdin() && command.secretStdin() ? "   (secret on stdin)" : ""));
    }

    public void output(String line) {
        add(Kind.OUTPUT, line);
    }

    public void upload(String path, int bytes, int mode, String owner, String group) {
        add(Kind.UPLOAD, String.format("wrote %s (%d bytes, mode %04o, %s:%s)", path, bytes, mode, owner, group));
    }

    public void backup(String path, String copy) {
        add(Kind.BACKUP, "backed up " + path + " to " + copy);
    }

    public void note(String text) {
        add(Kind.NOTE, text);
    }

    private synchronized void add(Kind kind, String text) {
        entries.add(new Entry(clock.instant(), kind, redact(text)));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The transcript as plain text, one line per entry, as saved for the person. */
    public synchronized String render() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            String prefix = Time.TIME.format(e.at()) + " " + switch (e.kind()) {
                case EXEC -> "";
                case OUTPUT -> "  | ";
                case UPLOAD, BACKUP -> "  * ";
                case NOTE -> "# ";
            };
            for (String line : e.text().split("\n", -1)) {
                sb.append(prefix).append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** Saves the transcript readable by its owner only: it names the server and its accounts. */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(), StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system (Windows): the user's profile directory protects it
        }
    }
}
