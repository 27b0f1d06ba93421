package org.mailwright.dns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.xbill.DNS.Type;

/**
 * Real DNS servers on loopback for the DNS tests and the benchmark: BIND's {@code named} serving zone files on
 * 127.0.0.1, and {@code dnsmasq} instances on other 127.x addresses (named only binds addresses configured on an
 * interface; dnsmasq binds any, which the "two authoritative servers disagree" case needs). Each server is a child
 * process stopped through its own {@link Process} handle. A missing binary is an error naming the package to
 * install, never a silent skip.
 */
public final class LoopbackDns implements AutoCloseable {
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    public LoopbackDns() {
        try {
            dir = Files.createTempDirectory("mailwright-dns-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public static String requireBinary(String name, String debianPackage) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return d + "/" + name;
            }
        }
        throw new IllegalStateException("the DNS tests need '" + name + "' to run a real DNS server on loopback: apt-get install "
                + debianPackage);
    }

    /** A port free for UDP and TCP on every given address. */
    public static int freePort(String... addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(addresses[0]))) {
                port = probe.getLocalPort();
            }
            if (port < 1024) {
                continue;
            }
            boolean free = true;
            for (String a : addresses) {
                try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(a, port));
                     ServerSocket t = new ServerSocket(port, 1, InetAddress.getByName(a))) {
                    u.getLocalPort();
                    t.getLocalPort();
                } catch (IOException busy) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return port;
            }
        }
        throw new IOException("no free port found on " + String.join(", ", addresses));
    }

    /**
     * Starts named on 127.0.0.1 serving {@code zones} (origin -> zone file text; a text that does not parse makes
     * named refuse to load that zone, which then answers SERVFAIL).
     */
    InetSocketAddress startNamed(Map<String, String> zones) throws IOException, InterruptedException {
        return startNamed(zones, "", "");
    }

    /**
     * {@link #startNamed(Map)} with {@code config} added to named.conf (key blocks) and {@code zoneOptions} inside every
     * zone block ({@code update-policy}, {@code allow-transfer}): dynamic updates write the zone's journal in this
     * test's directory.
     */
    public InetSocketAddress startNamed(Map<String, String> zones, String config, String zoneOptions) throws IOException, InterruptedException {
        return startNamed("127.0.0.1", zones, config, zoneOptions);
    }

    /**
     * {@link #startNamed(Map, String, String)} on {@code address}, which must be configured on an interface of this
     * machine (a lab droplet's gateway, so the droplet and its ACME server can ask it too).
     */
    public InetSocketAddress startNamed(String address, Map<String, String> zones, String config, String zoneOptions)
            throws IOException, InterruptedException {
        String named = requireBinary("named", "bind9");
        int port = freePort(address);
        Path conf = dir.resolve("named.conf");
        StringBuilder sb = new StringBuilder();
        sb.append("options {\n  directory \"").append(dir).append("\";\n")
                .append("  listen-on port ").append(port).append(" { ").append(address).append("; };\n  listen-on-v6 { none; };\n")
                .append("  recursion no;\n  dnssec-validation no;\n  pid-file none;\n")
                .append("  session-keyfile \"").append(dir.resolve("session.key")).append("\";\n")
                .append("  managed-keys-directory \"").append(dir).append("\";\n};\n")
                // no rndc channel: it would take port 953, which a second instance or the system's named may hold
                .append("controls { };\n");
        sb.append(config);
        for (Map.Entry<String, String> z : zones.entrySet()) {
            String file = z.getKey() + ".zone";
            Files.writeString(dir.resolve(file), z.getValue(), StandardCharsets.UTF_8);
            sb.append("zone \"").append(z.getKey()).append("\" { type primary; file \"").append(file).append("\"; ").append(zoneOptions).append(" };\n");
        }
        Files.writeString(conf, sb.toString(), StandardCharsets.UTF_8);
        // -g: foreground, log to stderr; -4: IPv4 only; -n 1: one worker is plenty and keeps CI's two cores free
        start(List.of(named, "-g", "-4", "-n", "1", "-c", conf.toString()), "named");
        InetSocketAddress listening = new InetSocketAddress(address, port);
        awaitAnswer(listening, zones.keySet().iterator().next(), "named");
        return listening;
    }

    /** Starts dnsmasq on {@code address}:{@code port} as the authoritative server of {@code zone} with these records. */
    InetSocketAddress startDnsmasq(String address, int port, String zone, long serial, List<String> recordOptions)
            throws IOException, InterruptedException {
        String dnsmasq = requireBinary("dnsmasq", "dnsmasq-base");
        List<String> cmd = new ArrayList<>(List.of(dnsmasq, "--keep-in-foreground", "--log-facility=-", "--conf-file=/dev/null",
                "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces", "--listen-address=" + address, "--port=" + port,
                "--pid-file=", "--auth-zone=" + zone, "--auth-server=ns." + zone + "," + address,
                "--auth-soa=" + serial + ",hostmaster." + zone));
        cmd.addAll(recordOptions);
        start(cmd, "dnsmasq-" + address);
        InetSocketAddress a = new InetSocketAddress(address, port);
        awaitAnswer(a, zone, "dnsmasq on " + address);
        return a;
    }

    private void start(List<String> cmd, String name) throws IOException {
        File log = dir.resolve(name + ".log").toFile();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
    }

    private void awaitAnswer(InetSocketAddress server, String zone, String what) throws IOException, InterruptedException {
        ServerQuerier q = new ServerQuerier(server, Duration.ofMillis(300), true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Process p = processes.get(processes.size() - 1);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException(what + " exited with status " + p.exitValue() + ":\n" + log(what));
            }
            DnsAnswer a = q.query(zone, Type.SOA).join();
            if (a.status() == DnsAnswer.Status.ANSWER) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " did not answer for " + zone + " at " + server + " within 15 s:\n" + log(what));
    }

    private String log(String what) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path l : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                sb.append("--- ").append(l.getFileName()).append('\n').append(Files.readString(l));
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }

    /** A zone file with the SOA and NS every zone needs in front of {@code body}. */
    public static String zone(String origin, long serial, String body) {
        return "$ORIGIN " + origin + ".\n$TTL 300\n@ SOA ns." + origin + ". hostmaster." + origin + ". " + serial
                + " 3600 600 86400 300\n@ NS ns." + origin + ".\nns A 127.0.0.1\n" + body;
    }

    public static Map<String, String> zones() {
        return new LinkedHashMap<>();
    }
}
