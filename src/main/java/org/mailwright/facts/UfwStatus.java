package org.mailwright.facts;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * ufw's state: whether it is active ({@code ufw status}) and which ports its rules allow in ({@code ufw show added},
 * which lists the rules also while ufw is inactive, when {@code ufw status} shows none).
 */
public record UfwStatus(boolean installed, boolean active, Set<String> allowed) {

    public static UfwStatus parse(String status, String added) {
        boolean active = status.contains("Status: active");
        Set<String> allowed = new LinkedHashSet<>();
        for (String line : added.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "ufw allow 22/tcp"; rules with "from"/"to" limit who may connect and do not count as open
            if (f.length == 3 && f[0].equals("ufw") && f[1].equals("allow")) {
                allowed.add(f[2]);
            }
        }
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
