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

/**
 * A minimal SMTP client for checks made from this computer: only plain-text commands before any TLS, enough to see
 * what a stranger on the internet sees (does the server relay? does it take a password in clear?).
 */
public final class SmtpProbe implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private SmtpProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        this.out = socket.getOutputStream();
    }

    public static SmtpProbe connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis * 3);
            SmtpProbe p = new SmtpProbe(s);
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
