package org.mailwright.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A minimal SMTP client for checks made from this computer: what a stranger sees before TLS (does the server
 * relay? does it take a password in clear?), and what a mail app does after it (STARTTLS or implicit TLS, AUTH).
 */
public final class SmtpProbe implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final String host;

    private SmtpProbe(Socket socket, String host) throws IOException {
        this.host = host;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        this.out = s.getOutputStream();
    }

    /** Plain TCP (ports 25 and 587 before STARTTLS). */
    public static SmtpProbe connect(String host, int port, int timeoutMillis) throws IOException {
        return open(host, port, timeoutMillis, false);
    }

    /** TLS from the first byte (port 465), without judging the certificate: the TLS checks do that. */
    public static SmtpProbe connectTls(String host, int port, int timeoutMillis) throws IOException {
        return open(host, port, timeoutMillis, true);
    }

    private static SmtpProbe open(String host, int port, int timeoutMillis, boolean tls) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis * 3);
            if (tls) {
                s = ProbeTls.wrap(s, host, port);
            }
            SmtpProbe p = new SmtpProbe(s, host);
            p.reply();
            return p;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends one command line and returns the whole (possibly multi-line) reply. */
    public List<String> send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** STARTTLS and the TLS handshake; the session starts over, so EHLO must be sent again. */
    public void startTls() throws IOException {
        List<String> r = send("STARTTLS");
        if (code(r) != 220) {
            throw new IOException("STARTTLS refused: " + r.get(r.size() - 1));
        }
        SSLSocket tls = ProbeTls.wrap(socket, host, socket.getPort());
        attach(tls);
    }

    /** The TLS session after {@link #startTls()} or on a {@link #connectTls} probe; empty on plain text. */
    public java.util.Optional<javax.net.ssl.SSLSession> tlsSession() {
        return socket instanceof SSLSocket t ? java.util.Optional.of(t.getSession()) : java.util.Optional.empty();
    }

    private List<String> reply() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = in.readLine();
            if (l == null) {
                throw new IOException("the server closed the connection");
            }
            lines.add(l);
        } while (l.length() > 3 && l.charAt(3) == '-');
        return lines;
    }

    public static int code(List<String> reply) {
        return Integer.parseInt(reply.get(reply.size() - 1).substring(0, 3));
    }

    @Override
    public void close() throws IOException {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
