package org.mailwright.dns;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Asks one DNS server directly with dnsjava's {@link SimpleResolver}: no {@code Lookup}, no cache, so every check
 * sees what the server says now. Truncated UDP answers are retried over TCP here rather than inside dnsjava so a
 * failing TCP retry is reported as truncation, not as a vague I/O error.
 */
public final class ServerQuerier implements DnsQuerier {
    /** The EDNS buffer size of DNS Flag Day 2020: avoids IP fragmentation, which firewalls drop. */
    public static final int EDNS_PAYLOAD = 1232;

    private final InetSocketAddress server;
    private final SimpleResolver udp;
    private final SimpleResolver tcp;
    private final Duration timeout;

    /**
     * @param edns false sends plain RFC 1035 queries, whose answers are cut at 512 bytes (how old middleboxes
     *             behave; used to prove the TCP retry works)
     */
    public ServerQuerier(InetSocketAddress server, Duration timeout, boolean edns) {
        this.server = server;
        this.timeout = timeout;
        this.udp = resolver(server, timeout, edns);
        udp.setIgnoreTruncation(true);
        this.tcp = resolver(server, timeout, edns);
        tcp.setTCP(true);
    }

    private static SimpleResolver resolver(InetSocketAddress server, Duration timeout, boolean edns) {
        SimpleResolver r = new SimpleResolver(server);
        r.setTimeout(timeout);
        if (edns) {
            r.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
        } else {
            r.setEDNS(-1, 0, 0, List.of());
        }
        return r;
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, int type) {
        Message question;
        try {
            question = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, DClass.IN));
        } catch (TextParseException e) {
            return CompletableFuture.completedFuture(answer(name, type, DnsAnswer.Status.FAILED, List.of(), false, "not a valid name"));
        }
        CompletableFuture<DnsAnswer> result = udp.sendAsync(question).toCompletableFuture().thenCompose(response -> {
            if (!response.getHeader().getFlag(Flags.TC)) {
                return CompletableFuture.completedFuture(toAnswer(name, type, response, false));
            }
            return tcp.sendAsync(question.clone()).toCompletableFuture()
                    .thenApply(r -> toAnswer(name, type, r, true))
                    .exceptionally(e -> answer(name, type, DnsAnswer.Status.TRUNCATED, List.of(), true,
                            "the UDP answer was truncated and the retry over TCP failed: " + reason(e)));
        }).exceptionally(e -> failure(name, type, e));
        // dnsjava enforces its own timeout; this guard only keeps a check from hanging if it ever does not
        return result.completeOnTimeout(answer(name, type, DnsAnswer.Status.TIMEOUT, List.of(), false,
                "no answer within " + timeout.toMillis() + " ms"), timeout.toMillis() * 2 + 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private DnsAnswer toAnswer(String name, int type, Message response, boolean viaTcp) {
        int rcode = response.getRcode();
        List<Record> records = response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
        DnsAnswer.Status status;
        if (rcode == Rcode.NOERROR) {
            status = records.isEmpty() ? DnsAnswer.Status.NODATA : DnsAnswer.Status.ANSWER;
        } else if (rcode == Rcode.NXDOMAIN) {
            status = DnsAnswer.Status.NXDOMAIN;
        } else if (rcode == Rcode.SERVFAIL) {
            status = DnsAnswer.Status.SERVFAIL;
        } else if (rcode == Rcode.REFUSED) {
            status = DnsAnswer.Status.REFUSED;
        } else {
            status = DnsAnswer.Status.FAILED;
        }
        if (viaTcp && response.getHeader().getFlag(Flags.TC)) {
            return answer(name, type, DnsAnswer.Status.TRUNCATED, List.of(), true, "even the TCP answer was marked truncated");
        }
        return answer(name, type, status, records, viaTcp, status == DnsAnswer.Status.FAILED ? "response code " + Rcode.string(rcode) : "");
    }

    private DnsAnswer failure(String name, int type, Throwable e) {
        Throwable c = unwrap(e);
        DnsAnswer.Status status = c instanceof SocketTimeoutException || c instanceof TimeoutException
                ? DnsAnswer.Status.TIMEOUT
                : c instanceof PortUnreachableException || c instanceof ConnectException ? DnsAnswer.Status.UNREACHABLE : DnsAnswer.Status.FAILED;
        String detail = status == DnsAnswer.Status.TIMEOUT ? "no answer within " + timeout.toMillis() + " ms" : reason(c);
        return answer(name, type, status, List.of(), false, detail);
    }

    private DnsAnswer answer(String name, int type, DnsAnswer.Status status, List<Record> records, boolean viaTcp, String detail) {
        return new DnsAnswer(name.endsWith(".") ? name.substring(0, name.length() - 1) : name, type, status, records, describe(), viaTcp, detail);
    }

    private static Throwable unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        // dnsjava wraps socket errors in IOException subclasses; look one level further for the real cause
        if (c instanceof IOException && c.getCause() != null && !(c instanceof SocketTimeoutException)) {
            Throwable inner = c.getCause();
            if (inner instanceof SocketTimeoutException || inner instanceof PortUnreachableException || inner instanceof ConnectException) {
                return inner;
            }
        }
        return c;
    }

    private static String reason(Throwable e) {
        Throwable c = unwrap(e);
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    @Override
    public String describe() {
        String host = server.getAddress() == null ? server.getHostString() : Addresses.text(server.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    static String typeName(int type) {
        return Type.string(type);
    }
}
