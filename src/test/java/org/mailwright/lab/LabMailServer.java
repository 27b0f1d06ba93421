package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.cli.MailwrightCommand;
import picocli.CommandLine;

/**
 * A droplet set up by `mailwright apply` (certbot against the lab's pebble, one mailbox), and the real mail clients
 * the lab tests use against it: angus-mail trusting only the lab's ACME root. Test classes keep one server per suite
 * in a {@link PerSuite}.
 */
final class LabMailServer {
    static final String USER = "john@example.com";

    /** {@code @MethodSource(LabDroplet.SUITES)}: the suites of {@link LabDroplet#suites()} ({@code -Dlab.suites}). */
    static final String SUITES = "org.mailwright.lab.LabDroplet#suites";

    record Installed(LabDroplet droplet, Path spec, Path knownHosts, String firstRun, int firstExit) {
        /** The first apply's transcript: every command, upload and backup it made. */
        Path transcript() {
            return spec.resolveSibling("apply.log");
        }

        /**
         * Runs a users/aliases/domains command against this server ({@code --server SPEC --known-hosts FILE} added),
         * asserts it succeeded and returns its output.
         */
        String manage(String stdin, String... args) {
            String[] all = Stream.concat(Stream.of(args), Stream.of("--server", spec.toString(), "--known-hosts", knownHosts.toString()))
                    .toArray(String[]::new);
            String[] out = new String[1];
            int exit = cli(out, stdin, all);
            assertThat(exit).as(out[0]).isZero();
            return out[0];
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

    /**
     * One server per suite for a test class, installed on first use by {@link #get} on droplets named
     * {@code namePrefix + suite}, powered off by {@link #close()} (call it from {@code @AfterAll}).
     */
    static PerSuite perSuite(String namePrefix, String password) {
        return new PerSuite(namePrefix, password);
    }

    static final class PerSuite implements AutoCloseable {
        private final String namePrefix;
        private final String password;
        private String user = USER;
        private int sshPort = -1;
        private BeforeApply before = BeforeApply.NOTHING;
        private boolean requireApplied;
        private boolean rememberFailure;
        private boolean bare;
        private final Map<String, Installed> servers = new ConcurrentHashMap<>();
        /** A server that could not be set up: later calls fail at once instead of booting another. */
        private final Map<String, Throwable> broken = new ConcurrentHashMap<>();

        private PerSuite(String namePrefix, String password) {
            this.namePrefix = namePrefix;
            this.password = password;
        }

        /** The spec's one mailbox (and the target of info@), instead of {@value LabMailServer#USER}. */
        PerSuite user(String address) {
            this.user = address;
            return this;
        }

        /** The spec's {@code server.port}, and what to do to the droplet before the first apply. */
        PerSuite before(int sshPort, BeforeApply before) {
            this.sshPort = sshPort;
            this.before = before;
            return this;
        }

        /** The first {@link #get} of a suite asserts that its first apply exited 0. */
        PerSuite requireApplied() {
            this.requireApplied = true;
            return this;
        }

        /**
         * Boots the bare rootfs instead of the image with the mail packages ({@link LabDroplet#upWithMailPackages}):
         * for the cases that prove what a fresh or existing server's first apply does, apt's run included.
         */
        PerSuite bare() {
            this.bare = true;
            return this;
        }

        /** A suite whose install threw fails every later {@link #get} with that cause instead of being booted again. */
        PerSuite rememberFailure() {
            this.rememberFailure = true;
            return this;
        }

        Installed get(String suite) throws Exception {
            Installed existing = servers.get(suite);
            if (existing != null) {
                return existing;
            }
            if (broken.containsKey(suite)) {
                throw new IllegalStateException("the " + suite + " droplet could not be set up", broken.get(suite));
            }
            Installed i;
            try {
                i = install(suite, namePrefix + suite, user, password, sshPort, before, !bare);
            } catch (Exception | AssertionError e) {
                if (rememberFailure) {
                    broken.put(suite, e);
                }
                throw e;
            }
            servers.put(suite, i);
            if (requireApplied) {
                assertThat(i.firstExit()).as(i.firstRun()).isZero();
            }
            return i;
        }

        /** Powers off every droplet this made (all of them, even if one fails to go down). */
        @Override
        public void close() {
            RuntimeException first = null;
            for (Installed i : servers.values()) {
                try {
                    i.droplet().close();
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            servers.clear();
            if (first != null) {
                throw first;
            }
        }
    }

    /**
     * Boots a droplet named {@code name} with the mail packages ({@link LabDroplet#upWithMailPackages}) and runs apply
     * on it, with {@value #USER} having {@code password}.
     */
    static Installed install(String suite, String name, String password) throws Exception {
        return install(suite, name, USER, password, -1, BeforeApply.NOTHING, true);
    }

    /**
     * Like {@link #install(String, String, String)}, with {@code user} as the one mailbox, the spec's {@code server.port}
     * set to {@code sshPort} (the droplet's own port when negative) and {@code before} run first; {@code withPackages}:
     * booted from the image with the mail packages, else from the bare rootfs. The droplet is powered off if anything
     * up to apply throws; a failed apply is left for the caller to inspect ({@link Installed#firstExit()}).
     */
    static Installed install(String suite, String name, String user, String password, int sshPort, BeforeApply before,
            boolean withPackages) throws Exception {
        LabDroplet d = withPackages ? LabDroplet.upWithMailPackages(suite, name) : LabDroplet.up(suite, name);
        try {
            return apply(d, user, password, sshPort < 0 ? d.sshPort() : sshPort, before);
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
    }

    /** Writes the lab spec for {@code d} and runs the first apply (see {@link #install(String, String, String, String, int, BeforeApply, boolean)}). */
    static Installed apply(LabDroplet d, String user, String password, int sshPort, BeforeApply before) throws Exception {
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
                """.formatted(d.host(), sshPort, d.sshKey(), d.mailHost(), d.domain(), user, PasswordHasher.hash(password),
                d.domain(), user, user, d.acmeDirectory(), d.acmeCa()));
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

    /** TLS that trusts exactly the certificates in {@code pem} (one or more PEM blocks) and nothing else. */
    static SSLContext trusting(byte[] pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int n = 0;
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
            ks.setCertificateEntry("lab-" + n++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sockets that trust only the droplet's pebble issuing root: what certbot's certificates chain to. */
    static SSLSocketFactory trustingLabCa(LabDroplet d) throws Exception {
        return trusting(Files.readAllBytes(d.acmeRoot())).getSocketFactory();
    }

    /** {@link #session(LabDroplet, int, SSLSocketFactory, Duration)} trusting the lab CA only, 20 s read timeouts. */
    static Session session(LabDroplet d, int smtpPort) throws Exception {
        return session(d, smtpPort, trustingLabCa(d), Duration.ofSeconds(20));
    }

    /**
     * SMTP on {@code smtpPort} (465 implicit TLS, else STARTTLS required) and IMAPS on 993, trusting only {@code tls};
     * connections time out after 10 s, reads after {@code readTimeout}.
     */
    static Session session(LabDroplet d, int smtpPort, SSLSocketFactory tls, Duration readTimeout) {
        String timeout = Long.toString(readTimeout.toMillis());
        Properties p = new Properties();
        p.put("mail.smtp.host", d.host());
        p.put("mail.smtp.port", Integer.toString(smtpPort));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.connectiontimeout", "10000");
        p.put("mail.smtp.timeout", timeout);
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
        p.put("mail.imaps.timeout", timeout);
        return Session.getInstance(p);
    }

    /** Submits a text message from {@code from} (logged in with {@code password}) to {@code to} through {@code host}. */
    static void send(Session s, String host, String from, String password, String to, String subject, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        m.setText(text);
        m.saveChanges();
        try (Transport t = s.getTransport("smtp")) {
            t.connect(host, from, password);
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    /** {@link #send(Session, String, String, String, String, String, String)} to the droplet's SMTP port of {@code s}. */
    static void send(LabDroplet d, Session s, String from, String password, String to, String subject, String text) throws MessagingException {
        send(s, d.host(), from, password, to, subject, text);
    }

    /** Logs in over IMAPS and opens INBOX; an {@link jakarta.mail.AuthenticationFailedException} if the login is refused. */
    static void imapLogin(LabDroplet d, String user, String password) throws Exception {
        try (Store store = session(d, 587).getStore("imaps")) {
            store.connect(d.host(), user, password);
            store.getFolder("INBOX").open(Folder.READ_ONLY);
        }
    }

    /**
     * Logs in as {@code user} with {@code protocol} ("imaps" or "imap") on {@code host} up to {@code tries} times,
     * {@code pause} apart, until INBOX holds a message with this subject; returns that message as sent over the wire.
     */
    static Optional<String> awaitInInbox(Session s, String protocol, String host, String user, String password, String subject, int tries,
                                         Duration pause) throws Exception {
        for (int n = 0; n < tries; n++) {
            try (Store store = s.getStore(protocol)) {
                store.connect(host, user, password);
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                for (Message m : inbox.getMessages()) {
                    if (subject.equals(m.getSubject())) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        m.writeTo(raw);
                        return Optional.of(raw.toString());
                    }
                }
            }
            if (n + 1 < tries) {
                Thread.sleep(pause.toMillis());
            }
        }
        return Optional.empty();
    }

    /** {@link #awaitInInbox(Session, String, String, String, String, String, int, Duration)} over IMAPS on the droplet. */
    static Optional<String> awaitInInbox(LabDroplet d, Session s, String user, String password, String subject, int tries, Duration pause)
            throws Exception {
        return awaitInInbox(s, "imaps", d.host(), user, password, subject, tries, pause);
    }
}
