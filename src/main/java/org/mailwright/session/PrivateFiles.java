package org.mailwright.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files on this computer that hold a secret (the recovery sheet with the backups' password), written the one way both
 * drivers use: {@code backup --init} and the window's Done page.
 */
public final class PrivateFiles {
    private PrivateFiles() {
    }

    /**
     * Writes {@code content} (UTF-8) to {@code file}, readable and writable by its owner only (0600) from the moment it
     * exists, so the secret is never readable by others even briefly: a temporary file beside it is created 0600, filled,
     * then moved over {@code file} atomically (a reader sees the old file or the whole new one). The folder is made when
     * missing. On a file system without POSIX permissions the file gets that system's defaults.
     *
     * @throws IOException when the folder or the file cannot be written; {@code file} is then left as it was
     */
    public static void write(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
