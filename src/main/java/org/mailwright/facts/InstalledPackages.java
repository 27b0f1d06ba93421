package org.mailwright.facts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Installed Debian packages and their versions, from {@code dpkg-query -W -f '${Package} ${db:Status-Abbrev} ${Version}\n'}. */
public record InstalledPackages(Map<String, String> versions) {

    public static InstalledPackages parse(String dpkgQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : dpkgQuery.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "ii " = installed and configured; anything else (rc, iU half-configured) needs apt to finish it
            if (f.length == 3 && f[1].equals("ii")) {
                out.put(f[0], f[2]);
            }
        }
        return new InstalledPackages(out);
    }

    public boolean has(String pkg) {
        return versions.containsKey(pkg);
    }

    public Optional<String> version(String pkg) {
        return Optional.ofNullable(versions.get(pkg));
    }

    /**
     * Whether a Dovecot package version (Debian's, as dpkg shows it: {@code 1:2.4.1+dfsg1-6}) is 2.4 or later, whose
     * settings differ from 2.3's (Debian 13 has 2.4, Debian 12 2.3).
     */
    public static boolean dovecot24(String debianVersion) {
        String v = debianVersion.replaceFirst("^\\d+:", "");
        return v.startsWith("2.4") || major(v) > 2;
    }

    /** The upstream major version of a Debian version string such as {@code 7.4.0p1-1~bpo12+1} or {@code 1:2.3.19-2}. */
    public static int major(String debianVersion) {
        String v = debianVersion.contains(":") ? debianVersion.substring(debianVersion.indexOf(':') + 1) : debianVersion;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
