package org.mailwright.dns;

/**
 * The DNSSEC security status of an answer, as a validating resolver reaches it from its trust anchor (RFC 4033
 * section 5, RFC 4035 section 4.3).
 */
public enum DnssecState {
    /** Signed, and the chain of DS and DNSKEY records from the trust anchor down to the answer validates. */
    SECURE,
    /** Provably not signed: a parent on the chain proves (signed NSEC/NSEC3) that the zone has no DS record. */
    INSECURE,
    /**
     * Signed, or claimed to be by a DS record at the parent, but the signatures do not validate (expired, made with
     * another key than the DS names, or missing). Validating resolvers answer SERVFAIL for every name of the zone.
     */
    BOGUS,
    /** Not known: the resolver did not answer, or does not pass the DNSSEC records a validator needs. */
    UNKNOWN
}
