package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Bad input is refused with a sentence naming the key and what is allowed, and nothing reaches the server: a plain
 * TCP listener stands in for it and counts every connection. The control case (a good spec) must connect, or the
 * listener would prove nothing.
 */
class BadInputSendsNothingTest {
    private static final String HASH = "$2b$12$" + "a".repeat(53);
    private static final String LOGIN_PASSWORD = "Control-Login-Pw-1";
    private static CountingServer server;

    @TempDir
    Path dir;
    private final InputStream stdin = System.in;
    private Function<String, String> environment;

    @BeforeAll
    static void listen() throws IOException {
        server = new CountingServer();
    }

    @AfterAll
    static void stopListening() throws IOException {
        server.close();
    }

    @BeforeEach
    void credentials() {
        // a login password is there, so that is never the reason a spec is refused (unless a test takes it away)
        environment = ServerOptions.environment;
        ServerOptions.environment = Map.of(ServerOptions.PASSWORD_ENV, LOGIN_PASSWORD)::get;
    }

    @AfterEach
    void restore() {
        ServerOptions.environment = environment;
        System.setIn(stdin);
    }

    static String good() {
        return """
                server:   { host: 127.0.0.1, port: %d, user: root }
                hostname: mail.example.com
                domains:  [example.com]
                users:    [ { address: john@example.com, password-hash: "%s" } ]
                tls:      { mode: self-signed }
                firewall: { extra-ports: [2222] }
                """.formatted(server.port(), HASH);
    }

