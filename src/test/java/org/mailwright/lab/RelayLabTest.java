package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.lab.MailFlowLabTest.Sink;

/**
 * The relay (smarthost, issue 18) with real parts: droplet mwrr-SUITE is a second Mailwright server named
 * {@value #RELAY_HOST} (certificate from its own pebble) whose mailbox {@value #RELAY_USER} logs in on 587; droplet
 * mwr-SUITE is the server under test, joined to it by {@code lab/droplet link} and trusting the relay's pebble root as a
 * person with a private CA would (smtpd checks relay certificates, and Mailwright never turns that off). Apply with
 * {@code relay:} makes mail our user sends to {@value #OUTSIDE} leave through the relay: the relay's journal shows the
 * authenticated session and its sink (the relay's gateway, {@value #OUTSIDE}'s MX in its DNS) gets the message. The
 * relay password never shows in the apply's output or transcript. With {@code domains: [outside.test]} only that
 * domain goes through the relay and mail to {@value #DIRECT} leaves directly (our sink). A second apply changes
 * nothing; without the password file here the server's relay login is kept and the plan says so.
 */
@LabTest
class RelayLabTest {
    static final String PASSWORD = "Relay-lab-user-18";
    static final String RELAY_USER = "relayuser@example.com";
    static final String RELAY_HOST = "relay.example.net";
    static final String OUTSIDE = "outside.test";
    static final String DIRECT = "direct.test";

    /** The relay's login password: holds a ':' (only the first ':' of user:password splits) and shell metacharacters. */
    private static String relayPassword() {
        return "Sm:art-'\"$(id)-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String apply(Installed i, Path transcript) {
        return apply(i, transcript, true);
    }

