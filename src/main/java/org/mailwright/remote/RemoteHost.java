package org.mailwright.remote;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A server Mailwright administers. Every method may block on the network; none may be called on a UI thread.
 *
 * <p>Commands run as root: an implementation connected as a sudo user wraps them in sudo itself, so callers never
 * write {@code sudo}. Values that came from a person must go through {@link Shell} before they reach a command
 * line, and file content goes through {@link #uploadAtomic}, never through {@code echo}.
 *
 * <p>Errors are {@link RemoteException}s whose message a person can act on.
 */
public interface RemoteHost extends AutoCloseable {

    /**
     * Runs one command line and waits for it.
     *
     * @param command  the command; its {@link Command#stdin()} is written to the process and then closed
     * @param listener receives stdout and stderr line by line as they arrive (never null; use {@link OutputListener#NONE})
     * @param timeout  how long to wait before the command is killed and a {@link RemoteTimeoutException} thrown
     * @param cancel   checked while waiting; when cancelled the command is killed and {@link CancelledException} thrown
     * @return the exit status and the captured output (a non-zero exit is a result, not an exception)
     */
    CommandResult exec(Command command, OutputListener listener, Duration timeout, Cancel cancel);

    /** Runs a command with a default timeout of five minutes, no cancellation and no streaming. */
    default CommandResult exec(Command command) {
        return exec(command, OutputListener.NONE, Duration.ofMinutes(5), Cancel.NEVER);
    }

    /** The bytes of a file, or empty when it does not exist. A directory or an unreadable file is an error. */
    Optional<byte[]> read(String path);

    /** {@link #read} as UTF-8 text: the server's config files and mail tables are UTF-8. */
    default Optional<String> readText(String path) {
        return read(path).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Writes a file so that readers see either the old or the whole new content: the bytes go to a temporary file
     * in the same directory, get their mode and owner, and are renamed over {@code path}. Missing parent
     * directories are an error (create them with a command first, with the mode they need).
     */
    void uploadAtomic(String path, byte[] content, int mode, String owner, String group);

    /**
     * One file for {@link #uploadAtomic(List)}: its absolute path, bytes, octal mode (0 to 07777), owner and group.
     * Its {@code toString} never shows the content, which may be a secret.
     */
    record Upload(String path, byte[] content, int mode, String owner, String group) {
        @Override
        public String toString() {
            return "Upload[" + path + ", " + content.length + " bytes, " + String.format("%04o", mode) + " " + owner + ":" + group + "]";
        }
    }

    /**
     * Writes several files, each atomically as {@link #uploadAtomic(String, byte[], int, String, String)} writes one, in
     * list order, stopping at the first that cannot be written (those before it stay written). A host may send them
     * all in one round trip: fifty DKIM keys must not cost fifty. This default writes them one by one.
     *
     * @throws RemoteException when a file cannot be written; the files after it are not written
     * @throws IllegalArgumentException for a relative path, a mode outside 0-07777 or a blank owner or group
     */
    default void uploadAtomic(List<Upload> files) {
        for (Upload f : files) {
            uploadAtomic(f.path(), f.content(), f.mode(), f.owner(), f.group());
        }
    }

    /** A file as {@link #readAll} found it: its bytes, octal mode, owner and group. {@code toString} hides the bytes. */
    record FileRead(byte[] content, int mode, String owner, String group) {
        @Override
        public String toString() {
            return "FileRead[" + content.length + " bytes, " + String.format("%04o", mode) + " " + owner + ":" + group + "]";
        }
    }

    /**
     * Reads several files as root with their mode and owner; a host may do it in one round trip (a step's ten
     * configuration files must not cost twenty). This default reads each with {@link #read} and
     * {@code stat -c '%a %U %G'}.
     *
     * @return for each path, in the order given, the file or empty when it does not exist
     * @throws RemoteException when a path is a directory or cannot be read
     */
    default java.util.Map<String, Optional<FileRead>> readAll(List<String> paths) {
        java.util.Map<String, Optional<FileRead>> out = new java.util.LinkedHashMap<>();
        for (String path : paths) {
            Optional<byte[]> bytes = read(path);
            if (bytes.isEmpty()) {
                out.put(path, Optional.empty());
                continue;
            }
            String[] f = exec(Command.of("stat", "-c", "%a %U %G", "--", path)).orThrow().stdout().trim().split(" ");
            out.put(path, Optional.of(new FileRead(bytes.get(), Integer.parseInt(f[0], 8), f[1], f[2])));
        }
        return out;
    }

    /**
     * Keeps a timestamped copy {@code path.mailwright-YYYYMMDD-HHMMSS} (mode, owner and times preserved) beside the
     * file before it is replaced.
     *
     * @return the backup's path, or empty when there was no file to back up
     */
    Optional<String> backup(String path);

    /**
     * Opens a new connection after a {@link ConnectionLostException}, so the same object can be used again.
     *
     * <p>Trap: nothing is re-run. The command that was running when the connection dropped may or may not have
     * finished; the caller decides what to do again (a step re-reads its facts and plans anew).
     *
     * @throws RemoteException when this host cannot reconnect (the default) or the server cannot be reached
     */
    default void reconnect() {
        throw new RemoteException(describe() + " cannot reconnect: start a new session.");
    }

    /** Where this host is, for messages: {@code user@host:port}. */
    String describe();

    /** The record of everything done on this host so far. */
    Transcript transcript();

    @Override
    void close();
}
