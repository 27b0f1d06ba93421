package org.mailwright.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.Golden;
import java.time.LocalDate;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Vacation;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.ServerSpec.FilterSettings;
import org.mailwright.spec.SpecReader;
import org.junit.jupiter.api.Test;

/** Every rendered file is compared with a reviewed copy ({@link Golden}). */
class MailRendererTest {
    static final String HASH = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";

    static final ServerSpec SPEC = SpecReader.read("""
            server:   { host: 203.0.113.7 }
            hostname: mail.example.com
            domains:  [example.com, example.org]
            users:
              - { address: john@example.com, password-hash: "%s" }
              - { address: jane@example.org, password-hash: "%s" }
            aliases:  { info@example.com: [john@example.com, jane@example.org], ops@example.org: friend@elsewhere.net }
            tls:      { mode: certbot, email: john@example.com }
            spam:     { reject: 15, add-header: 6.5, greylist: 4 }
            filters:  { dyndns: junk, rdns: reject, fcrdns: off, senderscore: reject }
            """.formatted(HASH, HASH.replace("abcdefg", "gfedcba")));

    static MailConfig config(ServerSpec spec, boolean dovecot24) {
        return new MailConfig(spec, "eth0", dovecot24, MailLayout.letsEncryptCert(spec.hostname()),
                MailLayout.letsEncryptKey(spec.hostname()));
    }

    private static void golden(String name, String actual) throws IOException {
        Golden.assertMatches("render", name, actual);
    }

    @Test
    void smtpdConfMatchesReviewedCopy() throws IOException {
        golden("smtpd.conf", MailRenderer.smtpdConf(config(SPEC, false)));
    }

    @Test
    void smtpdConfSendingOverIpv4OnlyMatchesReviewedCopy() throws IOException {
        golden("smtpd-ipv4-only.conf", MailRenderer.smtpdConf(config(SPEC, false).withSendIpv4Only(true)));
    }

    @Test
    void sendsOverBothFamiliesUnlessToldIpv4Only() {
        String both = MailRenderer.smtpdConf(config(SPEC, false));
        assertThat(both).doesNotContain("mta limit");
        // a global option (smtpd.conf grammar: MTA LIMIT limits_mta), before the relay action it applies to
        String limited = MailRenderer.smtpdConf(config(SPEC, false).withSendIpv4Only(true));
        assertThat(limited).containsPattern("(?m)^mta limit inet4\n(#.*\n)*action \"outbound\" relay");
        // what the checks read back to tell whether the server follows the rule
        assertThat(MailRenderer.sendsIpv4Only(limited)).isTrue();
        assertThat(MailRenderer.sendsIpv4Only(both)).isFalse();
        assertThat(MailRenderer.sendsIpv4Only("listen on eth0\n# why\nmta limit inet4\naction \"outbound\" relay\n")).isTrue();
        assertThat(MailRenderer.sendsIpv4Only("listen on eth0\n")).isFalse();
    }

    @Test
    void domainMailGoesToDovecotsLmtpSocketWithTheSameSeparatorOnBothSides() {
        String conf = MailRenderer.smtpdConf(config(SPEC, false));
        String sep = Character.toString(org.mailwright.model.EmailAddress.SUBADDRESS_SEPARATOR);
        assertThat(conf).contains("action \"domain_mail\" lmtp \"/run/dovecot/lmtp\" rcpt-to virtual <virtuals>")
                .contains("smtp sub-addr-delim \"" + sep + "\"")
                // smtpd's junk option is for its own maildir delivery only: Dovecot's Sieve files spam now
                .doesNotContainPattern("(?m)^action .* maildir ")
                .doesNotContainPattern("(?m)^action .* junk");
        for (boolean v24 : new boolean[] {false, true}) {
            assertThat(MailRenderer.dovecotConf(config(SPEC, v24)))
                    .contains("protocols = imap lmtp sieve\n")
                    .contains("recipient_delimiter = " + sep + "\n")
                    .contains("postmaster_address = postmaster@example.com\n")
                    .contains("hostname = mail.example.com\n")
                    .containsPattern("unix_listener lmtp \\{\\s+user = vmail\\s+group = opensmtpd\\s+mode = 0660")
                    .contains("/etc/dovecot/sieve/before.d")
                    // a dot name in the maildir root would be a Maildir++ folder and break every delivery
                    .doesNotContain("~/.dovecot.sieve");
        }
    }

    @Test
    void spamIsFiledIntoJunkByTheGlobalSieveScript() {
        assertThat(MailRenderer.spamSieve()).contains("require [\"fileinto\"];")
                .contains("if header :is \"X-Spam\" \"yes\" {\n  fileinto \"Junk\";\n  stop;\n}")
                .startsWith("# ");
    }

