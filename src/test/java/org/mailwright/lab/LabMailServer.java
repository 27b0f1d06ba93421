package org.mailwright.lab;

import jakarta.mail.Session;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.cli.MailwrightCommand;
import picocli.CommandLine;

/**
 * A droplet set up by `mailwright apply` (certbot against the lab's pebble, one mailbox), and the real mail clients
 * the lab tests use against it: angus-mail trusting only the lab's ACME root.
 */
final class LabMailServer {
    static final String USER = "john@example.com";

    record Installed(LabDroplet droplet, Path spec, Path knownHosts, String firstRun, int firstExit) {
        /** The first apply's transcript: every command, upload and backup it made. */
        Path transcript() {
            return spec.resolveSibling("apply.log");
        }
    }

    /** Runs on the booted droplet after the spec is written and before the first apply: a server as someone left it. */
    @FunctionalInterface
    interface BeforeApply {
        BeforeApply NOTHING = (d, spec, knownHosts) -> { };

        void prepare(LabDroplet d, Path spec, Path knownHosts) throws Exception;
    }

    private LabMailServer() {
    }

    /** Boots a fresh droplet named {@code name} and runs apply on it, with {@value #USER} having {@code password}. */
    static Installed install(String suite, String name, String password) throws Exception {
        return install(suite, name, password, -1, BeforeApply.NOTHING);
    }

    /**
     * Like {@link #install(String, String, String)}, with the spec's {@code server.port} set to {@code sshPort} (the
     * droplet's own port when negative) and {@code before} run first. The droplet is powered off if anything up to
     * apply throws; a failed apply is left for the caller to inspect ({@link Installed#firstExit()}).
     */
    static Installed install(String suite, String name, String password, int sshPort, BeforeApply before) throws Exception {
        LabDroplet d = LabDroplet.up(suite, name);
        try {
            return apply(d, password, sshPort < 0 ? d.sshPort() : sshPort, before);
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
    }

    private static Installed apply(LabDroplet d, String password, int sshPort, BeforeApply before) throws Exception {
        Path dir = Files.createTempDirectory("mailwright-lab-" + d.name());
        Path spec = dir.resolve("server.yaml");
        Files.writeString(spec, """
                server:   { host: %s, port: %d, user: root, identity: %s }
                hostname: %s
                domains:  [%s]
                dkim:     { selector: dkim, bits: 2048 }
                users:    [ { address: %s, password-hash: "%s" } ]
                aliases:  { info@%s: %s }
                tls:      { mode: certbot, email: %s, acme-server: "%s", acme-ca: %s }
                filters:  { dyndns: junk, rdns: off, fcrdns: off, senderscore: off }
                """.formatted(d.host(), sshPort, d.sshKey(), d.mailHost(), d.domain(), USER, PasswordHasher.hash(password),
                d.domain(), USER, USER, d.acmeDirectory(), d.acmeCa()));
        Path knownHosts = dir.resolve("known_hosts");
        before.prepare(d, spec, knownHosts);
        String[] out = new String[1];
        int exit = cli(out, null, "apply", spec.toString(), "--accept-host-key", d.hostKeySha256(), "--known-hosts", knownHosts.toString(),
                "--dns-server", d.gateway(), "--no-internet-checks", "--transcript", dir.resolve("apply.log").toString());
        // the DKIM key was made by apply: publish it so signatures can be verified against DNS
        String pub = d.exec("sh", "-c", "openssl pkey -in /etc/dkim/example.com.dkim.key -pubout | grep -v -- -----").output().replace("\n", "");
        d.addTxt("dkim._domainkey." + d.domain(), "v=DKIM1; k=rsa; p=" + pub);
        return new Installed(d, spec, knownHosts, out[0], exit);
    }

    /** Runs the CLI in this JVM with {@code stdin} (or none) and its output captured; echoes it for the test log. */
    static int cli(String[] output, String stdin, String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = new CommandLine(new MailwrightCommand());
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        InputStream before = System.in;
        if (stdin != null) {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            int exit = cl.execute(args);
            output[0] = sw.toString();
            System.err.println("$ mailwright " + String.join(" ", args) + "\n" + output[0]);
            return exit;
        } finally {
            System.setIn(before);
        }
    }

    static SSLSocketFactory trustingLabCa(LabDroplet d) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(d.acmeRoot())) {
            int n = 0;
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("lab-" + n++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    /** SMTP on {@code smtpPort} (465 implicit TLS, else STARTTLS required) and IMAPS on 993, trusting the lab CA only. */
    static Session session(LabDroplet d, int smtpPort) throws Exception {
        SSLSocketFactory tls = trustingLabCa(d);
        Properties p = new Properties();
        p.put("mail.smtp.host", d.host());
        p.put("mail.smtp.port", Integer.toString(smtpPort));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", "20000");
        p.put("mail.smtp.ssl.socketFactory", tls);
        if (smtpPort == 465) {
            p.put("mail.smtp.ssl.enable", "true");
        } else {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        // the clients reach the server by IP; the certificate's name (mail.example.com) is checked by apply's own
        // verification and the issuer by the tests, the chain here by the lab CA trust store
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.host", d.host());
        p.put("mail.imaps.port", "993");
        p.put("mail.imaps.ssl.socketFactory", tls);
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "20000");
        return Session.getInstance(p);
    }
}
