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
}
