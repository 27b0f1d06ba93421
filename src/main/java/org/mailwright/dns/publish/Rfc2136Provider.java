package org.mailwright.dns.publish;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailwright.dns.TxtStrings;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * A zone on a DNS server that takes dynamic updates (RFC 2136) signed with a TSIG key (RFC 8945): BIND, Knot,
 * PowerDNS and many hosts. Reads the zone by a zone transfer (AXFR, RFC 5936) signed with the same key, and writes all
 * of a zone's changes in one UPDATE message, which the server applies as a whole or not at all (RFC 2136 section
 * 3.7). Each change carries a prerequisite (RFC 2136 section 2.4): the record set is still as it was read, so an edit
 * made meanwhile at the provider is never overwritten.
 *
 * <p>The server needs, for the key: {@code allow-transfer { key NAME; };} and
 * {@code update-policy { grant NAME zonesub ANY; };} (BIND's names; others have the same rights).
 */
public final class Rfc2136Provider implements DnsProvider {
    private final InetSocketAddress server;
    private final TsigKey key;
    private final Duration timeout;

    /**
     * @param server  the primary server that takes updates (port 53 unless the spec says otherwise)
     * @param key     the TSIG key
     * @param timeout for each query, transfer and update
     */
    public Rfc2136Provider(InetSocketAddress server, TsigKey key, Duration timeout) {
        this.server = server;
        this.key = key;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "RFC 2136 at " + server.getHostString() + (server.getPort() == 53 ? "" : ":" + server.getPort());
    }

    private TSIG tsig() {
        return new TSIG(key.algorithm(), key.name() + ".", key.secret());
    }

    private SimpleResolver resolver() {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        r.setTCP(true);
        return r;
    }

    /** The nearest enclosing zone the server is authoritative for: the name, or a parent, with an SOA at its apex. */
    @Override
    public String zoneOf(String name) {
        String n = RecordSet.normalizeName(name);
        while (n.contains(".")) {
            Message answer = send(Message.newQuery(Record.newRecord(absolute(n), Type.SOA, DClass.IN)), false);
            if (answer.getRcode() == Rcode.NOERROR && answer.getHeader().getFlag(org.xbill.DNS.Flags.AA)) {
                for (Record r : answer.getSection(Section.ANSWER)) {
                    if (r instanceof SOARecord && RecordSet.normalizeName(r.getName().toString()).equals(n)) {
                        return n;
                    }
                }
            }
            n = n.substring(n.indexOf('.') + 1);
        }
        throw new DnsProviderException(DnsProviderException.Kind.NO_ZONE, server.getHostString() + " is not authoritative for a zone"
                + " holding " + name + ": give the primary server of that zone as dns.server");
    }

    @Override
    public List<RecordSet> read(String zone) {
        ZoneTransferIn xfr = ZoneTransferIn.newAXFR(absolute(zone), server, tsig());
        xfr.setTimeout(timeout);
        try {
            xfr.run();
        } catch (ZoneTransferException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("REFUSED") || m.contains("NOTAUTH") || m.toLowerCase(java.util.Locale.ROOT).contains("tsig")) {
                throw new DnsProviderException(m.contains("REFUSED") ? DnsProviderException.Kind.PERMISSION : DnsProviderException.Kind.LOGIN,
                        server.getHostString() + " refused to send zone " + zone + " to key " + key.name() + " (" + m + "): allow it with"
                                + " allow-transfer { key " + key.name() + "; }; in the zone (BIND), and check the key's name, algorithm"
                                + " and secret", e);
            }
            throw new DnsProviderException(DnsProviderException.Kind.UNAVAILABLE, "reading zone " + zone + " from "
                    + server.getHostString() + " failed: " + m, e);
        } catch (IOException e) {
            throw unreachable(e);
        }
        Map<String, RecordSet> sets = new LinkedHashMap<>();
        for (Record r : xfr.getAXFR()) {
            if (r.getType() == Type.SOA || r.getType() == Type.RRSIG || r.getType() == Type.NSEC || r.getType() == Type.NSEC3
                    || r.getType() == Type.DNSKEY || r.getType() == Type.NSEC3PARAM) {
                continue; // the server's own bookkeeping and DNSSEC data: never planned, never touched
            }
            RecordSet one = new RecordSet(r.getName().toString(), Type.string(r.getType()), r.getTTL(), List.of(value(r)));
            sets.merge(one.key(), one, (a, b) -> {
                List<String> v = new ArrayList<>(a.values());
                if (!v.contains(b.values().get(0))) {
                    v.add(b.values().get(0));
                }
                return a.withValues(v);
            });
        }
        return List.copyOf(sets.values());
    }

    private static String value(Record r) {
        if (r instanceof TXTRecord t) {
            return TxtStrings.join(t.getStrings());
        }
        return r.rdataToString();
    }

    @Override
    public void apply(String zone, List<RecordChange> changes) {
        Update update = new Update(absolute(zone));
        int n = 0;
        for (RecordChange c : changes) {
            if (!c.writes()) {
                continue;
            }
            RecordSet after = c.after();
            Name name = absolute(after.name());
            int type = Type.value(after.type());
            if (c.before().isPresent() && type == Type.TXT) {
                // a TXT's RDATA depends on where its strings were split, which the text form does not keep
                update.present(name, type); // still there (RFC 2136 2.4.1)
            } else if (c.before().isPresent()) {
                for (String v : c.before().get().values()) {
                    update.present(record(name, type, 0, v)); // still as read, TTL 0 (RFC 2136 2.4.2)
                }
            } else {
                update.absent(name, type); // still absent (RFC 2136 2.4.3)
            }
            update.delete(name, type);
            for (String v : after.values()) {
                update.add(record(name, type, after.ttl(), v));
            }
            n++;
        }
        if (n == 0) {
            return;
        }
        Message answer = send(update, true);
        int rcode = answer.getRcode();
        if (rcode == Rcode.NOERROR) {
            return;
        }
        String what = Rcode.string(rcode);
        throw switch (rcode) {
            case Rcode.REFUSED -> new DnsProviderException(DnsProviderException.Kind.PERMISSION, server.getHostString()
                    + " refused the update of zone " + zone + " (REFUSED): give key " + key.name() + " the right to update it, for"
                    + " BIND update-policy { grant " + key.name() + " zonesub ANY; };");
            case Rcode.NOTAUTH -> new DnsProviderException(DnsProviderException.Kind.LOGIN, server.getHostString()
                    + " did not accept key " + key.name() + " (NOTAUTH): check its name, algorithm and secret against the server's");
            case Rcode.NOTZONE -> new DnsProviderException(DnsProviderException.Kind.NO_ZONE, server.getHostString()
                    + " is not authoritative for zone " + zone + " (NOTZONE)");
            case Rcode.NXRRSET, Rcode.YXRRSET, Rcode.NXDOMAIN, Rcode.YXDOMAIN -> new DnsProviderException(DnsProviderException.Kind.REFUSED,
                    "zone " + zone + " changed at " + server.getHostString() + " since it was read (" + what
                            + "): nothing was changed; run publish again to see the new differences");
            default -> new DnsProviderException(DnsProviderException.Kind.REFUSED, server.getHostString() + " refused the update of zone "
                    + zone + ": " + what);
        };
    }

    private Message send(Message m, boolean signed) {
        SimpleResolver r = resolver();
        if (signed) {
            r.setTSIGKey(tsig());
        }
        try {
            return r.send(m);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("tsig")) {
                throw new DnsProviderException(DnsProviderException.Kind.LOGIN, server.getHostString() + " did not accept key "
                        + key.name() + " (" + e.getMessage() + "): check its name, algorithm and secret against the server's", e);
            }
            throw unreachable(e);
        }
    }

    private DnsProviderException unreachable(IOException e) {
        return new DnsProviderException(DnsProviderException.Kind.UNAVAILABLE, "no answer from " + server.getHostString() + " port "
                + server.getPort() + " (" + e.getMessage() + "): check dns.server and that the firewall lets this computer reach it over TCP", e);
    }

    private static Record record(Name name, int type, long ttl, String value) {
        if (type == Type.TXT) {
            return new TXTRecord(name, DClass.IN, ttl, TxtStrings.split(value));
        }
        try {
            return Record.fromString(name, type, DClass.IN, ttl, value, Name.root);
        } catch (IOException e) {
            throw new DnsProviderException(DnsProviderException.Kind.REFUSED, "cannot write " + name + " " + Type.string(type) + " " + value
                    + ": " + e.getMessage(), e);
        }
    }

    private static Name absolute(String name) {
        try {
            return Name.fromString(RecordSet.normalizeName(name) + ".");
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name + " is not a DNS name", e);
        }
    }
}
