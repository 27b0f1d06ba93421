package org.mailwright.facts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What preflight learns about a server: its Debian release, resources, public interface and addresses, and the
 * ports sshd listens on. Parsed from plain command output so the parsing is unit-tested on captured text.
 */
public record ServerFacts(String osId, String codename, String prettyName, boolean root, long diskFreeKb, long memoryKb,
                          String publicInterface, List<String> ipv4, List<String> ipv6, Set<Integer> sshPorts) {

    public enum Release { BOOKWORM, TRIXIE }

    /**
     * The addresses mail reaches this server at, for its A, AAAA and reverse DNS records: the interface addresses,
     * and first the address Mailwright connected to when that is an IP literal the interfaces do not have. That is a
     * provider's 1:1 NAT (the interface has a private address, the public one is only outside): the connected address
     * is the one the world sees. The one place this rule is written; the DNS step and the wizard's DNS page both ask.
     *
     * @param connectedHost the {@code server.host} logged in to: an address or a name (a name adds nothing)
     */
    public List<String> mailAddresses(String connectedHost) {
        List<String> out = new ArrayList<>();
        String c = connectedHost == null ? "" : connectedHost.strip();
        if (c.matches("[0-9.]+|[0-9a-fA-F:]*:[0-9a-fA-F:.]*") && !ipv4.contains(c) && !ipv6.contains(c)) {
            out.add(c);
        }
        out.addAll(ipv4);
        out.addAll(ipv6);
        return List.copyOf(out);
    }

    /** Debian 12 or 13, or empty for anything else (refused by preflight). */
    public Optional<Release> release() {
        if (!"debian".equals(osId)) {
            return Optional.empty();
        }
        return switch (codename) {
            case "bookworm" -> Optional.of(Release.BOOKWORM);
            case "trixie" -> Optional.of(Release.TRIXIE);
            default -> Optional.empty();
        };
    }

    public static Map<String, String> parseOsRelease(String text) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                String v = line.substring(eq + 1).strip();
                if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'")) && v.endsWith(v.substring(0, 1))) {
                    v = v.substring(1, v.length() - 1);
                }
                out.put(line.substring(0, eq).strip(), v);
            }
        }
        return out;
    }

    private static final Pattern INET = Pattern.compile("^\\d+: (\\S+?)(@\\S+)?\\s+inet6? (\\S+?)/\\d+ .*scope global");

    /** Interface -> global addresses, from {@code ip -o addr show} (one address a line). */
    public static Map<String, List<String>> parseAddresses(String ipOAddr) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (String line : ipOAddr.split("\n")) {
            Matcher m = INET.matcher(line.strip());
            if (m.find() && !m.group(1).equals("lo")) {
                out.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(3));
            }
        }
        return out;
    }

    /** The interface of the default route from {@code ip route show default}, if there is one. */
    public static Optional<String> parseDefaultInterface(String ipRoute) {
        Matcher m = Pattern.compile("\\bdev (\\S+)").matcher(ipRoute);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** TCP ports sshd listens on, from {@code ss -Htlnp}. */
    public static Set<Integer> parseSshPorts(String ss) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : ss.split("\n")) {
            if (line.contains("\"sshd\"") || line.contains("\"sshd-session\"") || line.contains("(\"sshd")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4) {
                    String local = f[3];
                    ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1)));
                }
            }
        }
        return new LinkedHashSet<>(ports);
    }
}
