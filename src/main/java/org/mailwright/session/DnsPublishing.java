package org.mailwright.session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.mailwright.dns.DnsChecker;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.dns.publish.DnsProvider;
import org.mailwright.dns.publish.DnsProviderException;
import org.mailwright.dns.publish.DnsProviders;
import org.mailwright.dns.publish.DnsPublisher;
import org.mailwright.dns.publish.PublishPlan;
import org.mailwright.dns.publish.RecordChange;
import org.mailwright.dns.publish.ReverseDnsProvider;
import org.mailwright.dns.publish.Rfc2136Provider;
import org.mailwright.dns.publish.TsigKey;
import org.mailwright.engine.DnsSecrets;
import org.mailwright.model.ServerSpec;

/**
 * Publishing a server's DNS records at the provider its spec names ({@code dns:}), for {@code dns publish} and the
 * window alike: the secret read from the file the spec names and checked on this computer before anything is sent,
 * a preview by record, the changes, then the wait for the authoritative servers. The token or key lives only inside
 * the provider object; no message quotes it. Every method but {@link #localProblem} and {@link #open} blocks on the
 * network: call it off the UI thread.
 */
public final class DnsPublishing {
    /** Each query, zone transfer and API call: generous for a provider across the world, short enough to give up. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Told how far publishing has come, on the publishing thread. */
    public interface Progress {
        /**
         * @param message what is happening, one sentence
         * @param done    how many of {@code total} are done
         * @param total   how many in all; 0 when unknown
         */
        void step(String message, int done, int total);
    }

    /** What publishing would change, record set by record set: the diff the person confirms. */
    public static final class Preview {
        private final PublishPlan plan;

        private Preview(PublishPlan plan) {
            this.plan = plan;
        }

        /** The diff as text: {@code +} create, {@code -} replaced, {@code =} already right, {@code !} conflict. */
        public String describe() {
            return plan.describe();
        }

        /** "2 to create, 1 to change, 5 already right". */
        public String summary() {
            return plan.summary();
        }

        /** Whether publishing would send anything. */
        public boolean writes() {
            return plan.writes();
        }

        /** How many planned record sets clash with records Mailwright did not make, and are not published. */
        public int conflicts() {
            return (int) plan.count(RecordChange.Action.CONFLICT);
        }

        /** Rows of action, name, type, value (header first), for a table. */
        public List<List<String>> tableRows() {
            return plan.toTableRows();
        }
    }

    private final ServerSpec spec;
    private final DnsProvider provider;
    private final Optional<ReverseDnsProvider> hosting;

    private DnsPublishing(ServerSpec spec, DnsProvider provider) {
        this.spec = spec;
        this.provider = provider;
        this.hosting = hostingToken(spec.dnsProvider().orElseThrow()).map(t -> {
            char[] token = t.toCharArray();
            try {
                return DnsProviders.reverse(spec.dnsProvider().get().hosting().orElseThrow(), token);
            } finally {
                java.util.Arrays.fill(token, '\0');
            }
        });
    }

    /** The hosting provider's token, read from its file, when the spec names a hosting provider (dns.hosting). */
    private static Optional<String> hostingToken(ServerSpec.DnsProviderSettings d) {
        return DnsSecrets.hostingToken(d);
    }

