package org.mailwright.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A signed DNS world on loopback, signed for real with BIND's {@code dnssec-keygen} and {@code dnssec-signzone}
 * (bind9-utils) and served by {@code named}. The trust anchor is the key of {@code dnssec.test}, the parent zone,
 * which delegates to:
 * <ul>
 *   <li>{@code signed.dnssec.test}: signed, its DS at the parent: secure;</li>
 *   <li>{@code plain.dnssec.test}: not signed, no DS (the parent's NSEC proves it): insecure;</li>
 *   <li>{@code broken.dnssec.test}: signed, but the DS at the parent names another key: bogus;</li>
 *   <li>{@code tampered.dnssec.test}: signed and delegated right, then an A record changed after signing: bogus.</li>
 * </ul>
 * Each child zone has {@code mail.ZONE} A 192.0.2.10 and the TLSA record given for {@code _25._tcp.mail.ZONE}.
 */
final class SignedZones implements AutoCloseable {
    static final String PARENT = "dnssec.test";
    static final String SIGNED = "signed." + PARENT;
    static final String PLAIN = "plain." + PARENT;
    static final String BROKEN = "broken." + PARENT;
    static final String TAMPERED = "tampered." + PARENT;

    final LoopbackDns dns = new LoopbackDns();
    InetSocketAddress named;
    /** The parent zone's DNSKEY as a trust anchor line. */
    String anchor;
    /** A key that signs nothing, as a wrong trust anchor for {@link #PARENT}. */
    String wrongAnchor;

    /** @param tlsa the RDATA of each child zone's {@code _25._tcp.mail} TLSA record ("3 1 1 HEX"), or null for none */
    SignedZones start(String tlsa) throws IOException, InterruptedException {
        Path dir = dns.dir().resolve("keys");
        Files.createDirectories(dir);
        String body = "mail A 192.0.2.10\n@ MX 10 mail\n" + (tlsa == null ? "" : "_25._tcp.mail TLSA " + tlsa + "\n");

        Path signedKey = key(dir, SIGNED);
        Path tamperedKey = key(dir, TAMPERED);
        Path brokenKey = key(dir, BROKEN);
        Path brokenDsKey = key(dir, BROKEN);   // the DS at the parent names this one; the zone is signed with the other
        Path parentKey = key(dir, PARENT);
        Path wrongKey = key(dir, PARENT);

        String signed = sign(dir, SIGNED, LoopbackDns.zone(SIGNED, 1, body), signedKey);
        String tampered = sign(dir, TAMPERED, LoopbackDns.zone(TAMPERED, 1, body), tamperedKey)
                .replaceFirst("(?m)^(mail\\." + TAMPERED.replace(".", "\\.") + "\\.\\s+\\d+\\s+IN\\s+A\\s+)192\\.0\\.2\\.10", "$1192.0.2.66");
        if (!tampered.contains("192.0.2.66")) {
            throw new IllegalStateException("the tampered zone's A record was not found to change:\n" + tampered);
        }
        String broken = sign(dir, BROKEN, LoopbackDns.zone(BROKEN, 1, body), brokenKey);
        String plain = LoopbackDns.zone(PLAIN, 1, body);

        String delegations = "signed NS ns\nplain NS ns\nbroken NS ns\ntampered NS ns\n"
                + ds(signedKey) + ds(tamperedKey) + ds(brokenDsKey);
        String parent = sign(dir, PARENT, LoopbackDns.zone(PARENT, 1, delegations), parentKey);
        anchor = keyRecord(parentKey);
        wrongAnchor = keyRecord(wrongKey);

        Map<String, String> zones = LoopbackDns.zones();
        zones.put(PARENT, parent);
        zones.put(SIGNED, signed);
        zones.put(PLAIN, plain);
        zones.put(BROKEN, broken);
        zones.put(TAMPERED, tampered);
        named = dns.startNamed(zones);
        return this;
    }

    /** A key signing key (flag 257) for {@code zone}, ECDSA P-256 (algorithm 13): quick to make. */
    private static Path key(Path dir, String zone) throws IOException, InterruptedException {
        String base = run(dir, LoopbackDns.requireBinary("dnssec-keygen", "bind9-utils"), "-K", dir.toString(), "-a", "ECDSAP256SHA256",
                "-f", "KSK", "-n", "ZONE", zone).strip();
        return dir.resolve(base.lines().reduce((a, b) -> b).orElseThrow().strip());
    }

    /** The zone signed with {@code key} alone ({@code -z}: the KSK signs every RRset), its DNSKEY added first. */
    private static String sign(Path dir, String zone, String text, Path key) throws IOException, InterruptedException {
        Path in = dir.resolve(zone + ".zone");
        Path out = dir.resolve(zone + ".signed");
        Files.writeString(in, text + keyRecord(key), StandardCharsets.UTF_8);
        run(dir, LoopbackDns.requireBinary("dnssec-signzone", "bind9-utils"), "-K", dir.toString(), "-d", dir.toString(), "-z",
                "-o", zone, "-f", out.toString(), in.toString(), key.toString() + ".private");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String ds(Path key) throws IOException, InterruptedException {
        return run(key.getParent(), LoopbackDns.requireBinary("dnssec-dsfromkey", "bind9-utils"), "-2", key + ".key");
    }

    /** The DNSKEY record of a key file, without its comment lines. */
    static String keyRecord(Path key) throws IOException {
        return String.join("\n", Files.readAllLines(Path.of(key + ".key")).stream().filter(l -> !l.startsWith(";")).toList()) + "\n";
    }

    private static String run(Path dir, String... cmd) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(cmd));
        Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed:\n" + out + err);
        }
        return out;
    }

    @Override
    public void close() {
        dns.close();
    }
}
