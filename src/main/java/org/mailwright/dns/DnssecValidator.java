package org.mailwright.dns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * Asks one recursive resolver and validates its answers from a trust anchor with dnsjava's {@link ValidatingResolver}
 * (RFC 4033, RFC 4034, RFC 4035): the resolver only fetches the records (the validator sets the CD and DO bits, so a
 * resolver that validates itself still hands over data that fails validation), the chain from the anchor down to the
 * answer is checked here.
 *
 * <p>The production trust anchor is the root zone's key signing keys as IANA publishes them
 * ({@link #IANA_ROOT_ANCHORS}); tests give the key of a zone they signed themselves.
 *
 * <p>Not thread-safe: use one per check.
 */
public final class DnssecValidator {

    /**
     * The DS records of the root zone's key signing keys, KSK-2017 (key tag 20326) and KSK-2024 (key tag 38696), both
     * RSA/SHA-256 (algorithm 8) with SHA-256 digests (digest type 2), as published at
     * <a href="https://data.iana.org/root-anchors/root-anchors.xml">https://data.iana.org/root-anchors/root-anchors.xml</a>
     * (checked 2026-12-05). A new root KSK is announced there years ahead (RFC 5011 rollover): add its line then.
     */
    public static final String IANA_ROOT_ANCHORS = """
            . IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
            . IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
            """;

    /**
     * One validated answer.
     *
     * @param name    the name asked, without the trailing dot
     * @param type    the type asked ({@link Type} value)
     * @param state   what the validator concluded; {@link DnssecState#UNKNOWN} when nothing usable came back
     * @param records the records of the asked type in the answer (no RRSIG), empty for NODATA, NXDOMAIN and failures
     * @param rcode   the response code ({@link Rcode}); SERVFAIL for a bogus answer, -1 when no answer came back
     * @param reason  the validator's reason in words (why bogus or insecure), or what went wrong; may be empty
     */
    public record Validated(String name, int type, DnssecState state, List<Record> records, int rcode, String reason) {
        public Validated {
            records = List.copyOf(records);
            reason = reason == null ? "" : reason;
        }
    }

    private final InetSocketAddress resolver;
    private final String trustAnchors;
    private final Duration timeout;
    private ValidatingResolver validating;

    /**
     * @param resolver     a recursive resolver that passes DNSSEC records (RRSIG, DNSKEY, DS, NSEC/NSEC3) through
     * @param trustAnchors DS or DNSKEY records in zone-file syntax, one per line ({@link #IANA_ROOT_ANCHORS} in
     *                     production)
     * @param timeout      per query sent to {@code resolver}
     * @throws IllegalArgumentException when {@code trustAnchors} holds no DS or DNSKEY record
     */
    public DnssecValidator(InetSocketAddress resolver, String trustAnchors, Duration timeout) {
        this.resolver = resolver;
        this.trustAnchors = trustAnchors;
        this.timeout = timeout;
        if (anchorNames().isEmpty()) {
            throw new IllegalArgumentException("the trust anchors hold no DS or DNSKEY record");
        }
    }

    /** The resolver asked, as {@code address:port}, for messages. */
    public String describe() {
        return new ServerQuerier(resolver, timeout, true).describe();
    }

    private ValidatingResolver validating() throws IOException {
        if (validating == null) {
            SimpleResolver head = new SimpleResolver(resolver);
            head.setTimeout(timeout);
            ValidatingResolver v = new ValidatingResolver(head);
            v.loadTrustAnchors(new ByteArrayInputStream(trustAnchors.getBytes(StandardCharsets.US_ASCII)));
            v.setTimeout(timeout);
            v.setAddReasonToAdditional(true);
            validating = v;
        }
        return validating;
    }

    /** The owner names of the trust anchors ("." for the root anchors). */
    List<Name> anchorNames() {
        List<Name> out = new ArrayList<>();
        for (String line : trustAnchors.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith(";")).toList()) {
            String[] f = line.split("\\s+");
            boolean anchor = false;
            for (String w : f) {
                anchor |= w.equalsIgnoreCase("DS") || w.equalsIgnoreCase("DNSKEY");
            }
            if (anchor) {
                try {
                    Name n = Name.fromString(f[0], Name.root);
                    if (!out.contains(n)) {
                        out.add(n);
                    }
                } catch (TextParseException e) {
                    // not a record line: loadTrustAnchors reports it
                }
            }
        }
        return out;
    }

    /**
     * Whether the resolver passes what validation needs: it answers the DNSKEY records of every trust anchor, with
     * their signatures (RFC 4035 section 3.2.1: a security-aware resolver sets DO and gets RRSIGs). A resolver that
     * strips them (some home routers, a forwarder that serves only its own names) makes every answer look bogus;
     * with this false, callers should not call anything bogus.
     */
    public boolean chainReachable() {
        for (Name anchor : anchorNames()) {
            try {
                SimpleResolver plain = new SimpleResolver(resolver);
                plain.setTimeout(timeout);
                plain.setEDNS(0, ServerQuerier.EDNS_PAYLOAD, ExtendedFlags.DO, List.of());
                Message q = Message.newQuery(Record.newRecord(anchor, Type.DNSKEY, DClass.IN));
                q.getHeader().setFlag(Flags.CD);
                Message r = plain.send(q);
                boolean keys = r.getSection(Section.ANSWER).stream().anyMatch(x -> x.getType() == Type.DNSKEY);
                boolean sigs = r.getSection(Section.ANSWER).stream().anyMatch(x -> x.getType() == Type.RRSIG);
                if (r.getRcode() != Rcode.NOERROR || !keys || !sigs) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Asks {@code name}/{@code type} and validates the answer, positive or negative (a signed NODATA or NXDOMAIN is
     * secure too: RFC 4035 section 5.4).
     *
     * @param name absolute, with or without the trailing dot
     * @param type a {@link Type} value
     * @return the answer and its state; never throws for DNS or I/O failures (they come back as {@link DnssecState#UNKNOWN})
     */
    public Validated query(String name, int type) {
        String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        Message response;
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(bare + "."), type, DClass.IN));
            response = validating().send(q);
        } catch (TextParseException e) {
            return new Validated(bare, type, DnssecState.UNKNOWN, List.of(), -1, "not a valid name");
        } catch (IOException | RuntimeException e) {
            return new Validated(bare, type, DnssecState.UNKNOWN, List.of(), -1,
                    "no answer from " + describe() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        String reason = reason(response);
        int rcode = response.getRcode();
        List<Record> records = response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
        DnssecState state;
        if (response.getHeader().getFlag(Flags.AD)) {
            state = DnssecState.SECURE;
        } else if (rcode == Rcode.SERVFAIL) {
            // the validator answers SERVFAIL with its reason when validation failed; a SERVFAIL without one is the resolver's
            state = reason.isEmpty() ? DnssecState.UNKNOWN : DnssecState.BOGUS;
        } else if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            state = DnssecState.INSECURE;
        } else {
            state = DnssecState.UNKNOWN;
        }
        return new Validated(bare, type, state, state == DnssecState.BOGUS ? List.of() : records, rcode,
                reason.isEmpty() && state == DnssecState.UNKNOWN ? "response code " + Rcode.string(rcode) : reason);
    }

    /** The validator's reason: a TXT record at the root in its private class (dnsjava's VALIDATION_REASON_QCLASS). */
    private static String reason(Message m) {
        for (RRset set : m.getSectionRRsets(Section.ADDITIONAL)) {
            if (set.getName().equals(Name.root) && set.getType() == Type.TXT && set.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                Record first = set.first();
                if (first instanceof TXTRecord txt && !txt.getStrings().isEmpty()) {
                    return String.join("", txt.getStrings()).strip();
                }
            }
        }
        return "";
    }
}
