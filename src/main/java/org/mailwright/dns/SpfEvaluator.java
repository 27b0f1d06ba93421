package org.mailwright.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 7208 {@code check_host()}: does this domain's SPF record authorize this address? Evaluates ip4, ip6, a, mx,
 * include, exists, redirect and all, and enforces the limits receivers enforce: at most 10 terms that cause DNS
 * lookups (4.6.4), at most 10 MX names per mx term, at most 2 lookups that find nothing. Going over is a permerror,
 * which most receivers treat like a fail.
 *
 * <p>{@code ptr} is deprecated (5.5) and counted as a lookup but never matches here; macros other than
 * {@code %{d} %{i} %{o} %{s} %{l} %{h}} (without transformers) make the result {@link Result#UNSUPPORTED}.
 */
public final class SpfEvaluator {
    public static final int LOOKUP_LIMIT = 10;
    public static final int VOID_LOOKUP_LIMIT = 2;

    public enum Result { PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR, UNSUPPORTED }

    /** The DNS lookups SPF needs. Names that do not exist or have no such records give an empty list. */
    public interface Lookups {
        /** Each TXT record at {@code name}, its strings joined. */
        List<String> txt(String name) throws TemporaryFailure;

        List<InetAddress> addresses(String name, boolean ipv6) throws TemporaryFailure;

        /** MX target names, without the trailing dot. */
        List<String> mx(String name) throws TemporaryFailure;
    }

    /** DNS could not answer (timeout, SERVFAIL): RFC 7208 temperror. */
    public static final class TemporaryFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public TemporaryFailure(String message) {
            super(message);
        }
    }

    /**
     * @param lookups how many lookup-causing terms were evaluated (the number checked against the limit of 10)
     * @param detail  for anything but PASS/FAIL: why, in a sentence
     */
    public record Outcome(Result result, int lookups, String detail) {
    }

    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        final Result result;

        Stop(Result result, String message) {
            super(message, null, false, false);
            this.result = result;
        }
    }

    private final Lookups dns;

    public SpfEvaluator(Lookups dns) {
        this.dns = dns;
    }

    /** Evaluates the SPF of {@code domain} for mail from {@code ip} (sender {@code postmaster@domain}). */
    public Outcome checkHost(InetAddress ip, String domain) {
        return run(ip, domain);
    }

    /**
     * Walks the whole record (every include and the redirect) as if no term matched, to count the lookups a
     * receiver may need for some sender. A record can pass for our address within 10 lookups and still exceed
     * the limit for everyone evaluated further down, which receivers then treat as permerror.
     */
    public Outcome worstCase(String domain) {
        return run(null, domain);
    }

    private Outcome run(InetAddress ip, String domain) {
        Context ctx = new Context(ip, domain);
        try {
            Result r = evaluate(ctx, domain, 0);
            return new Outcome(r, ctx.lookups, switch (r) {
                case NONE -> domain + " has no SPF record";
                case NEUTRAL -> "no term matched and the record does not end in an 'all' that decides";
                default -> "";
            });
        } catch (Stop s) {
            return new Outcome(s.result, ctx.lookups, s.getMessage());
        }
    }

    private static final class Context {
        final InetAddress ip;
        final String sender;
        int lookups;
        int voids;

        Context(InetAddress ip, String domain) {
            this.ip = ip;
            this.sender = "postmaster@" + domain;
        }

        void countLookup(String term) throws Stop {
            if (++lookups > LOOKUP_LIMIT) {
                throw new Stop(Result.PERMERROR, "SPF needs more than " + LOOKUP_LIMIT + " DNS lookups (reached at '" + term
                        + "'); RFC 7208 receivers stop there and treat it as an error");
            }
        }

        <T> List<T> countVoid(List<T> answer, String term) throws Stop {
            if (answer.isEmpty() && ++voids > VOID_LOOKUP_LIMIT) {
                throw new Stop(Result.PERMERROR, "SPF term '" + term + "' is the " + voids
                        + "th lookup that found nothing; receivers allow at most " + VOID_LOOKUP_LIMIT);
            }
            return answer;
        }
    }

    private Result evaluate(Context ctx, String domain, int depth) throws Stop {
        List<String> spf = new ArrayList<>();
        for (String txt : txt(domain)) {
            String t = txt.strip();
            if (t.equalsIgnoreCase("v=spf1") || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) {
                spf.add(t);
            }
        }
        if (spf.isEmpty()) {
            return Result.NONE;
        }
        if (spf.size() > 1) {
            throw new Stop(Result.PERMERROR, domain + " has " + spf.size() + " SPF records; RFC 7208 allows exactly one");
        }
        String redirect = null;
        for (String term : spf.get(0).substring(6).strip().split("\\s+")) {
            if (term.isEmpty()) {
                continue;
            }
            int eq = term.indexOf('=');
            int colon = term.indexOf(':');
            if (eq > 0 && (colon < 0 || eq < colon) && term.substring(0, eq).matches("[A-Za-z][A-Za-z0-9_.-]*")) {
                String name = term.substring(0, eq).toLowerCase(Locale.ROOT);
                if (name.equals("redirect")) {
                    if (redirect != null) {
                        throw new Stop(Result.PERMERROR, domain + ": redirect= appears twice");
                    }
                    redirect = expand(ctx, term.substring(eq + 1), domain);
                }
                continue; // exp= and unknown modifiers do not change the result (RFC 7208 6)
            }
            Result qualifier = Result.PASS;
            String t = term;
            switch (t.charAt(0)) {
                case '+' -> t = t.substring(1);
                case '-' -> {
                    qualifier = Result.FAIL;
                    t = t.substring(1);
                }
                case '~' -> {
                    qualifier = Result.SOFTFAIL;
                    t = t.substring(1);
                }
                case '?' -> {
                    qualifier = Result.NEUTRAL;
                    t = t.substring(1);
                }
                default -> {
                }
            }
            if (matches(ctx, t, term, domain, depth)) {
                return qualifier;
            }
        }
        if (redirect != null) {
            ctx.countLookup("redirect=" + redirect);
            Result r = evaluate(ctx, redirect, depth + 1);
            if (r == Result.NONE) {
                throw new Stop(Result.PERMERROR, "redirect target " + redirect + " has no SPF record");
            }
            return r;
        }
        return Result.NEUTRAL;
    }

    private boolean matches(Context ctx, String t, String term, String domain, int depth) throws Stop {
        String lower = t.toLowerCase(Locale.ROOT);
        int sep = indexOfAny(lower, ":/");
        String name = sep < 0 ? lower : lower.substring(0, sep);
        String rest = sep < 0 ? "" : t.substring(sep);
        switch (name) {
            case "all" -> {
                return true;
            }
            case "ip4", "ip6" -> {
                if (!rest.startsWith(":")) {
                    throw new Stop(Result.PERMERROR, "SPF term '" + term + "' needs an address");
                }
                String spec = rest.substring(1);
                int slash = spec.indexOf('/');
                InetAddress net = literal(spec.substring(0, slash < 0 ? spec.length() : slash), term, name.equals("ip6"));
                int prefix = slash < 0 ? (name.equals("ip6") ? 128 : 32) : cidr(spec.substring(slash + 1), term, name.equals("ip6") ? 128 : 32);
                return ctx.ip != null && inNetwork(ctx.ip, net, prefix);
            }
            case "a", "mx" -> {
                ctx.countLookup(term);
                DomainAndCidr dc = domainAndCidr(ctx, rest, domain, term);
                List<String> hosts;
                if (name.equals("a")) {
                    hosts = List.of(dc.domain);
                } else {
                    hosts = ctx.countVoid(mx(dc.domain), term);
                    if (hosts.size() > 10) {
                        throw new Stop(Result.PERMERROR, "SPF term '" + term + "': " + dc.domain + " has " + hosts.size()
                                + " MX hosts; receivers look up at most 10");
                    }
                }
                boolean v6 = ctx.ip instanceof Inet6Address;
                boolean found = false;
                for (String h : hosts) {
                    List<InetAddress> addrs = addresses(h, v6);
                    if (name.equals("a")) {
                        ctx.countVoid(addrs, term);
                    }
                    for (InetAddress a : addrs) {
                        found |= ctx.ip != null && inNetwork(ctx.ip, a, v6 ? dc.prefix6 : dc.prefix4);
                    }
                }
                return found;
            }
            case "include" -> {
                if (!rest.startsWith(":")) {
                    throw new Stop(Result.PERMERROR, "SPF term '" + term + "' needs a domain");
                }
                ctx.countLookup(term);
                if (depth > 20) {
                    throw new Stop(Result.PERMERROR, "SPF includes loop back on themselves at '" + term + "'");
                }
                String target = expand(ctx, rest.substring(1), domain);
                Result r = evaluate(ctx, target, depth + 1);
                return switch (r) {
                    case PASS -> true;
                    case FAIL, SOFTFAIL, NEUTRAL -> false;
                    case NONE -> throw new Stop(Result.PERMERROR, "SPF term '" + term + "' includes " + target
                            + ", which has no SPF record");
                    default -> throw new Stop(r, "included from '" + term + "'");
                };
            }
            case "exists" -> {
                if (!rest.startsWith(":")) {
                    throw new Stop(Result.PERMERROR, "SPF term '" + term + "' needs a domain");
                }
                ctx.countLookup(term);
                List<InetAddress> found = ctx.countVoid(addresses(expand(ctx, rest.substring(1), domain), false), term);
                return ctx.ip != null && !found.isEmpty();
            }
            case "ptr" -> {
                // deprecated (RFC 7208 5.5) and slow for receivers: counted, never matched here
                ctx.countLookup(term);
                return false;
            }
            default -> throw new Stop(Result.PERMERROR, "SPF term '" + term + "' is not a known mechanism or modifier");
        }
    }

    private record DomainAndCidr(String domain, int prefix4, int prefix6) {
    }

    private DomainAndCidr domainAndCidr(Context ctx, String rest, String domain, String term) throws Stop {
        String target = domain;
        String cidrs = "";
        if (rest.startsWith(":")) {
            int slash = rest.indexOf('/');
            target = expand(ctx, rest.substring(1, slash < 0 ? rest.length() : slash), domain);
            cidrs = slash < 0 ? "" : rest.substring(slash);
        } else {
            cidrs = rest;
        }
        int p4 = 32;
        int p6 = 128;
        if (!cidrs.isEmpty()) {
            // "/24", "//64" or "/24//64" (RFC 7208 5.6 dual-cidr-length)
            int dbl = cidrs.indexOf("//");
            String four = dbl < 0 ? cidrs.substring(1) : cidrs.substring(0, dbl).replaceFirst("^/", "");
            String six = dbl < 0 ? "" : cidrs.substring(dbl + 2);
            if (!four.isEmpty()) {
                p4 = cidr(four, term, 32);
            }
            if (!six.isEmpty()) {
                p6 = cidr(six, term, 128);
            }
        }
        return new DomainAndCidr(target, p4, p6);
    }

    /** RFC 7208 7: the common macros without transformers; others are reported rather than guessed. */
    private String expand(Context ctx, String spec, String domain) throws Stop {
        if (spec.indexOf('%') < 0) {
            return stripDot(spec);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 1 >= spec.length()) {
                throw new Stop(Result.PERMERROR, "SPF macro in '" + spec + "' ends with a lone %");
            }
            char n = spec.charAt(++i);
            switch (n) {
                case '%' -> sb.append('%');
                case '_' -> sb.append(' ');
                case '-' -> sb.append("%20");
                case '{' -> {
                    int close = spec.indexOf('}', i);
                    if (close < 0) {
                        throw new Stop(Result.PERMERROR, "SPF macro in '" + spec + "' is not closed");
                    }
                    String m = spec.substring(i + 1, close);
                    i = close;
                    String ipText = ctx.ip == null ? "0.0.0.0" : (ctx.ip instanceof Inet4Address ? ctx.ip.getHostAddress() : dotted6(ctx.ip));
                    sb.append(switch (m.toLowerCase(Locale.ROOT)) {
                        case "d", "h", "o" -> domain;
                        case "i" -> ipText;
                        case "s" -> ctx.sender;
                        case "l" -> "postmaster";
                        default -> throw new Stop(Result.UNSUPPORTED, "SPF macro %{" + m
                                + "} uses a form Mailwright does not evaluate; check this record with a full SPF validator");
                    });
                }
                default -> throw new Stop(Result.PERMERROR, "SPF macro '%" + n + "' in '" + spec + "' is not valid");
            }
        }
        return stripDot(sb.toString());
    }

    private static String dotted6(InetAddress ip) {
        StringBuilder sb = new StringBuilder();
        for (byte b : ip.getAddress()) {
            sb.append(Integer.toHexString((b >> 4) & 0xf)).append('.').append(Integer.toHexString(b & 0xf)).append('.');
        }
        return sb.substring(0, sb.length() - 1);
    }

    private List<String> txt(String name) throws Stop {
        try {
            return dns.txt(name);
        } catch (TemporaryFailure e) {
            throw new Stop(Result.TEMPERROR, "looking up the TXT records of " + name + ": " + e.getMessage());
        }
    }

    private List<String> mx(String name) throws Stop {
        try {
            return dns.mx(name);
        } catch (TemporaryFailure e) {
            throw new Stop(Result.TEMPERROR, "looking up the MX of " + name + ": " + e.getMessage());
        }
    }

    private List<InetAddress> addresses(String name, boolean v6) throws Stop {
        try {
            return dns.addresses(name, v6);
        } catch (TemporaryFailure e) {
            throw new Stop(Result.TEMPERROR, "looking up the addresses of " + name + ": " + e.getMessage());
        }
    }

    private static String stripDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static int cidr(String text, String term, int max) throws Stop {
        try {
            int p = Integer.parseInt(text);
            if (p >= 0 && p <= max && !text.startsWith("+")) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Stop(Result.PERMERROR, "SPF term '" + term + "' has an invalid prefix length '/" + text + "'");
    }

    private static InetAddress literal(String text, String term, boolean v6) throws Stop {
        boolean looksRight = v6 ? text.contains(":") : text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (looksRight) {
            try {
                // only literals reach here (checked above), so this never queries DNS
                InetAddress a = InetAddress.getByName(text);
                if ((a instanceof Inet6Address) == v6) {
                    return a;
                }
            } catch (UnknownHostException ignored) {
                // reported below
            }
        }
        throw new Stop(Result.PERMERROR, "SPF term '" + term + "' has an invalid address '" + text + "'");
    }

    static boolean inNetwork(InetAddress ip, InetAddress net, int prefix) {
        byte[] a = ip.getAddress();
        byte[] b = net.getAddress();
        if (a.length != b.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        int bits = prefix % 8;
        if (bits == 0) {
            return true;
        }
        int mask = (0xff << (8 - bits)) & 0xff;
        return (a[full] & mask) == (b[full] & mask);
    }
}
