package org.mailwright.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs several read-only probes in one remote command (one round trip instead of many) and splits the output by
 * marker lines, so each probe's text can be parsed on its own.
 */
public final class Probe {
    private static final String MARK = "@@mailwright:";

    private Probe() {
    }

    /** A script that prints each probe's output under its name; probes are fixed Mailwright commands, never user text. */
    /** Runs the probes in one command and returns each one's output by name. */
    public static Map<String, String> run(StepContext ctx, Map<String, String> probes) {
        return split(ctx.run(org.mailwright.remote.Command.script(script(probes))).stdout());
    }

    static String script(Map<String, String> probes) {
        StringBuilder sb = new StringBuilder();
        probes.forEach((name, cmd) -> sb.append("echo '").append(MARK).append(name).append("'; { ").append(cmd).append("; } 2>&1; "));
        sb.append("true");
        return sb.toString();
    }

    static Map<String, String> split(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith(MARK)) {
                if (current != null) {
                    out.put(current, body.toString());
                }
                current = line.substring(MARK.length()).strip();
                body.setLength(0);
            } else if (current != null) {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            out.put(current, body.toString());
        }
        return out;
    }
}