    /** name, text replaced in the good spec, its replacement, what the message must say. */
    static Stream<Arguments> badSpecs() {
        String port = "port: %d".formatted(server.port());
        String domains = "domains:  [example.com]";
        String address = "address: john@example.com";
        String tls = "tls:      { mode: self-signed }";
        return Stream.of(
                // domains
                Arguments.of("empty domain", domains, "domains: ['']", "domains: is empty"),
                Arguments.of("no domains", domains, "domains: []", "domains: list at least one domain"),
                Arguments.of("IDN domain", domains, "domains: [bücher.example]", "domains: 'bücher.example' has non-ASCII characters, which the mail tables, DNS records and certificate cannot hold: write it as xn--bcher-kva.example"),
                Arguments.of("IDN hostname", "hostname: mail.example.com", "hostname: mail.bücher.example", "hostname: 'mail.bücher.example' has non-ASCII characters"),
                Arguments.of("trailing dot", domains, "domains: [example.com.]", "domains: 'example.com.' ends with a dot: leave the trailing dot out (example.com)"),
                Arguments.of("label over 63", domains, "domains: [" + "a".repeat(64) + ".com]", "has a part longer than 63 characters"),
                Arguments.of("name over 253", domains, "domains: [" + ("a".repeat(60) + ".").repeat(5) + "com]", "is 308 characters long; at most 253 are allowed"),
                Arguments.of("underscore", domains, "domains: [exa_mple.com]", "domains: 'exa_mple.com' contains an underscore"),
                Arguments.of("space", domains, "domains: ['exa mple.com']", "domains: 'exa mple.com' may only contain letters, digits, dots and inner hyphens"),
                Arguments.of("shell in domain", domains, "domains: ['x.com;reboot']", "may only contain letters, digits, dots and inner hyphens"),
                // addresses
                Arguments.of("address without @", address, "address: john.example.com", "users[0].address: 'john.example.com' is not an address like name@example.com"),
                Arguments.of("address with two @", address, "address: 'john@doe@example.com'", "users[0].address: 'john@doe@example.com' has more than one @"),
                Arguments.of("empty local part", address, "address: '@example.com'", "users[0].address: '@example.com' has nothing before the @"),
                Arguments.of("quoted local part", address, "address: '\"john doe\"@example.com'", "users[0].address: '\"john doe\"@example.com' has quotes"),
                Arguments.of("catch-all of a domain not served", "tls:      {", "aliases:  { \"@example.org\": john@example.com }\ntls:      {",
                        "aliases.@example.org: '@example.org' is a catch-all for example.org, which is not one of the listed domains [example.com]"),
                Arguments.of("catch-all without a domain", "tls:      {", "aliases:  { \"@\": john@example.com }\ntls:      {",
                        "aliases.@: the catch-all '@' needs a domain after the @"),
                Arguments.of("slash in local part", address, "address: 'john/cur@example.com'", "users[0].address: 'john/cur@example.com' has / | or #"),
                Arguments.of("tls email", tls, "tls: { mode: certbot, email: 'me@@example.com' }", "tls.email: 'me@@example.com' has more than one @"),
                // hashes (passwords never appear in a spec)
                Arguments.of("cheap hash", HASH, HASH.replace("$12$", "$10$"), "users[0].password-hash: uses bcrypt cost 10; at least 12 is required"),
                Arguments.of("plain password as hash", HASH, "Sekr3t-plain-1", "users[0].password-hash: is not a bcrypt hash"),
                // ports
                Arguments.of("port 0", port, "port: 0", "server.port: 0 is not a TCP port (1-65535)"),
                Arguments.of("port 65536", port, "port: 65536", "server.port: 65536 is not a TCP port (1-65535)"),
                Arguments.of("negative port", port, "port: -22", "server.port: -22 is not a TCP port (1-65535)"),
                Arguments.of("port as text", port, "port: abc", "server.port: must be a whole number, not text 'abc'"),
                Arguments.of("port quoted", port, "port: \"22\"", "server.port: must be a whole number, not text '22'"),
                Arguments.of("port huge", port, "port: 99999999999", "server.port: 99999999999 is far too large"),
                Arguments.of("extra port 0", "extra-ports: [2222]", "extra-ports: [0]", "firewall.extra-ports: 0 is not a TCP port (1-65535)"),
                Arguments.of("extra port text", "extra-ports: [2222]", "extra-ports: [ssh]", "firewall.extra-ports[0]: must be a port number (1-65535), not text 'ssh'"),
                // paths
                Arguments.of("relative identity", "user: root }", "user: root, identity: id_ed25519 }", "server.identity: 'id_ed25519' is a relative path"),
                Arguments.of("identity with newline", "user: root }", "user: root, identity: \"/root/.ssh/id\\nx\" }", "server.identity: contains a line break"),
                Arguments.of("relative cert", tls, "tls: { mode: existing, cert: fullchain.pem, key: /etc/ssl/private/k.pem }", "tls.cert: 'fullchain.pem' must be an absolute path on the server"),
                Arguments.of("key with newline", tls, "tls: { mode: existing, cert: /etc/c.pem, key: \"/etc/k.pem\\n/x\" }", "tls.key: contains a line break"),
                Arguments.of("relative acme-ca", tls, "tls: { mode: certbot, email: john@example.com, acme-ca: ca.pem }", "tls.acme-ca: 'ca.pem' is a relative path"),
                // YAML of the wrong shape
                Arguments.of("list for a mapping", "server:   { host: 127.0.0.1, %s, user: root }".formatted(port), "server: [127.0.0.1, 22]", "server: must be a mapping (key: value lines), not a list"),
                Arguments.of("number for domains", domains, "domains: 5", "domains: must be a list ([a, b] or '- a' lines), not the number 5"),
                Arguments.of("number in domains", domains, "domains: [5]", "domains[0]: must be a domain name, not the number 5"),
                Arguments.of("mapping for users", "users:    [ { address: john@example.com, password-hash: \"%s\" } ]".formatted(HASH), "users: { address: john@example.com }", "users: must be a list"),
                Arguments.of("text for tls", tls, "tls: self-signed", "tls: must be a mapping (key: value lines), not text 'self-signed'"),
                Arguments.of("text for a score", "firewall:", "spam: { reject: high }\nfirewall:", "spam.reject: must be a number, not text 'high'"),
                Arguments.of("quota without a unit", "tls:", "quotas: { example.com: 500 }\ntls:", "quotas.example.com: must be a size with a unit, such as 500M or 2G, not the number 500"),
                Arguments.of("quota for a domain not served", "tls:", "quotas: { example.org: 1G }\ntls:", "quotas.example.org: 'example.org' is not one of the listed domains"),
                Arguments.of("fractional user quota", "password-hash: \"%s\" }".formatted(HASH), "password-hash: \"%s\", quota: 1.5G }".formatted(HASH), "users[0].quota: '1.5G' is not a size"),
                Arguments.of("user quota too small", "password-hash: \"%s\" }".formatted(HASH), "password-hash: \"%s\", quota: 100K }".formatted(HASH), "users[0].quota: '100K' is out of range; a quota is between 1M and 1024T"),
                Arguments.of("unknown key", "hostname:", "hostnme: x\nhostname:", "hostnme: unknown key (did you mean hostname? allowed here: aliases, backup, dkim, dns, domains, filters, firewall, hostname, ipv6, mta-sts, protection, quotas, relay, root-mail, server, spam, tls, users)"),
                Arguments.of("ban time without a unit", "tls:", "protection: { bantime: 3600 }\ntls:", "protection.bantime: '3600' is not a duration; write a number and a unit, such as 10m, 1h, 2d or 1w"),
                Arguments.of("host name never banned", "tls:", "protection: { ignore: [home.example.net] }\ntls:", "protection.ignore[0]: 'home.example.net' is not an IP address or network"),
                Arguments.of("ipv6 sending not auto or off", "tls:", "ipv6: { send: always }\ntls:", "ipv6.send: 'always' is not one of auto, off: write auto"),
                Arguments.of("mta-sts mode not off, testing or enforce", "tls:", "mta-sts: { mode: strict }\ntls:",
                        "mta-sts.mode: 'strict' is not one of off, testing, enforce: start with testing"),
                Arguments.of("relay password in clear", "tls:", "relay: { host: smtp.relay.example.net, port: 587, user: me, password: hunter2hunter2 }\ntls:",
                        "relay.password: a password never goes in the spec in clear: put it alone in a file only you can read (chmod 600) and give that"
                                + " file's path as relay.password-file"),
                Arguments.of("relay port 25", "tls:", "relay: { host: smtp.relay.example.net, port: 25, user: me, password-file: /p }\ntls:",
                        "relay.port: 25 is not offered: use 465 (TLS from the first byte) or 587 (STARTTLS)"),
                Arguments.of("relay host an address", "tls:", "relay: { host: 203.0.113.9, port: 465, user: me, password-file: /p }\ntls:",
                        "relay.host: '203.0.113.9' is an IP address: give the relay's DNS name"),
                Arguments.of("relay user with a colon", "tls:", "relay: { host: smtp.relay.example.net, port: 465, user: 'a:b', password-file: /p }\ntls:",
                        "relay.user: contains ':', which OpenSMTPD's secrets table cannot hold"),
                Arguments.of("relay relative password file", "tls:", "relay: { host: smtp.relay.example.net, port: 465, user: me, password-file: pw.txt }\ntls:",
                        "relay.password-file: 'pw.txt' is a relative path"),
                Arguments.of("unknown nested key", "user: root }", "user: root, pasword: x }", "server.pasword: unknown key (allowed here: host, identity, port, user)"),
                Arguments.of("key given twice", "hostname: mail.example.com", "hostname: mail.example.com\nhostname: mx.example.com", "Duplicate field 'hostname'"),
                Arguments.of("broken YAML", "domains:  [example.com]", "domains:  [example.com", "is not valid YAML at line 4, column"),
                Arguments.of("not a mapping", good(), "- just\n- a list\n", "spec: must be a YAML mapping"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void badSpecIsRefusedBeforeConnecting(String name, String from, String to, String expected) throws Exception {
        assertThat(good()).as("the case must change the spec").contains(from);
        Path spec = Files.writeString(dir.resolve("server.yaml"), good().replace(from, to), StandardCharsets.UTF_8);
        for (String command : List.of("apply", "plan", "check")) {
            assertRefusedWithoutConnecting(expected, command, spec.toString(), "--known-hosts", dir.resolve("known_hosts").toString(),
                    "--transcript", dir.resolve("t.log").toString());
        }
        assertThat(dir.resolve("t.log")).doesNotExist();
    }

    @Test
    void controlAGoodSpecDoesConnect() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        int mark = server.mark();
        String[] out = new String[1];
        int exit = cli(out, "check", spec.toString(), "--known-hosts", dir.resolve("known_hosts").toString());
        // nothing speaks SSH on the listener: the CLI connects, gets no SSH greeting and fails as a network problem
        assertThat(server.connectionsSince(mark)).as(out[0]).isPositive();
        assertThat(exit).as(out[0]).isEqualTo(MailwrightCommand.FAILED);
        assertThat(out[0]).contains("Cannot reach 127.0.0.1:" + server.port()).doesNotContain(LOGIN_PASSWORD);
    }

    @Test
    void missingOrUnreadableFilesAreBadInput() throws Exception {
        Path known = dir.resolve("known_hosts");
        assertRefusedWithoutConnecting("No spec file at", "apply", dir.resolve("nope.yaml").toString(), "--known-hosts", known.toString());
        Path latin1 = Files.write(dir.resolve("latin1.yaml"), good().replace("example.com]", "exämple.com]").getBytes(StandardCharsets.ISO_8859_1));
        assertRefusedWithoutConnecting("is not UTF-8 text", "plan", latin1.toString(), "--known-hosts", known.toString());
        Path noKey = Files.writeString(dir.resolve("key.yaml"), good().replace("user: root }", "user: root, identity: " + dir.resolve("no-such-key") + " }"));
        assertRefusedWithoutConnecting("server.identity: there is no key file at " + dir.resolve("no-such-key"), "apply", noKey.toString(),
                "--known-hosts", known.toString());
        Path noCa = Files.writeString(dir.resolve("ca.yaml"), good().replace("tls:      { mode: self-signed }",
                "tls: { mode: certbot, email: john@example.com, acme-ca: " + dir.resolve("no-ca.pem") + " }"));
        assertRefusedWithoutConnecting("tls.acme-ca: there is no readable file at " + dir.resolve("no-ca.pem"), "apply", noCa.toString(),
                "--known-hosts", known.toString());
    }

    @Test
    void noWayToLogInIsBadInput() throws Exception {
        ServerOptions.environment = name -> null;
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        for (String command : List.of("apply", "plan", "check")) {
            assertRefusedWithoutConnecting("No way to log in: set server.identity in the spec, or put the password in MAILWRIGHT_SSH_PASSWORD",
                    command, spec.toString(), "--known-hosts", dir.resolve("known_hosts").toString());
        }
        assertRefusedWithoutConnecting("No way to log in", "users", "list", "--server", spec.toString(), "--known-hosts", dir.resolve("known_hosts").toString());
    }

    @Test
    void badOptionsAreBadInput() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String known = dir.resolve("known_hosts").toString();
        assertRefusedWithoutConnecting("--accept-host-key expects a fingerprint like SHA256:", "apply", spec.toString(), "--known-hosts", known,
                "--accept-host-key", "yes");
        assertRefusedWithoutConnecting("--dns-server", "check", spec.toString(), "--known-hosts", known, "--dns-server", "not a server:x");
        String out = assertRefusedWithoutConnecting("Unknown option: --password; and 1 unexpected argument (not repeated here, in case it is a password)",
                "apply", spec.toString(), "--password", LOGIN_PASSWORD);
        assertThat(out).doesNotContain(LOGIN_PASSWORD);
        out = assertRefusedWithoutConnecting("Unknown option: --password=...", "users", "add", "jane@example.com", "--password=" + LOGIN_PASSWORD,
                "--server", spec.toString());
        assertThat(out).doesNotContain(LOGIN_PASSWORD);
        out = assertRefusedWithoutConnecting("1 unexpected argument", "users", "add", "jane@example.com", LOGIN_PASSWORD, "--server", spec.toString());
        assertThat(out).doesNotContain(LOGIN_PASSWORD);
    }

    /** stdin, what the message must say. */
    static Stream<Arguments> badPasswords() {
        return Stream.of(
                Arguments.of("short-pw1\n", "the password is too short: use at least 10 characters"),
                Arguments.of("Ab1!".repeat(19) + "\n", "the password is 76 characters long; bcrypt uses only the first 72"),
                Arguments.of("pässwörd-lang-1\n", "the password has non-ASCII characters (like umlauts or accents): passwords are printable ASCII only"),
                Arguments.of("tab\tinside-the-password\n", "the password contains a control character"),
                Arguments.of("password123\n", "the password is too easy to guess"),
                Arguments.of("\n", "the password is empty"),
                Arguments.of("", "No password on stdin."));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badPasswords")
    void badMailboxPasswordIsRefusedBeforeConnecting(String stdin, String expected) throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String known = dir.resolve("known_hosts").toString();
        for (String command : List.of("add", "passwd")) {
            String out = assertRefusedWithStdin(stdin, expected, "users", command, "jane@example.com", "--password-stdin", "--server",
                    spec.toString(), "--known-hosts", known);
            assertThat(out).doesNotContain("pässwörd").doesNotContain("ä");
        }
    }

    @Test
    void shellCharactersInAPasswordAreFineAndStillNeedTheServer() throws Exception {
        // the policy allows them (the password is hashed here, never put on a command line): the CLI goes on to connect
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        int mark = server.mark();
        String[] out = new String[1];
        System.setIn(new ByteArrayInputStream("Sekr3t-'\"$(id);`x`-Pw\n".getBytes(StandardCharsets.UTF_8)));
        int exit = cli(out, "users", "passwd", "john@example.com", "--password-stdin", "--server", spec.toString(),
                "--known-hosts", dir.resolve("known_hosts").toString());
        assertThat(server.connectionsSince(mark)).as(out[0]).isPositive();
        assertThat(exit).as(out[0]).isEqualTo(MailwrightCommand.FAILED);
        assertThat(out[0]).doesNotContain("Sekr3t");
    }

    @Test
    void badTrailInputIsRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String s = spec.toString();
        String k = dir.resolve("known_hosts").toString();
        assertRefusedWithoutConnecting("--day: '2024-13-01' is not a date; write it as YYYY-MM-DD, such as 2024-03-09.", "trail", s,
                "john@example.com", "--day", "2024-13-01", "--known-hosts", k);
        assertRefusedWithoutConnecting("--day: '09.03.2024' is not a date; write it as YYYY-MM-DD", "trail", s, "john@example.com",
                "--day", "09.03.2024", "--known-hosts", k);
        assertRefusedWithoutConnecting("--day: the value is not a date", "trail", s, "john@example.com", "--day", "$(reboot)", "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: 'john@@example.com' has more than one @", "trail", s, "john@@example.com", "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: 'x;reboot' is not an address like name@example.com", "trail", s, "x;reboot", "--known-hosts", k);
        // the control: good input does connect (nothing speaks SSH there, so it fails as a network problem)
        int mark = server.mark();
        String[] out = new String[1];
        int exit = cli(out, "trail", s, "John+Tag@Example.com", "--day", "2024-03-09", "--known-hosts", k);
        assertThat(server.connectionsSince(mark)).as(out[0]).isPositive();
        assertThat(exit).as(out[0]).isEqualTo(MailwrightCommand.FAILED);
    }

