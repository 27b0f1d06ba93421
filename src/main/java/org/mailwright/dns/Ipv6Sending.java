package org.mailwright.dns;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec.Ipv6Send;

/**
 * Whether this server's outgoing mail may leave over IPv6: the one place the rule is written. The OpenSMTPD step renders
 * its answer into smtpd.conf ({@code mta limit inet4} when IPv4 only), and the DNS step reports it as a finding, so a
 * plan, an apply and a check all say the same thing.
 *
 * <p>The rule: with {@code ipv6.send: off}, IPv4 only. With {@code auto} (the default), over IPv6 as well while every
 * public IPv6 address of the server has a PTR (RFC 3152, ip6.arpa) naming the mail host and the mail host's AAAA records
 * (RFC 3596) contain it again (forward-confirmed reverse DNS); else IPv4 only. Why: a sender with both families
 * tries a receiver's IPv6 MX first, and Gmail refuses IPv6 mail from an address without such a PTR with
 * {@code 550-5.7.1 ... IPv6AuthError} (Google, "Email sender guidelines": "The sending IP address must match the IP
 * address of the hostname specified in the Pointer (PTR) record"). A server without a public IPv6 address needs
 * nothing: smtpd has no IPv6 source to send from.
 *
 * <p>Decided when a plan or apply runs, from DNS as it is then: once the PTR is set, the next apply sends over IPv6
 * too. A PTR lookup that fails counts as not confirmed (the safe side: IPv4 still works).
 */
public final class Ipv6Sending {
    /** The check name of {@link Decision#finding()}. */
    public static final String CHECK = "IPv6 sending";

    private Ipv6Sending() {
    }

    /** Where outgoing mail may go. */
    public enum Route {
        /** The server has no public IPv6 address: nothing to limit. */
        NO_IPV6,
        /** Over IPv6 and IPv4, whichever the receiver's MX offers. */
        IPV4_AND_IPV6,
        /** Over IPv4 only: smtpd.conf gets {@code mta limit inet4}. */
        IPV4_ONLY
    }

    /**
     * @param route   what smtpd is told
     * @param finding OK, or WARN when {@code auto} chose IPv4 only because a PTR is missing or wrong (with why and how
     *                to fix it or keep it)
     */
    public record Decision(Route route, Finding finding) {
        /** Whether smtpd.conf must limit sending to IPv4. */
        public boolean ipv4Only() {
            return route == Route.IPV4_ONLY;
        }
    }

    /**
     * The decision as a finding about the server: {@link Decision#finding()}, or a WARN when the server's smtpd.conf
     * does the other thing (the PTR was fixed, or broke, since the last apply: only the next apply puts the rule into
     * effect). Used by {@code check} (the DNS step) and {@code status}.
     *
     * @param serverIpv4Only whether the server's /etc/smtpd.conf sends over IPv4 only (its renderer reads that), empty
     *                       when it could not be read (then the decision alone)
     */
    public static Finding onServer(Decision d, java.util.Optional<Boolean> serverIpv4Only) {
        boolean limited = serverIpv4Only.orElse(d.ipv4Only());
        if (limited == d.ipv4Only()) {
            return d.finding();
        }
        return Finding.warn(CHECK, d.finding().message() + "; but the server's smtpd.conf still sends over "
                + (limited ? "IPv4 only" : "IPv6 too"), "Run apply to put this into effect.");
    }

    /** The IPv6 addresses among the server's public ones ({@link MailDnsSetup#publicAddresses()}). */
    public static List<InetAddress> ipv6(MailDnsSetup setup) {
        return setup.publicAddresses().stream().filter(a -> a instanceof Inet6Address).toList();
    }

    /**
     * The decision for {@code setup}'s server, asking {@code reverseDns} (normally
     * {@link DnsChecker#reverseDns(String, List)}) only when it matters: {@code auto} and at least one IPv6 address.
     *
     * @param reverseDns the PTR results for the given IPv6 addresses, in their order
     */
    public static Decision decide(Ipv6Send setting, MailDnsSetup setup, Function<List<InetAddress>, List<DnsChecker.PtrCheck>> reverseDns) {
        List<InetAddress> v6 = ipv6(setup);
        if (v6.isEmpty()) {
            return new Decision(Route.NO_IPV6, Finding.ok(CHECK, "the server has no public IPv6 address: mail leaves over IPv4"));
        }
        String list = v6.stream().map(Addresses::text).collect(Collectors.joining(", "));
        if (setting == Ipv6Send.OFF) {
            return new Decision(Route.IPV4_ONLY, Finding.ok(CHECK, "mail leaves over IPv4 only (ipv6.send: off), not from " + list
                    + "; mail still arrives over IPv6"));
        }
        return decide(setup.mailHost(), reverseDns.apply(v6));
    }

    /**
     * The {@code auto} rule on PTR results already known.
     *
     * @param ptrs one per public IPv6 address of the server; not empty
     */
    static Decision decide(String mailHost, List<DnsChecker.PtrCheck> ptrs) {
        List<DnsChecker.PtrCheck> bad = ptrs.stream().filter(p -> !p.forwardConfirmed()).toList();
        String list = ptrs.stream().map(p -> Addresses.text(p.address())).collect(Collectors.joining(", "));
        if (bad.isEmpty()) {
            return new Decision(Route.IPV4_AND_IPV6, Finding.ok(CHECK, "mail may leave over IPv6 from " + list
                    + ": its reverse DNS is " + mailHost + " and forward-confirmed, as Gmail requires for IPv6"));
        }
        String why = bad.stream().map(p -> p.finding().message()).collect(Collectors.joining("; "));
        String badList = bad.stream().map(p -> Addresses.text(p.address())).collect(Collectors.joining(", "));
        return new Decision(Route.IPV4_ONLY, Finding.warn(CHECK, "mail leaves over IPv4 only (ipv6.send: auto): " + why
                        + ". Gmail refuses mail sent over IPv6 from an address whose reverse DNS does not resolve back to it"
                        + " (550-5.7.1 IPv6AuthError), so sending from " + badList + " would bounce",
                "Ask your hosting provider to set the reverse DNS (PTR) of " + badList + " to " + mailHost + ", and give " + mailHost
                        + " an AAAA record for it; the next apply then sends over IPv6 too. If your provider cannot set it, write"
                        + " 'ipv6: { send: off }' in the spec to keep sending over IPv4 only on purpose."));
    }
}