    @Test
    void theServersOwnMailGoesThroughTheLocalAliasesAndIsNeverRefused() {
        String conf = MailRenderer.smtpdConf(config(SPEC, false));
        assertThat(conf).contains("table aliases file:/etc/mail/aliases")
                .contains("action \"local_mail\" forward-only virtual <aliases>")
                .contains("match from local for local action \"local_mail\"")
                .doesNotContain("for local reject");
        // from outside only postmaster@ and root@ the host name (RFC 5321 4.5.1; bounces of the server's own mail)
        assertThat(conf).contains("match from any for rcpt-to { \"postmaster@mail.example.com\", \"root@mail.example.com\" } action \"local_mail\"")
                .doesNotContain("match from any for local");
        // local mail is matched before the rule that relays it (else root@MAILHOST was relayed back here in a loop)
        assertThat(conf.indexOf("for local action")).isLessThan(conf.indexOf("match from local for any"));
    }

    @Test
    void onlyForwardedMailIsSrsRewrittenAndTheSecretIsNotInSmtpdConf() {
        String conf = MailRenderer.smtpdConf(config(SPEC, false));
        assertThat(conf).contains("include \"/etc/mail/srs.conf\"").contains("action \"outbound\" relay srs helo mail.example.com")
                .doesNotContainPattern("(?m)^\\s*srs key");
        String secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertThat(MailRenderer.srsKeyConf(secret)).endsWith("\nsrs key \"" + secret + "\"\n");
    }