    @Test
    void badAddressesInTableCommandsAreRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String s = spec.toString();
        String k = dir.resolve("known_hosts").toString();
        assertRefusedWithStdin("Good-Pass-word-1\n", "ADDRESS: 'jane@@example.com' has more than one @", "users", "add", "jane@@example.com",
                "--password-stdin", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: 'bob/cur@example.com' has / | or #", "users", "remove", "bob/cur@example.com", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("TARGET: '|/bin/sh@example.org' has / | or #", "aliases", "add", "info@example.com",
                "john@example.com,|/bin/sh@example.org", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("TARGET: is empty", "aliases", "add", "info@example.com", ",", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: the catch-all '@exa_mple.com' needs a domain after the @", "aliases", "add", "@exa_mple.com",
                "john@example.com", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: the catch-all '@' needs a domain after the @", "aliases", "remove", "@", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: the domain of 'info@bücher.example' 'bücher.example' has non-ASCII characters", "aliases", "remove", "info@bücher.example", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("DOMAIN: 'example.org.' ends with a dot", "domains", "add", "example.org.", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("--postmaster: '\"x\"@example.com' has quotes", "domains", "add", "example.org", "--postmaster",
                "\"x\"@example.com", "--server", s, "--known-hosts", k);
    }

    @Test
    void badVacationRepliesAreRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String s = spec.toString();
        String k = dir.resolve("known_hosts").toString();
        String[] v = {"users", "vacation", "john@example.com", "--server", s, "--known-hosts", k};
        assertRefusedWithoutConnecting("Vacation reply: --from: '24.12.2026' is not a date like 2026-12-24 (YYYY-MM-DD)", with(v, "--on",
                "--subject", "Away", "--text", "Back soon", "--from", "24.12.2026"));
        assertRefusedWithoutConnecting("Vacation reply: --until: '2026-02-30' is not a date like 2026-12-24 (YYYY-MM-DD)", with(v, "--on",
                "--subject", "Away", "--text", "Back soon", "--until", "2026-02-30"));
        assertRefusedWithoutConnecting("Vacation reply: --until: 2026-12-01 is before from: 2026-12-24", with(v, "--on",
                "--subject", "Away", "--text", "Back soon", "--from", "2026-12-24", "--until", "2026-12-01"));
        assertRefusedWithoutConnecting("Vacation reply: --text: is empty", with(v, "--on", "--subject", "Abwesend – zurück", "--text", " "));
        assertRefusedWithoutConnecting("Vacation reply: --subject: is empty; --text: is empty", with(v, "--on"));
        assertRefusedWithoutConnecting("Vacation reply: --subject: must be one line", with(v, "--on", "--subject", "Away\nBcc: x@example.org",
                "--text", "t"));
        assertRefusedWithoutConnecting("--off takes no --subject, --text, --from or --until.", with(v, "--off", "--subject", "Away"));
        assertRefusedWithoutConnecting("Vacation reply: --until: 2025-01-01 is in the past, so the reply would never be sent.", with(v, "--on",
                "--subject", "Away", "--text", "Back soon", "--until", "2025-01-01"));
        assertRefusedWithoutConnecting("Usage:", with(v, "--on", "--off"));
        assertRefusedWithoutConnecting("ADDRESS: 'john@@example.com' has more than one @", "users", "vacation", "john@@example.com", "--off",
                "--server", s, "--known-hosts", k);
    }

    @Test
    void badQuotasAreRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String s = spec.toString();
        String k = dir.resolve("known_hosts").toString();
        assertRefusedWithoutConnecting("SIZE: '2 gigabytes' is not a size; write a whole number with a unit, such as 500M or 2G (K, M, G, T; 1G = 1024M), or none.",
                "users", "quota", "john@example.com", "2 gigabytes", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("SIZE: '0G' is out of range", "users", "quota", "john@example.com", "0G", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("@DOMAIN: ", "users", "quota", "@exa mple.com", "1G", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: 'john@' ", "users", "quota", "john@", "1G", "--server", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("--quota: '500' is not a size", "users", "add", "new@example.com", "--quota", "500", "--password-stdin",
                "--server", s, "--known-hosts", k);
    }

    private static String[] with(String[] base, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void badBackupAndRestoreInputIsRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String s = spec.toString();
        String k = dir.resolve("known_hosts").toString();
        Path notABackup = Files.createDirectories(dir.resolve("photos"));
        assertRefusedWithStdin("pw\n", "is not a backup folder (no restic config and keys/ in it)", "restore", s, "--from", notABackup.toString(),
                "--password-stdin", "--known-hosts", k);
        Path backup = Files.createDirectories(dir.resolve("backup/keys"));
        Files.writeString(backup.resolveSibling("config"), "x");
        assertRefusedWithStdin("", "No backup password", "restore", s, "--from", backup.getParent().toString(), "--password-stdin", "--known-hosts", k);
        assertRefusedWithStdin("pw\n", "--snapshot 'x;reboot' is not a snapshot id", "restore", s, "--from", backup.getParent().toString(),
                "--snapshot", "x;reboot", "--password-stdin", "--known-hosts", k);
        assertRefusedWithoutConnecting("--to " + spec + " is a file", "backup", s, "--to", s, "--known-hosts", k);
        assertRefusedWithoutConnecting("--sheet names where --init writes", "backup", s, "--sheet", dir.resolve("x.html").toString(), "--known-hosts", k);
        assertRefusedWithStdin("AWS_ACCESS_KEY_ID=x\n", "--offsite-env-stdin: the spec has no backup.offsite", "backup", s, "--offsite-env-stdin",
                "--known-hosts", k);
        Path offsite = Files.writeString(dir.resolve("offsite.yaml"), good() + "backup: { offsite: \"s3:https://s3.example.net/b/mail\" }\n");
        String said = assertRefusedWithStdin("AWS_ACCESS_KEY_ID=x\nnot a line\nAWS_SECRET_ACCESS_KEY=Sekr3tKey\n", "--offsite-env-stdin: line 2 is not KEY=VALUE",
                "backup", offsite.toString(), "--offsite-env-stdin", "--known-hosts", k);
        assertThat(said).doesNotContain("Sekr3tKey");
        assertRefusedWithoutConnecting("backup.offsite: '/srv/copy' is not a restic repository URL", "backup",
                Files.writeString(dir.resolve("local.yaml"), good() + "backup: { offsite: /srv/copy }\n").toString(), "--known-hosts", k);
    }

    @Test
    void badDnsPublishInputIsRefusedBeforeConnecting() throws Exception {
        String k = dir.resolve("known_hosts").toString();
        Path none = Files.writeString(dir.resolve("none.yaml"), good());
        assertRefusedWithoutConnecting("The spec names no DNS provider: add dns:", "dns", "publish", none.toString(), "--known-hosts", k);
        Path clear = Files.writeString(dir.resolve("clear.yaml"), good() + "dns: { provider: cloudflare, token: abcdefSekr3t }\n");
        String said = assertRefusedWithoutConnecting("dns.token: a token never goes in the spec in clear", "dns", "publish", clear.toString(),
                "--known-hosts", k);
        assertThat(said).doesNotContain("abcdefSekr3t");
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), good() + "dns: { provider: godaddy, token-file: /t }\n");
        assertRefusedWithoutConnecting("dns.provider: 'godaddy' is not one of cloudflare, desec, digitalocean, hetzner, rfc2136", "dns", "publish",
                unknown.toString(), "--known-hosts", k);
        Path noServer = Files.writeString(dir.resolve("noserver.yaml"), good() + "dns: { provider: rfc2136, key-file: /k }\n");
        assertRefusedWithoutConnecting("dns.server: is missing", "dns", "show", noServer.toString(), "--known-hosts", k);
        Path missingKey = Files.writeString(dir.resolve("missingkey.yaml"), good() + "dns: { provider: rfc2136, server: 192.0.2.53, key-file: "
                + dir.resolve("nokey") + " }\n");
        assertRefusedWithoutConnecting("dns.key-file " + dir.resolve("nokey") + " is not a file on this computer", "dns", "publish",
                missingKey.toString(), "--known-hosts", k);
        Path badKey = Files.writeString(dir.resolve("key"), "key \"mw\" { algorithm hmac-md5; secret \"c2VjcmV0\"; };\n");
        Path md5 = Files.writeString(dir.resolve("md5.yaml"), good() + "dns: { provider: rfc2136, server: 192.0.2.53, key-file: " + badKey + " }\n");
        said = assertRefusedWithoutConnecting("the TSIG algorithm must be one of hmac-sha1, hmac-sha224, hmac-sha256", "dns", "publish",
                md5.toString(), "--known-hosts", k);
        assertThat(said).doesNotContain("c2VjcmV0");
        Path token = Files.writeString(dir.resolve("token"), "one\ntwo\n");
        Path twoLines = Files.writeString(dir.resolve("two.yaml"), good() + "dns: { provider: desec, token-file: " + token + " }\n");
        said = assertRefusedWithoutConnecting("holds more than the token", "dns", "publish", twoLines.toString(), "--known-hosts", k);
        assertThat(said).doesNotContain("two");
        assertRefusedWithoutConnecting("--format", "dns", "show", none.toString(), "--format", "bind", "--known-hosts", k);
        Path hosting = Files.writeString(dir.resolve("hosting.yaml"), good() + "dns: { provider: rfc2136, server: 192.0.2.53, key-file: /k,"
                + " hosting: ovh }\n");
        assertRefusedWithoutConnecting("dns.hosting: 'ovh' is not one of digitalocean, hetzner-cloud", "dns", "publish", hosting.toString(),
                "--known-hosts", k);
        Path noToken = Files.writeString(dir.resolve("notoken.yaml"), good() + "dns: { provider: desec, token-file: /t, hosting: hetzner-cloud }\n");
        assertRefusedWithoutConnecting("dns.hosting-token-file: is missing", "dns", "publish", noToken.toString(), "--known-hosts", k);
        Path both = Files.writeString(dir.resolve("both.yaml"), good() + "dns: { provider: cloudflare, token-file: /t, token-keyring: cf }\n");
        assertRefusedWithoutConnecting("dns.token-keyring: and dns.token-file both name the token", "dns", "publish", both.toString(),
                "--known-hosts", k);
        Path badEntry = Files.writeString(dir.resolve("entry.yaml"), good() + "dns: { provider: cloudflare, token-keyring: 'a b;c' }\n");
        assertRefusedWithoutConnecting("dns.token-keyring: 'a b;c' is not an entry name", "dns", "publish", badEntry.toString(), "--known-hosts", k);
    }

