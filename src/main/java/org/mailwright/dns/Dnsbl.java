package org.mailwright.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mailwright.model.Finding;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.OutputListener;
import org.mailwright.remote.RemoteHost;

/**
 * Is the server's address on Spamhaus ZEN, or a domain on the DBL? Asked on the server, through the server's own
 * resolver, because that is what receivers' verdicts resemble and because Spamhaus answers depend on who asks.
 * Uses {@code getent ahostsv4} (glibc, on every Debian) since {@code dig} is not installed on a minimal system.
 *
 * <p>Spamhaus answers 127.255.255.252/254/255 when it refuses the query (public resolvers such as 8.8.8.8, or
 * over the free-use limit): that says nothing about a listing and is reported as "could not check", never as
 * "listed". See https://www.spamhaus.org/faqs/domain-blocklist/#291 and the ZEN return codes.
 */
public final class Dnsbl {
    static final String ZEN = "zen.spamhaus.org";
    static final String DBL = "dbl.spamhaus.org";

    private Dnsbl() {
    }

    /** The lookup, without its name: glibc's resolver through the server's /etc/resolv.conf, 10 s at most. */
    private static final String LOOKUP = "timeout 10 getent ahostsv4";

    static Command command(String name) {
        return Command.script(LOOKUP + " " + org.mailwright.remote.Shell.quote(name));
    }

    /**
     * The name ZEN is asked for an address: its bytes reversed for IPv4, its 32 nibbles reversed for IPv6 (the same
     * form as ip6.arpa; Spamhaus, "DNSBL usage", IPv6 queries).
     */
    static String zenName(InetAddress ip) {
        byte[] b = ip.getAddress();
        StringBuilder out = new StringBuilder();
        for (int i = b.length - 1; i >= 0; i--) {
            if (b.length == 4) {
                out.append(b[i] & 0xff).append('.');
            } else {
                out.append(Character.forDigit(b[i] & 0x0f, 16)).append('.').append(Character.forDigit((b[i] >> 4) & 0x0f, 16)).append('.');
            }
        }
        return out + ZEN;
    }

    /**
     * Whether Spamhaus ZEN lists {@code ip} (IPv4 or IPv6), asked through the server's resolver.
     *
     * @return OK when not listed; ERROR naming the lists (SBL, CSS, XBL, DROP, PBL) and how to get off them; WARN
     *         when the lookup could not be made or Spamhaus refused it
     */
    public static Finding checkAddress(RemoteHost server, InetAddress ip) {
        String check = "Spamhaus ZEN " + ip.getHostAddress();
        Lookup r = lookup(server, zenName(ip));
        if (r.problem != null) {
            return Finding.warn(check, "could not check " + ip.getHostAddress() + " on Spamhaus ZEN: " + r.problem, r.fix);
        }
        if (r.codes.isEmpty()) {
            return Finding.ok(check, ip.getHostAddress() + " is not listed on Spamhaus ZEN");
        }
        List<String> lists = new ArrayList<>();
        boolean onlyPbl = true;
        for (String code : r.codes) {
            String list = switch (code) {
                case "127.0.0.2" -> "SBL (spam source)";
                case "127.0.0.3" -> "SBL CSS (snowshoe spam)";
                case "127.0.0.4", "127.0.0.5", "127.0.0.6", "127.0.0.7" -> "XBL (infected or exploited host)";
                case "127.0.0.9" -> "DROP (hijacked network)";
                case "127.0.0.10", "127.0.0.11" -> "PBL (addresses that should not send mail directly)";
                default -> "code " + code;
            };
            onlyPbl &= list.startsWith("PBL");
            lists.add(list);
        }
        String fix = onlyPbl
                ? "The PBL lists addresses their provider marks as end-user space: if this server is yours, remove it with the form at"
                        + " https://check.spamhaus.org (it is not a penalty), or ask your provider for an address meant for servers."
                : "Look up " + ip.getHostAddress() + " at https://check.spamhaus.org for the reason; if the server was compromised fix that first,"
                        + " then request removal there.";
        return Finding.error(check, ip.getHostAddress() + " is listed on Spamhaus " + String.join(", ", lists)
                + "; many receivers refuse its mail", fix);
    }

    public static Finding checkDomain(RemoteHost server, String domain) {
        return checkDomains(server, List.of(domain)).get(0);
    }

