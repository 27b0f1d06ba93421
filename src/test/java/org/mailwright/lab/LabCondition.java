package org.mailwright.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link LabTest}s only when {@code -Dmailwright.lab=true} (the {@code lab} profile), the JVM runs
 * as root, and the lab's host tools are installed. The reason for skipping is printed once per JVM, so a
 * plain {@code mvn verify} says visibly that the lab tests did not run and how to run them.
 */
public final class LabCondition implements ExecutionCondition {

    static final String HOW = "sudo ./verify -Plab";
    private static final AtomicBoolean PRINTED = new AtomicBoolean();
    private static volatile ConditionEvaluationResult cached;

    /** Host commands lab/droplet needs, with the Debian package providing each. */
    private static final String[][] TOOLS = {
        {"mmdebstrap", "mmdebstrap"}, {"systemd-nspawn", "systemd-container"}, {"dnsmasq", "dnsmasq-base"},
        {"pebble", "pebble"}, {"ip", "iproute2"}, {"zstd", "zstd"}, {"apt-cacher-ng", "apt-cacher-ng"},
        {"nsenter", "util-linux"}, {"ssh", "openssh-client"}, {"openssl", "openssl"}, {"curl", "curl"},
        {"dig", "dnsutils"},
    };

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        ConditionEvaluationResult result = cached;
        if (result == null) {
            result = evaluate();
            cached = result;
        }
        if (result.isDisabled() && PRINTED.compareAndSet(false, true)) {
            System.err.println("[mailwright] " + result.getReason().orElse("lab test skipped"));
        }
        return result;
    }

    static ConditionEvaluationResult evaluate() {
        if (!Boolean.getBoolean("mailwright.lab")) {
            return ConditionEvaluationResult.disabled("lab test skipped: needs root and -Plab (" + HOW + ")");
        }
        if (!isRoot()) {
            return ConditionEvaluationResult.disabled(
                    "lab test skipped: -Plab given but not running as root (" + HOW + ")");
        }
        List<String> missing = new ArrayList<>();
        List<String> packages = new ArrayList<>();
        for (String[] tool : TOOLS) {
            if (!onPath(tool[0])) {
                missing.add(tool[0]);
                if (!packages.contains(tool[1])) {
                    packages.add(tool[1]);
                }
            }
        }
        if (!missing.isEmpty()) {
            return ConditionEvaluationResult.disabled("lab test skipped: missing host tools " + missing
                    + " (apt-get install " + String.join(" ", packages) + ")");
        }
        Path script = LabDroplet.script();
        if (!Files.isExecutable(script)) {
            return ConditionEvaluationResult.disabled("lab test skipped: " + script + " is not executable");
        }
        return ConditionEvaluationResult.enabled("lab: root, -Plab and host tools present");
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            // not Linux: no lab
        }
        return false;
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of(path == null ? new String[0] : path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
