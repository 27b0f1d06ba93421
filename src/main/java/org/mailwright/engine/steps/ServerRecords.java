package org.mailwright.engine.steps;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailwright.accounts.DkimKeyGenerator;
import org.mailwright.accounts.DomainsFile;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.Runner;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.OutputListener;
import org.mailwright.remote.RemoteHost;
import org.mailwright.render.MailLayout;

/**
 * What the DNS records of a running server describe, read from the server itself: the domains it serves (the spec's
 * and every one added later with {@code domains add}), the DKIM public key of each, and its addresses. The status, the
 * {@code dns show} and {@code dns publish} commands all plan from this, so a domain added on the server is never left
 * out of its records.
 */
public final class ServerRecords {

    private ServerRecords() {
    }

    /** The server's addresses and release, as preflight reads them (read-only). */
    public static ServerFacts facts(RemoteHost host) {
        Facts facts = new Facts();
        new Runner(List.of(new Preflight())).run(Runner.Mode.CHECK, new StepContext(host, Cancel.NEVER, facts, RunListener.NONE), RunListener.NONE);
        return facts.require(ServerFacts.class);
    }

    /** The spec's domains, then those the server's domains table adds; lower case, each once. */
    public static List<String> domains(RemoteHost host, ServerSpec spec) {
        Set<String> out = new LinkedHashSet<>(spec.domains());
        host.readText(MailLayout.DOMAINS).map(t -> DomainsFile.parse(t).domains()).ifPresent(out::addAll);
        return List.copyOf(out);
    }

    /**
     * Each domain's DKIM public key (base64 SubjectPublicKeyInfo) from its private key on the server; a domain without a
     * key yet (before the first apply) is left out. One {@code openssl pkey} per domain, 20 s each at most.
     */
    public static Map<String, String> dkimKeys(RemoteHost host, ServerSpec spec, List<String> domains) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String d : domains) {
            CommandResult r = host.exec(Command.of("openssl", "pkey", "-in", MailLayout.dkimKey(d, spec.dkim().selector()), "-pubout"),
                    OutputListener.NONE, Duration.ofSeconds(20), Cancel.NEVER);
            if (r.ok()) {
                out.put(d, DkimKeyGenerator.publicBase64FromPem(r.stdout()));
            }
        }
        return out;
    }

    /**
     * The setup every record of the server is planned from ({@link DnsRecords#setupFor(ServerSpec, List, ServerFacts, Map)}),
     * with its DANE input ({@link DnsRecords#withDane}): the served certificate's key, and whether the mail host's zone
     * is signed, as {@code resolver} validates it (a TLSA record is planned only in a signed zone).
     *
     * @throws IllegalArgumentException when the spec's host name or domains are not DNS names
     * @throws org.mailwright.remote.RemoteException when the server cannot be read
     */
    public static MailDnsSetup read(RemoteHost host, ServerSpec spec, org.mailwright.dns.ResolverChoice resolver) {
        List<String> domains = domains(host, spec);
        MailDnsSetup setup = DnsRecords.setupFor(spec, domains, facts(host), dkimKeys(host, spec, domains));
        return DnsRecords.withDane(setup, host, Tls.paths(spec).cert(), resolver);
    }
}
