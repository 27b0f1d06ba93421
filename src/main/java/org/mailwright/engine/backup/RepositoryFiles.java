package org.mailwright.engine.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.mailwright.remote.Command;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.Shell;

/**
 * The files of a restic repository, by path relative to its top, with their sizes in bytes: what the copy to this
 * computer and the copy back to a new server compare. restic never changes a file once written (each is named by the
 * hash of its content; restic manual, "Repository Format"), so a file of the same name and size is the same file and
 * only missing ones are copied. Lock files are left out: they belong to one running restic.
 */
public final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** Files of the repository at {@code dir} on the server; empty when there is none. */
    public static Map<String, Long> onServer(RemoteHost host, String dir) {
        String out = host.exec(Command.script("cd " + Shell.quote(dir) + " 2>/dev/null && find . -type f ! -path './locks/*' ! -name '*.part'"
                + " -printf '%P\\t%s\\n'; true")).stdout();
        Map<String, Long> files = new LinkedHashMap<>();
        out.lines().forEach(l -> {
            int tab = l.lastIndexOf('\t');
            if (tab > 0 && safe(l.substring(0, tab))) {
                files.put(l.substring(0, tab), Long.parseLong(l.substring(tab + 1)));
            }
        });
        return order(files);
    }

    /** Files of the repository at {@code dir} on this computer; empty when the folder does not exist. */
    public static Map<String, Long> local(Path dir) throws IOException {
        Map<String, Long> files = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.startsWith("locks/") && !rel.endsWith(".part") && safe(rel)) {
                    files.put(rel, Files.size(p));
                }
            }
        }
        return order(files);
    }

    /** The files of {@code from} that {@code to} lacks (or has with another size: a cut copy), in safe order. */
    public static Map<String, Long> missing(Map<String, Long> from, Map<String, Long> to) {
        Map<String, Long> out = new LinkedHashMap<>();
        from.forEach((f, size) -> {
            if (!size.equals(to.get(f))) {
                out.put(f, size);
            }
        });
        return out;
    }

    /**
     * restic's names only (hex, {@code config}, the five directories): a name with {@code ..} or a space could not
     * have come from restic and is never copied.
     */
    static boolean safe(String rel) {
        return rel.matches("config|(keys|snapshots|index|data)/[0-9a-f/]+");
    }

    /**
     * A copy that is cut leaves a readable repository: config and keys first, then the data packs, then the indexes
     * that name them, and the snapshots that need both last (restic manual, "Repository Format").
     */
    private static Map<String, Long> order(Map<String, Long> files) {
        List<String> names = files.keySet().stream().sorted(Comparator.comparingInt(RepositoryFiles::rank).thenComparing(n -> n)).toList();
        Map<String, Long> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, files.get(n)));
        return out;
    }

    private static int rank(String name) {
        return name.equals("config") ? 0 : name.startsWith("keys/") ? 1 : name.startsWith("data/") ? 2 : name.startsWith("index/") ? 3 : 4;
    }

    /** The sum of the sizes, in bytes. */
    public static long bytes(Map<String, Long> files) {
        return files.values().stream().mapToLong(Long::longValue).sum();
    }
}
