package org.mailwright.facts;

import java.util.LinkedHashSet;
import java.util.Set;

/** ufw's state from {@code ufw status}: whether it is active and which TCP ports it allows in. */
public record UfwStatus(boolean installed, boolean active, Set<String> allowed) {

    public static UfwStatus parse(String status) {
        boolean active = status.contains("Status: active");
        Set<String> allowed = new LinkedHashSet<>();
        for (String line : status.split("\n")) {
            String[] f = line.trim().split("\\s{2,}");
            // "25/tcp                     ALLOW       Anywhere" (and the "(v6)" twin)
            if (f.length >= 2 && f[1].startsWith("ALLOW") && !f[0].contains("(v6)")) {
                allowed.add(f[0].replace(" (v6)", ""));
            }
        }
        return new UfwStatus(true, active, allowed);
    }

    public boolean allows(int port) {
        return allowed.contains(port + "/tcp") || allowed.contains(Integer.toString(port));
    }
}