    @Test
    void badUnbanInputIsRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String k = dir.resolve("known_hosts").toString();
        assertRefusedWithoutConnecting("ADDRESS: '10.0.0.0/8' is not an IP address: give one such as 203.0.113.7 or 2001:db8::7", "unban",
                spec.toString(), "10.0.0.0/8", "--known-hosts", k);
        assertRefusedWithoutConnecting("ADDRESS: '1.2.3.4;reboot' is not an IP address", "unban", spec.toString(), "1.2.3.4;reboot", "--known-hosts", k);
    }

    @Test
    void badQueueInputIsRefusedBeforeConnecting() throws Exception {
        Path spec = Files.writeString(dir.resolve("server.yaml"), good());
        String s = spec.toString();
        String k = dir.resolve("known_hosts").toString();
        assertRefusedWithoutConnecting("--retry: 'x;reboot' is not an envelope id: that is 16 hex digits (0-9, a-f)", "queue", s,
                "--retry", "x;reboot", "--known-hosts", k);
        assertRefusedWithoutConnecting("--remove: '979ef3a6' is not an envelope id", "queue", s, "--remove", "979ef3a6", "--yes",
                "--known-hosts", k);
        assertRefusedWithoutConnecting("--retry and --remove: give one of them", "queue", s, "--retry", "979ef3a68eec206b", "--remove",
                "979ef3a68eec206b", "--known-hosts", k);
        // no terminal here: a removal needs --yes
        assertRefusedWithoutConnecting("--remove asks before removing, and there is no terminal to ask on: add --yes", "queue", s, "--remove",
                "979ef3a68eec206b", "--known-hosts", k);
        assertRefusedWithoutConnecting("--yes answers the question of --remove", "queue", s, "--yes", "--known-hosts", k);
        assertRefusedWithoutConnecting("--json is for the list", "queue", s, "--json", "--retry", "979ef3a68eec206b", "--known-hosts", k);
        assertRefusedWithoutConnecting("No spec file at", "queue", dir.resolve("nope.yaml").toString(), "--known-hosts", k);
        ServerOptions.environment = name -> null;
        assertRefusedWithoutConnecting("No way to log in", "queue", s, "--known-hosts", k);
    }

    // ------------------------------------------------------------------ helpers

    private String assertRefusedWithStdin(String stdin, String expected, String... args) throws Exception {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        return assertRefusedWithoutConnecting(expected, args);
    }

    private String assertRefusedWithoutConnecting(String expected, String... args) throws Exception {
        int mark = server.mark();
        String[] out = new String[1];
        int exit = cli(out, args);
        assertThat(exit).as("exit of %s%n%s", String.join(" ", args), out[0]).isEqualTo(MailwrightCommand.BAD_INPUT);
        assertThat(out[0]).as(String.join(" ", args)).contains(expected);
        if (!out[0].contains("Usage:")) {
            assertThat(out[0]).as(String.join(" ", args)).contains("Nothing was sent to the server.");
        }
        assertThat(server.connectionsSince(mark)).as("connections made by %s%n%s", String.join(" ", args), out[0]).isZero();
        return out[0];
    }

    /** The CLI in this JVM, as ./mailwright runs it, stdout and stderr together. */
    private static int cli(String[] output, String... args) {
        StringWriter sw = new StringWriter();
        CommandLine cl = MailwrightCommand.commandLine();
        cl.setOut(new PrintWriter(sw, true));
        cl.setErr(new PrintWriter(sw, true));
        int exit = cl.execute(args);
        output[0] = sw.toString();
        return exit;
    }

    /**
     * A TCP listener on 127.0.0.1 that accepts and at once closes every connection, remembering the peer's port. To
     * count without sleeping, {@link #connectionsSince} connects once itself and waits until that connection is
     * accepted: the kernel hands out connections in arrival order, so everything the CLI made before has been counted.
     */
    static final class CountingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Integer> peers = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        CountingServer() throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        peers.add(s.getPort());
                    } catch (IOException closed) {
                        // the listener was closed, or a client gave up half way: nothing to count
                    }
                }
            }, "bad-input-listener");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int mark() {
            return peers.size();
        }

        int connectionsSince(int mark) throws IOException, InterruptedException {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port())) {
                int probePort = probe.getLocalPort();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < deadline) {
                    List<Integer> all = List.copyOf(peers);
                    List<Integer> since = all.subList(mark, all.size());
                    if (since.contains(probePort)) {
                        return since.indexOf(probePort);
                    }
                    Thread.sleep(1);
                }
                return fail("the listener did not accept the probe connection");
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
