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

/** A minimal IMAPS client for the verification: log in, count the messages whose subject holds a token. */
public final class ImapProbe implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int tag;

    private ImapProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
        String greeting = in.readLine();
        if (greeting == null || !greeting.startsWith("* OK")) {
            throw new IOException("not an IMAP greeting: " + greeting);
        }
    }

    public static ImapProbe connectTls(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            s.setSoTimeout(timeoutMillis * 3);
            return new ImapProbe(ProbeTls.wrap(s, host, port));
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Runs one command; the last line is the tagged status ("a3 OK ..."). */
    public List<String> command(String text) throws IOException {
        String t = "a" + (++tag);
        out.write((t + " " + text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        List<String> lines = new ArrayList<>();
        String l;
        do {
            l = in.readLine();
            if (l == null) {
                throw new IOException("the server closed the connection");
            }
            lines.add(l);
        } while (!l.startsWith(t + " "));
        return lines;
    }

    public static boolean ok(List<String> reply) {
        String last = reply.get(reply.size() - 1);
        return last.substring(last.indexOf(' ') + 1).startsWith("OK");
    }

    /** An IMAP quoted string (RFC 3501 4.3); the probe's own values never hold quotes or backslashes. */
    public static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() throws IOException {
        try {
            command("LOGOUT");
        } catch (IOException ignored) {
            // closing anyway
        }
        socket.close();
    }
}