    @Test
    void anSrsSecretCannotBreakOutOfItsQuotes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MailRenderer.srsKeyConf("abc\"\ninclude \"/etc/x\"" + "a".repeat(40)))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MailRenderer.srsKeyConf("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dovecotLowerCasesLoginsAsTheTablesAre() {
        assertThat(MailRenderer.dovecotConf(config(SPEC, true))).contains("auth_username_format = %{user | lower}");
        assertThat(MailRenderer.dovecotConf(config(SPEC, false))).contains("auth_username_format = %Lu").contains("username_format=%Lu");
    }

    @Test
    void filtersFollowThePolicy() {
        String conf = MailRenderer.smtpdConf(config(SPEC, false));
        assertThat(conf).contains("filter check_dyndns phase connect match rdns regex { '.*\\.dyn\\..*', '.*\\.dsl\\..*' } junk")
                .contains("filter check_rdns phase connect match !rdns disconnect \"550 no rDNS\"")
                .doesNotContain("check_fcrdns")
                .contains("filter-senderscore -blockBelow 10 -junkBelow 70")
                .contains("filter inbound chain { check_dyndns, check_rdns, senderscore, quota, rspamd }");
        ServerSpec allOff = new ServerSpec(SPEC.server(), SPEC.hostname(), SPEC.domains(), SPEC.dkim(), SPEC.users(), SPEC.aliases(),
                SPEC.tls(), SPEC.spam(), new FilterSettings(FilterPolicy.OFF, FilterPolicy.OFF, FilterPolicy.OFF, FilterPolicy.OFF), SPEC.firewall());
        assertThat(MailRenderer.smtpdConf(config(allOff, false))).contains("filter inbound chain { quota, rspamd }").doesNotContain("senderscore");
    }

    @Test
    void onlyPort25AsksWhetherTheMailboxIsFull() {
        String conf = MailRenderer.smtpdConf(config(SPEC, false));
        assertThat(conf).contains("filter quota proc-exec \"" + MailLayout.QUOTA_FILTER + "\"\n")
                .contains("listen on eth0 tls pki mail.example.com filter inbound\n")
                .contains("auth <credentials> filter rspamd\n")
                .contains("listen on socket filter rspamd\n");
        assertThat(conf.lines().filter(l -> l.startsWith("listen ") && l.contains("quota"))).isEmpty();
    }

    @Test
    void listensOnTheDetectedInterface() {
        MailConfig c = config(SPEC, false);
        String conf = MailRenderer.smtpdConf(new MailConfig(c.spec(), "ens3", false, c.certPath(), c.keyPath()));
        assertThat(conf).contains("listen on ens3 tls").contains("listen on ens3 port submission tls-require")
                .contains("listen on ens3 smtps").doesNotContain("eth0");
    }

    @Test
    void dovecotConfigsMatchReviewedCopiesPerRelease() throws IOException {
        golden("dovecot-2.3.conf", MailRenderer.dovecotConf(config(SPEC, false)));
        golden("dovecot-2.4.conf", MailRenderer.dovecotConf(config(SPEC, true)));
        assertThat(MailRenderer.dovecotConf(config(SPEC, true))).doesNotContain("ssl_cert =").contains("mail_inbox_path = ~/");
    }

    @Test
    void dovecotConfigsServeManageSieveAndRunTheVacationScriptBeforeThePersonsOwn() {
        for (boolean v24 : new boolean[] {false, true}) {
            String conf = MailRenderer.dovecotConf(config(SPEC, v24));
            assertThat(conf).contains("protocols = imap lmtp sieve").contains("service managesieve-login {")
                    .contains("port = 4190").contains("~/mailwright-sieve").contains("~/dovecot.sieve").doesNotContain("~/.dovecot.sieve");
            assertThat(conf.indexOf("= /etc/dovecot/sieve/before.d")).isPositive().isLessThan(conf.indexOf("= ~/mailwright-sieve"));
        }
    }

    @Test
    void vacationScriptMatchesReviewedCopy() throws IOException {
        Vacation v = new Vacation("Abwesend \u2013 \"zur\u00fcck\" am 2. Januar \\o/",
                "Ich bin bis 31. Dezember nicht im B\u00fcro.\r\n.\n..zwei Punkte\nGr\u00fc\u00dfe, John\n\n",
                Optional.of(LocalDate.of(2026, 12, 1)), Optional.of(LocalDate.of(2026, 12, 31)));
        golden("vacation.sieve", MailRenderer.vacationSieve(v, "john@example.com"));
    }

    @Test
    void vacationScriptWithoutDatesNeedsNoDateExtension() {
        String s = MailRenderer.vacationSieve(new Vacation("Away", "Back soon.", Optional.empty(), Optional.empty()), "john@example.com");
        assertThat(s).contains("require [\"vacation\"];").doesNotContain("currentdate").contains(":days 1 :addresses [\"john@example.com\"]");
    }

    static java.util.stream.Stream<Vacation> vacationsToReadBack() {
        LocalDate d1 = LocalDate.of(2026, 12, 20);
        LocalDate d2 = LocalDate.of(2027, 1, 6);
        return java.util.stream.Stream.of(
                new Vacation("Away", "Back soon.", Optional.empty(), Optional.empty()),
                new Vacation("Abwesend \u2013 zur\u00fcck", "Gr\u00fc\u00dfe aus M\u00fcnchen, \u65e5\u672c, \ud83c\udfd6\ufe0f",
                        Optional.of(d1), Optional.empty()),
                new Vacation("\"Quoted\" and \\backslashed\\ \\\"", "a \"quote\", a \\ and \\n (not a line break)",
                        Optional.empty(), Optional.of(d2)),
                new Vacation("Lines", "first\n\n.\n..two dots\n. dot space\n.\n\ttabbed\n  indented\n\n\n", Optional.of(d1), Optional.of(d2)),
                new Vacation("Windows", "one\r\ntwo\r\n", Optional.of(d1), Optional.of(d1)),
                new Vacation("Separators \u2028 and \u2029", "a\u2028b\u2029c # Mailwright vacation settings: {\"subject\":\"x\"}",
                        Optional.empty(), Optional.empty()),
                new Vacation("require [\"fileinto\"]; }", "text:\n.\n;\n}\nstop;", Optional.empty(), Optional.empty()));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("vacationsToReadBack")
    void theVacationScriptsSettingsLineReadsBackExactlyAndIsOneAsciiLine(Vacation v) {
        String script = MailRenderer.vacationSieve(v, "john@example.com");
        List<String> lines = script.lines().filter(l -> l.startsWith(MailRenderer.VACATION_SETTINGS)).toList();
        assertThat(lines).hasSize(1);
        assertThat(script.lines().toList().get(2)).isEqualTo(lines.get(0));
        assertThat(lines.get(0)).matches("[\\x20-\\x7e]+");
        assertThat(MailRenderer.vacationSettings(lines.get(0))).contains(v);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "# Mailwright vacation settings: ",
            "# Mailwright vacation settings: {",
            "# Mailwright vacation settings: []",
            "# Mailwright vacation settings: {\"subject\":\"Away\"}",
            "# Mailwright vacation settings: {\"subject\":\"\",\"text\":\"x\",\"from\":null,\"until\":null}",
            "# Mailwright vacation settings: {\"subject\":\"Away\",\"text\":\"x\",\"from\":\"20.12.2026\",\"until\":null}",
            "# Mailwright vacation settings: {\"subject\":\"Away\",\"text\":\"x\",\"from\":\"2027-01-06\",\"until\":\"2026-12-20\"}",
            "# Mailwright vacation settings: {\"subject\":\"Away\",\"text\":\"x\",\"from\":20261220,\"until\":null}",
            "# Mailwright vacation settings: {\"subject\":1,\"text\":\"x\"}",
            "# Mailwright vacation: {\"subject\":\"Away\",\"text\":\"x\"}",
            "require [\"vacation\"];"})
    void aSettingsLineThatIsNotMailwrightsOrNotAVacationReadsAsUnknown(String line) {
        assertThat(MailRenderer.vacationSettings(line)).isEmpty();
    }

    @Test
    void rspamdFilesMatchReviewedCopies() throws IOException {
        for (Map.Entry<String, String> e : MailRenderer.rspamdLocal(SPEC, SPEC.domains()).entrySet()) {
            golden("rspamd-" + e.getKey(), e.getValue());
        }
        assertThat(MailRenderer.rspamdLocal(SPEC, SPEC.domains()).get("actions.conf")).contains("add_header = 6.5;");
    }

    @Test
    void everyTemplatePlaceholderIsFilled() {
        MailConfig c = config(SPEC, true);
        List<String> all = new ArrayList<>(MailRenderer.rspamdLocal(SPEC, SPEC.domains()).values());
        all.add(MailRenderer.smtpdConf(c));
        all.add(MailRenderer.dovecotConf(c));
        all.add(MailRenderer.dovecotConf(config(SPEC, false)));
        assertThat(all).noneMatch(t -> t.contains("{{"));
        assertThat(Optional.of(c.certPath())).contains("/etc/letsencrypt/live/mail.example.com/fullchain.pem");
    }

    private static ServerSpec withRelay(String relay) {
        return SpecReader.read(org.mailwright.spec.SpecWriter.write(SPEC, "x") + "relay: " + relay + "\n");
    }

    @Test
    void smtpdConfWithARelayForAllMailMatchesReviewedCopy() throws IOException {
        golden("smtpd-relay-all.conf", MailRenderer.smtpdConf(config(withRelay(
                "{ host: smtp.relay.example.net, port: 465, user: ops@example.com, password-file: /home/me/relay }"), false)));
    }

    @Test
    void smtpdConfWithARelayForSomeDomainsMatchesReviewedCopy() throws IOException {
        golden("smtpd-relay-domains.conf", MailRenderer.smtpdConf(config(withRelay(
                "{ host: smtp.relay.example.net, port: 587, user: ops@example.com, password-file: /home/me/relay, domains: [outlook.com, hotmail.com] }"),
                false)));
    }

    @Test
    void relayedDomainsComeBeforeTheRulesForAnyAndIncomingMailIsUnchanged() {
        String plain = MailRenderer.smtpdConf(config(SPEC, false));
        String conf = MailRenderer.smtpdConf(config(withRelay(
                "{ host: smtp.relay.example.net, port: 587, user: ops@example.com, password-file: /home/me/relay, domains: [outlook.com] }"), false));
        assertThat(conf).contains("action \"relay\" relay host smtp+tls://relay@smtp.relay.example.net:587 auth <secrets> srs helo mail.example.com\n")
                .contains("table secrets file:/etc/mail/secrets\n").doesNotContain("no-verify");
        assertThat(conf.indexOf("match from auth for domain { \"outlook.com\" } action \"relay\""))
                .isPositive().isLessThan(conf.indexOf("match from auth for any action \"outbound\""));
        assertThat(conf.indexOf("match from local for domain { \"outlook.com\" } action \"relay\""))
                .isPositive().isLessThan(conf.indexOf("match from local for any action \"outbound\""));
        // every line about incoming mail is as it was
        assertThat(conf.lines().filter(l -> l.startsWith("listen") || l.startsWith("match from any")).toList())
                .isEqualTo(plain.lines().filter(l -> l.startsWith("listen") || l.startsWith("match from any")).toList());
        String all = MailRenderer.smtpdConf(config(withRelay(
                "{ host: smtp.relay.example.net, port: 465, user: ops@example.com, password-file: /home/me/relay }"), false));
        assertThat(all).contains("relay host smtps://relay@smtp.relay.example.net:465 auth <secrets>")
                .contains("match from auth for any action \"relay\"\nmatch from local for any action \"relay\"\n")
                .doesNotContain("for any action \"outbound\"");
    }

    @Test
    void theSecretsTableIsOneLabelledLine() {
        assertThat(MailRenderer.relaySecrets("ops@example.com", "pa:ss word")).endsWith("\nrelay ops@example.com:pa:ss word\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MailRenderer.relaySecrets("a:b", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