    /**
     * {@link #checkDomain} for every domain in one remote command, the lookups made side by side on the server: fifty
     * domains are one round trip and at most one lookup's timeout (10 s), not fifty of each.
     *
     * @return one finding per domain, in the order given
     */
    public static List<Finding> checkDomains(RemoteHost server, List<String> domains) {
        if (domains.isEmpty()) {
            return List.of();
        }
        List<String> names = domains.stream().map(d -> d.toLowerCase(Locale.ROOT) + "." + DBL).toList();
        String quoted = org.mailwright.remote.Shell.join(names);
        String script = "d=$(mktemp -d) || exit 1\n"
                + "i=0; for n in " + quoted + "; do i=$((i+1)); ( " + LOOKUP + " \"$n\" > \"$d/$i\" 2> \"$d/$i.err\"; echo $? > \"$d/$i.rc\" ) & done; wait\n"
                + "i=0; for n in " + quoted + "; do i=$((i+1)); printf '@@lookup %s %s\\n' \"$(cat \"$d/$i.rc\")\" \"$n\"; cat \"$d/$i\";"
                + " printf '@@stderr\\n'; cat \"$d/$i.err\"; done; rm -rf -- \"$d\"";
        CommandResult all = server.exec(Command.script(script), OutputListener.NONE, Duration.ofSeconds(30), Cancel.NEVER);
        java.util.Map<String, CommandResult> byName = new java.util.HashMap<>();
        String name = null;
        int rc = 0;
        StringBuilder out = new StringBuilder();
        StringBuilder err = null;
        for (String line : (all.stdout() + "\n@@lookup 0 @@end").split("\n")) {
            if (line.startsWith("@@lookup ")) {
                if (name != null) {
                    byName.put(name, new CommandResult(name, rc, out.toString(), err == null ? "" : err.toString()));
                }
                String[] w = line.split(" ", 3);
                rc = w[1].matches("\\d+") ? Integer.parseInt(w[1]) : 1;
                name = w.length > 2 ? w[2] : "";
                out.setLength(0);
                err = null;
            } else if (line.equals("@@stderr") && err == null) {
                err = new StringBuilder();
            } else {
                (err == null ? out : err).append(line).append('\n');
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            String domain = domains.get(i);
            String check = "Spamhaus DBL " + domain;
            CommandResult one = byName.getOrDefault(names.get(i), new CommandResult(names.get(i), all.exitStatus() == 0 ? 1 : all.exitStatus(),
                    "", all.stderr()));
            Lookup r = parse(one);
            if (r.problem != null) {
                findings.add(Finding.warn(check, "could not check " + domain + " on the Spamhaus DBL: " + r.problem, r.fix));
            } else if (r.codes.isEmpty()) {
                findings.add(Finding.ok(check, domain + " is not listed on the Spamhaus DBL"));
            } else {
                findings.add(Finding.error(check, domain + " is listed on the Spamhaus DBL (" + String.join(", ", r.codes)
                                + "); receivers reject mail naming it",
                        "Look up " + domain + " at https://check.spamhaus.org for the reason and request removal there once it is fixed."));
            }
        }
        return findings;
    }

    private record Lookup(Set<String> codes, String problem, String fix) {
    }

    private static Lookup lookup(RemoteHost server, String name) {
        return parse(server.exec(command(name), OutputListener.NONE, Duration.ofSeconds(20), Cancel.NEVER));
    }

    /** What {@code getent ahostsv4} answered (exit 2: not found, 124: timed out), read as a blocklist answer. */
    private static Lookup parse(CommandResult r) {
        if (r.exitStatus() == 2) {
            // getent: "One or more supplied key could not be found" = NXDOMAIN = not listed
            return new Lookup(Set.of(), null, null);
        }
        if (r.exitStatus() == 124) {
            return new Lookup(Set.of(), "the lookup timed out on the server",
                    "Check that the server's DNS resolver (/etc/resolv.conf) answers, then check again.");
        }
        if (r.exitStatus() != 0) {
            return new Lookup(Set.of(), "getent exited with " + r.exitStatus() + " " + r.stderr().strip(),
                    "Check that the server's DNS resolver (/etc/resolv.conf) works, then check again.");
        }
        Set<String> codes = new LinkedHashSet<>();
        for (String line : r.stdout().split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (!w[0].isEmpty()) {
                codes.add(w[0]);
            }
        }
        if (codes.stream().anyMatch(c -> c.startsWith("127.255.255."))) {
            return new Lookup(Set.of(), "Spamhaus refused the query (" + String.join(", ", codes)
                    + "), as it does for public resolvers and heavy users; this is not a listing",
                    "Let the server resolve through its own resolver (for example install unbound and point /etc/resolv.conf at"
                            + " 127.0.0.1) instead of a public one like 8.8.8.8, or use a Spamhaus DQS key.");
        }
        if (codes.stream().anyMatch(c -> !c.startsWith("127."))) {
            return new Lookup(Set.of(), "the server's resolver answered " + String.join(", ", codes)
                    + ", which is not a blocklist answer (it rewrites unknown names)",
                    "Use a resolver on the server that does not rewrite NXDOMAIN answers (for example unbound on 127.0.0.1).");
        }
        return new Lookup(codes, null, null);
    }

    /** The server's public IPv4 and IPv6 addresses, for {@link #checkAddress} (ZEN lists both). */
    public static List<InetAddress> listable(List<InetAddress> addresses) {
        return addresses.stream().filter(MailDnsSetup::isPublic).toList();
    }

    /** The server's public IPv4 addresses. */
    public static List<Inet4Address> ipv4(List<InetAddress> addresses) {
        return addresses.stream().filter(a -> a instanceof Inet4Address).map(a -> (Inet4Address) a)
                .filter(MailDnsSetup::isPublic).toList();
    }
}