    private static String apply(Installed i, Path transcript, boolean succeeds) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "apply", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks", "--transcript", transcript.toString());
        if (succeeds) {
            assertThat(exit).as(out[0]).isZero();
        } else {
            assertThat(exit).as(out[0]).isNotZero();
        }
        return out[0];
    }

    private static String relayLine(Path passwordFile, String domains) {
        return "relay:    { host: " + RELAY_HOST + ", port: 587, user: " + RELAY_USER + ", password-file: " + passwordFile + domains + " }\n";
    }

    /** The plain-words explanation {@code mailwright queue --json} gives for the envelope to {@code to}, once it has one. */
    private static String awaitExplained(Installed i, String to) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String last = "";
        for (int t = 0; t < 40; t++) {
            String[] out = new String[1];
            int exit = LabMailServer.cli(out, null, "queue", i.spec().toString(), "--known-hosts", i.knownHosts().toString(), "--json");
            assertThat(exit).as(out[0]).isZero();
            last = out[0];
            for (var e : json.readTree(out[0])) {
                if (e.get("recipient").asText().equals(to) && !e.get("explained").asText().isEmpty()) {
                    return e.get("explained").asText();
                }
            }
            Thread.sleep(3000);
        }
        throw new AssertionError("no explained error for " + to + " in the queue: " + last);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void outgoingMailLeavesThroughTheRelayWithItsLoginAndOnlyForItsDomainsWhenGiven(String suite) throws Exception {
        LabDroplet.oneSuiteInCi(suite, "trixie", "RelayLabTest");
        String secret = relayPassword();
        Installed relay = LabMailServer.install(suite, "mwrr-" + suite, RELAY_USER, secret, -1, (d, spec, knownHosts) -> {
            // the relay is known by a name of its own, which its certificate holds
            d.addA(RELAY_HOST, d.host());
            Files.writeString(spec, Files.readString(spec).replaceFirst("(?m)^hostname: .*$", "hostname: " + RELAY_HOST));
        }, true);
        try (LabDroplet relayDroplet = relay.droplet()) {
            assertThat(relay.firstExit()).as(relay.firstRun()).isZero();
            Installed i = LabMailServer.install(suite, "mwr-" + suite, PASSWORD);
            try (LabDroplet d = i.droplet(); Sink direct = Sink.on(d.gateway()); Sink relayed = Sink.on(relayDroplet.gateway())) {
                assertThat(i.firstExit()).as(i.firstRun()).isZero();
                d.link(relayDroplet);
                d.addA(RELAY_HOST, relayDroplet.host());
                d.addMx(DIRECT, d.gateway());
                relayDroplet.addMx(OUTSIDE, relayDroplet.gateway());
                // the relay's certificate comes from its own pebble: trust that root as a person with a private CA would
                String root = Base64.getEncoder().encodeToString(Files.readAllBytes(relayDroplet.acmeRoot()));
                var trust = d.exec("sh", "-c", "echo " + root + " | base64 -d > /usr/local/share/ca-certificates/lab-relay-root.crt"
                        + " && update-ca-certificates >/dev/null");
                assertThat(trust.ok()).as(trust.errors()).isTrue();

                Path passwordFile = i.spec().resolveSibling("relay-password");
                Files.writeString(passwordFile, secret + "\n");
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
                String base = Files.readString(i.spec());

                // 1. all outgoing mail through the relay
                Files.writeString(i.spec(), base + relayLine(passwordFile, ""));
                Path transcript = i.spec().resolveSibling("relay-apply.log");
                String applied = apply(i, transcript);
                assertThat(applied).contains("/etc/mail/secrets").doesNotContain(secret).doesNotContain("Sm:art")
                        // Verify logged in to the relay from the server and handed it a test message
                        .contains("ok  Relay: the relay " + RELAY_HOST + ":587 took the login and a test message to postmaster@example.com (250");
                assertThat(Files.readString(transcript)).contains("/etc/mail/secrets").doesNotContain(secret).doesNotContain("Sm:art");
                assertThat(d.exec("stat", "-c", "%a %U %G", "/etc/mail/secrets").output().strip()).isEqualTo("640 root opensmtpd");
                assertThat(d.exec("grep", "-c", "auth <secrets>", "/etc/smtpd.conf").output().strip()).isEqualTo("1");

                String first = "relay lab all " + suite + " " + UUID.randomUUID();
                LabMailServer.send(d, LabMailServer.session(d, 587), LabMailServer.USER, PASSWORD, "alice@" + OUTSIDE, first, "through the relay");
                Sink.Mail viaRelay = relayed.await(m -> m.data().contains(first));
                assertThat(viaRelay.rcpts()).containsExactly("alice@" + OUTSIDE);
                String journal = relayDroplet.exec("journalctl", "-u", "opensmtpd", "--no-pager").output();
                assertThat(journal).as(journal).contains("smtp authentication user=" + RELAY_USER + " result=ok");
                assertThat(direct.seen(m -> true, 0)).isEmpty();

                // 2. only outside.test through the relay; other domains directly
                Files.writeString(i.spec(), base + relayLine(passwordFile, ", domains: [" + OUTSIDE + "]"));
                assertThat(apply(i, transcript)).doesNotContain(secret);
                String second = "relay lab domains " + suite + " " + UUID.randomUUID();
                LabMailServer.send(d, LabMailServer.session(d, 587), LabMailServer.USER, PASSWORD, "bob@" + OUTSIDE, second, "relay domain");
                String third = "relay lab direct " + suite + " " + UUID.randomUUID();
                LabMailServer.send(d, LabMailServer.session(d, 587), LabMailServer.USER, PASSWORD, "carol@" + DIRECT, third, "not a relay domain");
                assertThat(relayed.await(m -> m.data().contains(second)).rcpts()).containsExactly("bob@" + OUTSIDE);
                assertThat(direct.await(m -> m.data().contains(third)).rcpts()).containsExactly("carol@" + DIRECT);
                assertThat(relayed.seen(m -> m.data().contains(third), 5)).isEmpty();
                assertThat(relayDroplet.exec("journalctl", "-u", "opensmtpd", "--no-pager").output()).doesNotContain("carol@" + DIRECT);

                // 3. a second apply changes nothing; without the password file here, the server's login is kept
                String again = apply(i, transcript);
                assertThat(again).contains("Nothing to change").doesNotContain(secret);
                Files.move(passwordFile, passwordFile.resolveSibling("relay-password.away"));
                String kept = apply(i, transcript);
                assertThat(kept).contains("is not on this computer").contains("is kept").doesNotContain(secret);
                assertThat(Files.readString(transcript)).doesNotContain(secret).doesNotContain("Sm:art");

                // 4. a wrong password: only the secrets table changes (smtpctl update table, no restart), the relay refuses
                // the login and the queue says so in plain words; the right one again and the waiting message leaves
                String pid = d.exec("systemctl", "show", "-p", "MainPID", "--value", "opensmtpd").output().strip();
                Files.writeString(passwordFile, "wrong-" + secret + "\n");
                String wrong = apply(i, transcript, false);
                assertThat(wrong).contains("/etc/mail/secrets").doesNotContain(secret)
                        .contains("Relay: the relay " + RELAY_HOST + ":587 refused the login: 535");
                assertThat(Files.readString(transcript)).contains("smtpctl update table secrets");
                assertThat(d.exec("systemctl", "show", "-p", "MainPID", "--value", "opensmtpd").output().strip()).isEqualTo(pid);
                // short enough that the Subject: line is not folded (the sink matches the raw message)
                String fourth = "relay lab 535 " + suite + " " + UUID.randomUUID();
                LabMailServer.send(d, LabMailServer.session(d, 587), LabMailServer.USER, PASSWORD, "dave@" + OUTSIDE, fourth, "waits");
                String explained = awaitExplained(i, "dave@" + OUTSIDE);
                assertThat(explained).startsWith("the relay " + RELAY_HOST + " refused this server's login").contains("relay.password-file");
                assertThat(relayed.seen(m -> m.data().contains(fourth), 0)).isEmpty();
                Files.writeString(passwordFile, secret + "\n");
                assertThat(apply(i, transcript)).contains("/etc/mail/secrets").doesNotContain(secret);
                Sink.Mail late = null;
                for (int t = 0; t < 12 && late == null; t++) {
                    d.exec("smtpctl", "schedule", "all");
                    late = relayed.seen(m -> m.data().contains(fourth), 15).orElse(null);
                }
                assertThat(late).as("the waiting message left through the relay once the password was right:\n"
                        + d.exec("smtpctl", "show", "queue").output()).isNotNull();
            }
        }
    }
}
