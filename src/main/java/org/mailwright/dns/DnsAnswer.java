package org.mailwright.dns;

import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What one query came back with. Failures are kept as what they were (a SERVFAIL is not a missing record, a
 * timeout is not an empty answer) so that no check can turn them into "ok".
 *
 * @param server   who answered (or failed to), as {@code address:port}
 * @param viaTcp   the UDP answer was truncated and this one came over TCP
 * @param detail   for failures: what happened, in words
 */
public record DnsAnswer(String name, int type, Status status, List<Record> records, String server, boolean viaTcp, String detail) {

    public enum Status {
        /** Records of the asked type. */
        ANSWER,
        /** The name exists but has no records of this type. */
        NODATA,
        /** The name does not exist. */
        NXDOMAIN,
        SERVFAIL, REFUSED, TIMEOUT,
        /** Truncated over UDP and the TCP retry failed too. */
        TRUNCATED,
        /** Nothing listens at the server's address (ICMP port unreachable, TCP refused). */
        UNREACHABLE,
        /** Any other response code or I/O failure. */
        FAILED
    }

    public DnsAnswer {
        records = List.copyOf(records);
        detail = detail == null ? "" : detail;
    }

    /** The server could not tell us: the data may or may not exist. */
    public boolean failed() {
        return status != Status.ANSWER && status != Status.NODATA && status != Status.NXDOMAIN;
    }

    /** The records of the asked type (a CNAME chain's target records included, the CNAMEs left out). */
    public <T extends Record> List<T> recordsOf(Class<T> kind) {
        return records.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** For messages: "TXT example.com: SERVFAIL from 127.0.0.1:53". */
    public String describe() {
        return Type.string(type) + " " + name + ": " + status + (server.isEmpty() ? "" : " from " + server)
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
