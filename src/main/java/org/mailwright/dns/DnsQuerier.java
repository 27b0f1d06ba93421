package org.mailwright.dns;

import java.util.concurrent.CompletableFuture;

/** Sends one question somewhere and reports what came back; never completes exceptionally. */
public interface DnsQuerier {

    /** @param name absolute, with or without the trailing dot; {@code type} a {@link org.xbill.DNS.Type} value */
    CompletableFuture<DnsAnswer> query(String name, int type);

    /** Where the questions go, for messages. */
    String describe();
}