    /**
     * Why publishing through {@code spec}'s provider cannot be tried, or empty: no {@code dns:} in the spec, a token or
     * key file that is missing, unreadable, empty or not a key. Reads only this computer.
     */
    public static Optional<String> localProblem(ServerSpec spec) {
        if (spec.dnsProvider().isEmpty()) {
            return Optional.of("The spec names no DNS provider: add dns: { provider: ..., token-file: ... } (or provider: rfc2136"
                    + " with server: and key-file:), or publish the records yourself from: mailwright dns show SPEC --format zone");
        }
        try {
            secret(spec.dnsProvider().get());
            hostingToken(spec.dnsProvider().get());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The provider {@code spec} names, its secret read now; nothing is sent yet.
     *
     * @throws IllegalArgumentException what {@link #localProblem} says, or a {@code dns.server} name that does not resolve
     */
    public static DnsPublishing open(ServerSpec spec) {
        ServerSpec.DnsProviderSettings d = spec.dnsProvider().orElseThrow(() -> new IllegalArgumentException(localProblem(spec).orElseThrow()));
        Object secret = secret(d);
        if (d.isRfc2136()) {
            return new DnsPublishing(spec, new Rfc2136Provider(server(d), (TsigKey) secret, TIMEOUT));
        }
        char[] token = ((String) secret).toCharArray();
        try {
            return new DnsPublishing(spec, DnsProviders.create(d.provider(), token));
        } finally {
            java.util.Arrays.fill(token, '\0'); // the provider keeps its own copy
        }
    }

    /** The provider's name as a person knows it ("RFC 2136 at ns1.example.net"). */
    public String providerName() {
        return provider.name();
    }

    /**
     * Reads each zone the records fall in and says what publishing would change; changes nothing.
     *
     * @throws SessionException when nothing is planned, or the provider refuses (its sentence, naming a missing right)
     */
    public Preview preview(DnsSetup records) {
        var plan = records.dnsPlan().orElseThrow(() -> new SessionException(records.problem().orElse("No records are planned.")));
        try {
            return new Preview(new DnsPublisher(provider, hosting).plan(plan));
        } catch (DnsProviderException e) {
            throw new SessionException(provider.name() + ": " + e.getMessage());
        }
    }

    /**
     * Makes the preview's changes at the provider.
     *
     * @throws SessionException when the provider refuses; zones written before stay written
     */
    public void publish(Preview preview, Progress progress) {
        try {
            new DnsPublisher(provider, hosting).apply(preview.plan, progress::step);
        } catch (DnsProviderException e) {
            throw new SessionException(provider.name() + ": " + e.getMessage());
        }
    }

    /** {@link #awaitAuthoritative(Preview, ResolverChoice, Duration, Progress)} with this computer's resolver. */
    public List<String> awaitAuthoritative(Preview preview, Duration timeout, Progress progress) throws InterruptedException {
        return awaitAuthoritative(preview, new ResolverChoice.SystemDefault(), timeout, progress);
    }

    /**
     * Waits until every authoritative server of each changed zone answers the new values: the zone's name servers as
     * {@code resolver} sees them and, for RFC 2136, the primary that took the update (a zone not delegated yet has only
     * that one).
     *
     * @param timeout how long to wait in all
     * @return what still answers old values when the time ran out ("NAME TYPE at HOST:PORT"); empty when all is new
     */
    public List<String> awaitAuthoritative(Preview preview, ResolverChoice resolver, Duration timeout, Progress progress)
            throws InterruptedException {
        return new DnsPublisher(provider, hosting).awaitAuthoritative(preview.plan, authoritativeServers(resolver), timeout, Duration.ofSeconds(2),
                progress::step);
    }

    private Function<String, List<InetSocketAddress>> authoritativeServers(ResolverChoice resolver) {
        return zone -> {
            List<InetSocketAddress> out = new ArrayList<>();
            spec.dnsProvider().filter(ServerSpec.DnsProviderSettings::isRfc2136).ifPresent(d -> out.add(server(d)));
            try {
                new DnsChecker(resolver, Duration.ofSeconds(5), false).nameServerAddresses(zone).stream()
                        .filter(a -> !out.contains(a)).forEach(out::add);
            } catch (RuntimeException e) {
                // no resolver on this computer, or the zone is not delegated: the primary alone is asked
            }
            return out;
        };
    }

    private static Object secret(ServerSpec.DnsProviderSettings d) {
        return d.isRfc2136() ? DnsSecrets.tsigKey(d) : DnsSecrets.token(d);
    }

    /** {@code dns.server} as an address of this computer's resolving ({@link ServerSpec.DnsProviderSettings#SERVER}). */
    static InetSocketAddress server(ServerSpec.DnsProviderSettings d) {
        String host = d.serverHost().orElseThrow(() -> new IllegalArgumentException("dns.server is missing"));
        InetSocketAddress a = new InetSocketAddress(host, d.serverPort());
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("dns.server " + host + " does not resolve from this computer: check the name");
        }
        return a;
    }
}
