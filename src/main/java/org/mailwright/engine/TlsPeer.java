package org.mailwright.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.mailwright.model.MailPorts;

/**
 * What a mail app meets on a port, from this computer: the TLS version and the server's certificate (its DNS names
 * and end date). The trust chain is not judged here (the lab's test CA would fail it); names and dates are.
 *
 * @param protocol  such as "TLSv1.3"
 * @param names     the certificate's DNS subject alternative names
 * @param notAfter  when the certificate ends
 */
public record TlsPeer(String protocol, List<String> names, Instant notAfter) {

    /**
     * Connects to {@code host:port} and makes the TLS handshake the way mail apps do on that port: STARTTLS after
     * EHLO on 25 and 587, TLS from the first byte on 465 and 993.
     *
     * @param timeoutMillis for the connection and each read
     * @throws IOException unreachable, refused, no STARTTLS, or a failed handshake (the message says which)
     */
    public static TlsPeer of(String host, int port, int timeoutMillis) throws IOException {
        if (port == MailPorts.SMTP || port == MailPorts.SUBMISSION) {
            try (SmtpProbe smtp = SmtpProbe.connect(host, port, timeoutMillis)) {
                smtp.send("EHLO mailwright-status.invalid");
                smtp.startTls();
                return of(smtp.tlsSession().orElseThrow(() -> new IOException("no TLS session after STARTTLS")));
            }
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis);
            try (SSLSocket tls = ProbeTls.wrap(s, host, port)) {
                return of(tls.getSession());
            }
        }
    }

    private static TlsPeer of(SSLSession session) throws IOException {
        Certificate[] chain = session.getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            throw new IOException("the server sent no certificate");
        }
        List<String> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IOException("unreadable certificate: " + e.getMessage(), e);
        }
        return new TlsPeer(session.getProtocol(), names, leaf.getNotAfter().toInstant());
    }

    /** Whether the certificate names {@code host}, directly or by a one-label wildcard (RFC 6125 section 6.4.3). */
    public boolean names(String host) {
        String h = host.toLowerCase(java.util.Locale.ROOT);
        return names.stream().map(n -> n.toLowerCase(java.util.Locale.ROOT)).anyMatch(n -> n.equals(h)
                || n.startsWith("*.") && h.indexOf('.') > 0 && h.substring(h.indexOf('.')).equals(n.substring(1)));
    }
}
