package org.mailwright.ui.profiles;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.mailwright.session.Paths;
import org.mailwright.ui.UiExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server profiles as one properties file per server under $XDG_CONFIG_HOME/mailwright/profiles (by default ~/.config/mailwright/profiles). Properties rather than JSON
 * because a person may want to read or delete one by hand, and it needs no extra library. A broken file is skipped
 * (and logged), never fatal: the wizard works without profiles.
 */
public final class ProfileStore {
    /** The logger, made on first use: see CrashReporter's (logback's set-up stays off the window's start). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(ProfileStore.class);
    }
    private final Path dir;

    public ProfileStore(Path dir) {
        this.dir = dir;
    }

    public static ProfileStore atDefaultLocation() {
        return new ProfileStore(Paths.config("profiles"));
    }

    /** Every readable profile, most recently used first. */
    public List<ServerProfile> list() {
        List<ServerProfile> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path f : files) {
                try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                    Properties p = new Properties();
                    p.load(r);
                    out.add(new ServerProfile(p.getProperty("host", ""), Integer.parseInt(p.getProperty("port", "22")),
                            p.getProperty("user", "root"), p.getProperty("keyPath", ""), p.getProperty("domain", ""),
                            p.getProperty("hostname", ""), Instant.parse(p.getProperty("lastUsed", Instant.EPOCH.toString())),
                            p.getProperty("specPath", "")));
                } catch (IOException | RuntimeException e) {
                    Log.LOG.warn("skipping unreadable profile {}: {}", f, e.toString());
                }
            }
        } catch (IOException e) {
            Log.LOG.warn("cannot list profiles in {}: {}", dir, e.toString());
        }
        out.removeIf(p -> p.host().isBlank());
        out.sort(Comparator.comparing(ServerProfile::lastUsed).reversed());
        return out;
    }

    /**
     * Saves {@code profile} as {@link #save} does, off the UI thread through {@code ui}: a page calls this from the FX
     * thread, where a file write on a busy or network disk can hold the window for long. A failure is only logged,
     * since a profile is a convenience and the wizard goes on without it.
     */
    public void saveLater(ServerProfile profile, UiExecutor ui) {
        ui.submit(() -> {
            save(profile);
            return profile;
        }, saved -> {
        }, e -> Log.LOG.warn("could not save the server profile {}: {}", profile.fileName(), e.toString()));
    }

    /**
     * Saves (or replaces) the profile of {@code profile.host():port}. A profile without a spec file keeps the one
     * stored before: the wizard's Connect page saves profiles without one and must not make the dashboard ask again.
     *
     * @throws IOException when the file cannot be written
     */
    public void save(ServerProfile profile) throws IOException {
        Files.createDirectories(dir);
        if (profile.specPath().isBlank()) {
            String file = profile.fileName();
            String known = list().stream().filter(k -> k.fileName().equals(file)).map(ServerProfile::specPath)
                    .findFirst().orElse("");
            profile = profile.withSpecPath(known);
        }
        Properties p = new Properties();
        p.setProperty("host", profile.host());
        p.setProperty("port", Integer.toString(profile.port()));
        p.setProperty("user", profile.user());
        p.setProperty("keyPath", nullToEmpty(profile.keyPath()));
        p.setProperty("domain", nullToEmpty(profile.domain()));
        p.setProperty("hostname", nullToEmpty(profile.hostname()));
        p.setProperty("lastUsed", profile.lastUsed().toString());
        p.setProperty("specPath", profile.specPath());
        Path tmp = dir.resolve(profile.fileName() + ".tmp");
        Files.deleteIfExists(tmp);
        // no secret is in it, but it says which servers this person runs and how to log in to them: theirs alone
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "Mailwright server profile (no passwords are ever stored here)");
        }
        Files.move(tmp, dir.resolve(profile.fileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
