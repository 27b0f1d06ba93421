package org.mailwright.dns.publish;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One address's reverse DNS in a publish plan: what the hosting provider holds now and what it will.
 *
 * @param address the server's public address
 * @param before  the PTR name now; empty for none
 * @param after   the mail host
 */
public record ReverseChange(InetAddress address, Optional<String> before, String after) {

    public ReverseChange {
        Objects.requireNonNull(address);
        Objects.requireNonNull(before);
        after = RecordSet.normalizeName(after);
    }

    /** Whether the provider must be asked to change it. */
    public boolean writes() {
        return !before.equals(Optional.of(after));
    }
}
