package org.mailwright.engine.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Runs a step's remote script here under {@code sh}, with stand-ins for the server's commands first on the PATH: the
 * script's own shell (quoting, pipes, background jobs, exit statuses) is tested for real, the programs it calls are not.
 */
final class StandInCommands {
    private StandInCommands() {
    }

    /**
     * @param dir      an empty folder for the stand-ins
     * @param script   the script, as the step sends it
     * @param commands each stand-in's name and its shell script (with its #! line)
     * @return the script's standard output
     * @throws AssertionError when the script exits non-zero
     */
    static String run(Path dir, String script, Map<String, String> commands) throws IOException, InterruptedException {
        for (Map.Entry<String, String> c : commands.entrySet()) {
            Path file = dir.resolve(c.getKey());
            Files.writeString(file, c.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script);
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new AssertionError("the script exited " + exit + ":\n" + out);
        }
        return out;
    }
}
