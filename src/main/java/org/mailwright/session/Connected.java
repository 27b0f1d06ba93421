package org.mailwright.session;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;

/**
 * A logged-in session and what preflight found on the server. The facts stay inside the session; a driver asks for
 * what it shows (addresses, SSH ports), so a rule about them is written once.
 */
public final class Connected {
    private final String description;
    private final String host;
    private final Optional<ServerFacts> facts;
    private final List<Finding> findings;

    /**
     * @param description {@code user@host:port}, for messages
     * @param host        the address or name logged in to (it may be the public side of a 1:1 NAT)
     * @param facts       what preflight read; absent when it could not read them
     * @param findings    preflight's findings: an ERROR means the server cannot be set up
     */
    public Connected(String description, String host, Optional<ServerFacts> facts, List<Finding> findings) {
        this.description = description;
        this.host = host;
        this.facts = facts;
        this.findings = List.copyOf(findings);
    }

    public String description() {
        return description;
    }

    public List<Finding> findings() {
        return findings;
    }

    /** Whether preflight could read the server at all. */
    public boolean hasFacts() {
        return facts.isPresent();
    }

    /**
     * The addresses the server's A/AAAA and reverse DNS records name (see {@link ServerFacts#mailAddresses}: the
     * connected address first when the server is behind a 1:1 NAT); empty when preflight read nothing.
     */
    public List<String> mailAddresses() {
        return facts.map(f -> f.mailAddresses(host)).orElse(List.of());
    }

    /** The ports sshd listens on, which the firewall must keep open; empty when unknown. */
    public Set<Integer> sshPorts() {
        return facts.map(ServerFacts::sshPorts).orElse(Set.of());
    }

    /** For the session's own planning. */
    Optional<ServerFacts> facts() {
        return facts;
    }

    @Override
    public String toString() {
        return "Connected[" + description + "]";
    }
}
