package org.mailwright.facts;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteHost;

/** A file on the server as it is now: its content (if it exists), mode and owner. */
public record FileState(String path, Optional<String> content, int mode, String owner, String group) {

    public boolean exists() {
        return content.isPresent();
    }

    public static FileState read(RemoteHost host, String path) {
        Optional<byte[]> bytes = host.read(path);
        if (bytes.isEmpty()) {
            return new FileState(path, Optional.empty(), 0, "", "");
        }
        CommandResult stat = host.exec(Command.of("stat", "-c", "%a %U %G", "--", path)).orThrow();
        String[] f = stat.stdout().trim().split(" ");
        return new FileState(path, Optional.of(new String(bytes.get(), StandardCharsets.UTF_8)),
                Integer.parseInt(f[0], 8), f[1], f[2]);
    }

    /**
     * {@link #read} for many files at once, in one round trip where the host can ({@link RemoteHost#readAll}).
     *
     * @return one state per path, in the order given
     */
    public static java.util.List<FileState> readAll(RemoteHost host, java.util.List<String> paths) {
        java.util.List<FileState> out = new java.util.ArrayList<>();
        host.readAll(paths).forEach((path, read) -> out.add(read.map(r -> new FileState(path,
                Optional.of(new String(r.content(), StandardCharsets.UTF_8)), r.mode(), r.owner(), r.group()))
                .orElse(new FileState(path, Optional.empty(), 0, "", ""))));
        return out;
    }
}
