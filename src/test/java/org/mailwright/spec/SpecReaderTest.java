package org.mailwright.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.model.SpecProblem;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
    static final String HASH = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";

    static final String GOOD = """
            server:   { host: 203.0.113.7, port: 22, user: root, identity: ~/.ssh/id_ed25519 }
            hostname: mail.example.com
            domains:  [example.com]
            dkim:     { selector: dkim, bits: 2048 }
            users:    [ { address: John@Example.com, password-hash: "%s" } ]
            aliases:  { abuse@example.com: john@example.com }
            tls:      { mode: certbot, email: john@example.com }
            spam:     { reject: 15, add-header: 6, greylist: 4 }
            filters:  { dyndns: junk, rdns: reject, fcrdns: off, senderscore: junk }
            firewall: { extra-ports: [2222] }
            """.formatted(HASH);

    private static List<SpecProblem> problems(String yaml) {
        try {
            SpecReader.read(yaml);
        } catch (SpecException e) {
            return e.problems();
        }
        throw new AssertionError("spec was accepted");
    }

    @Test
    void readsTheDocumentedExample() {
        ServerSpec s = SpecReader.read(GOOD);
        assertThat(s.server().host()).isEqualTo("203.0.113.7");
        assertThat(s.server().identity()).contains("~/.ssh/id_ed25519");
        assertThat(s.users().get(0).address()).isEqualTo("john@example.com");
        assertThat(s.aliases()).containsEntry("abuse@example.com", List.of("john@example.com"));
        assertThat(s.tls().mode()).isEqualTo(TlsMode.CERTBOT);
        assertThat(s.filters().rdns()).isEqualTo(FilterPolicy.REJECT);
        assertThat(s.filters().fcrdns()).isEqualTo(FilterPolicy.OFF);
        assertThat(s.firewall().extraPorts()).containsExactly(2222);
    }

    @Test
    void ipv6SendIsAutoUnlessTurnedOff() {
        assertThat(SpecReader.read(GOOD).ipv6().send()).isEqualTo(ServerSpec.Ipv6Send.AUTO);
        assertThat(SpecReader.read(GOOD + "ipv6: { send: auto }\n").ipv6().send()).isEqualTo(ServerSpec.Ipv6Send.AUTO);
        // YAML 1.1 reads a bare off as false
        assertThat(SpecReader.read(GOOD + "ipv6: { send: off }\n").ipv6().send()).isEqualTo(ServerSpec.Ipv6Send.OFF);
        assertThat(SpecReader.read(GOOD + "ipv6: { send: \"off\" }\n").ipv6().send()).isEqualTo(ServerSpec.Ipv6Send.OFF);
        assertThat(SpecReader.read(GOOD + "ipv6: {}\n").ipv6()).isEqualTo(ServerSpec.Ipv6Settings.DEFAULT);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "ipv6: { send: never }     | ipv6.send | 'never' is not one of auto, off",
            "ipv6: { send: on }        | ipv6.send | 'on' is not one of auto, off",
            "ipv6: { send: 4 }         | ipv6.send | '4' is not one of auto, off",
            "ipv6: { sending: off }    | ipv6.sending | unknown key (did you mean send?",
            "ipv6: off                 | ipv6 | must be a mapping"})
    void refusesABadIpv6SettingNamingTheKeyAndTheFix(String line, String path, String says) {
        List<SpecProblem> p = problems(GOOD + line.strip() + "\n");
        assertThat(p).extracting(SpecProblem::path).containsExactly(path);
        if (says != null) {
            assertThat(p.get(0).toString()).contains(says);
        }
        if (path.equals("ipv6.send")) {
            assertThat(p.get(0).toString()).contains("write auto").contains("off to send over IPv4 only");
        }
    }

    @Test
    void mtaStsIsOffUnlessAskedForAndStartsWhereTheSpecSays() {
        assertThat(SpecReader.read(GOOD).mtaSts()).isEqualTo(ServerSpec.MtaStsSettings.DEFAULT);
        assertThat(SpecReader.read(GOOD).mtaSts().on()).isFalse();
        assertThat(SpecReader.read(GOOD + "mta-sts: { mode: testing }\n").mtaSts().mode()).isEqualTo(ServerSpec.MtaStsMode.TESTING);
        assertThat(SpecReader.read(GOOD + "mta-sts: { mode: enforce }\n").mtaSts().mode()).isEqualTo(ServerSpec.MtaStsMode.ENFORCE);
        // YAML 1.1 reads a bare off as false
        assertThat(SpecReader.read(GOOD + "mta-sts: { mode: off }\n").mtaSts().mode()).isEqualTo(ServerSpec.MtaStsMode.OFF);
        assertThat(SpecReader.read(GOOD + "mta-sts: {}\n").mtaSts()).isEqualTo(ServerSpec.MtaStsSettings.DEFAULT);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "mta-sts: { mode: strict }    | mta-sts.mode | 'strict' is not one of off, testing, enforce",
            "mta-sts: { mode: on }        | mta-sts.mode | 'on' is not one of off, testing, enforce",
            "mta-sts: { mode: 1 }         | mta-sts.mode | '1' is not one of off, testing, enforce",
            "mta-sts: { mod: testing }    | mta-sts.mod | unknown key (did you mean mode?",
            "mta-sts: testing             | mta-sts | must be a mapping"})
    void refusesABadMtaStsSettingNamingTheKey(String line, String path, String says) {
        List<SpecProblem> p = problems(GOOD + line.strip() + "\n");
        assertThat(p).extracting(SpecProblem::path).containsExactly(path);
        assertThat(p.get(0).toString()).contains(says);
    }

    @Test
    void mtaStsNeedsACertbotCertificate() {
        List<SpecProblem> p = problems(GOOD.replace("tls:      { mode: certbot, email: john@example.com }", "tls:      { mode: self-signed }")
                + "mta-sts: { mode: testing }\n");
        assertThat(p).extracting(SpecProblem::path).containsExactly("mta-sts.mode");
        assertThat(p.get(0).toString()).contains("needs tls.mode: certbot").contains("RFC 8461 section 3.3");
    }

    @Test
    void listsEveryProblemWithItsKeyPath() {
        String bad = GOOD.replace("bits: 2048", "bits: 3000").replace("domains:  [example.com]", "domains:  [exa_mple.com]")
                .replace("spam:     {", "spma:     {");
        assertThat(problems(bad)).extracting(SpecProblem::path).contains("spma");
        String typed = GOOD.replace("bits: 2048", "bits: 3000").replace("domains:  [example.com]", "domains:  [exa_mple.com, example.com]");
        assertThat(problems(typed)).extracting(SpecProblem::path).contains("dkim.bits", "domains");
    }

    @Test
    void listsTypeAndValidationProblemsTogetherWithoutRepeatingAKey() {
        List<SpecProblem> found = problems("server: { host: x }\n");
        assertThat(found).extracting(SpecProblem::path).containsExactly("domains", "tls", "hostname");
    }

    @Test
    void anUnknownKeyNamesTheKeyItWasProbablyMeantToBe() {
        assertThat(problems(GOOD.replace("domains:", "domians:"))).anySatisfy(p -> assertThat(p.toString())
                .startsWith("domians: unknown key (did you mean domains? allowed here:"));
        assertThat(problems(GOOD.replace("spam:", "spma:"))).anySatisfy(p -> assertThat(p.toString()).contains("did you mean spam?"));
        assertThat(problems(GOOD + "colour: blue\n")).anySatisfy(p -> assertThat(p.toString()).startsWith("colour: unknown key (allowed here:"));
        assertThat(problems(GOOD.replace("users:    [ { address:", "users:    [ { adress:"))).anySatisfy(p ->
                assertThat(p.toString()).startsWith("users[0].adress: unknown key (did you mean address?"));
        assertThat(problems(GOOD.replace("users:    [ { address:", "users:    [ { reset-pasword: true, address:"))).anySatisfy(p ->
                assertThat(p.toString()).contains("did you mean reset-password?"));
    }

    @Test
    void aTabInTheIndentationIsNamedWithItsLine() {
        assertThatThrownBy(() -> SpecReader.read("server:\n\thost: 203.0.113.7\n"))
                .hasMessageContaining("line 2 is indented with a tab; YAML indents with spaces only");
        assertThatThrownBy(() -> SpecReader.read(GOOD.replace("\nhostname:", "\n  \t# a note\nhostname:")))
                .as("the YAML parser refuses it before a comment too").hasMessageContaining("line 2 is indented with a tab");
    }

    @Test
    void brokenYamlIsReportedWithOneLineNumberAndOneSentence() {
        assertThatThrownBy(() -> SpecReader.read("server: { host: 203.0.113.7 }\nhostname: [a\n  b: c\n"))
                .satisfies(e -> assertThat(e.getMessage()).containsOnlyOnce("line ").doesNotContain("in 'reader'", "\n    ^"));
    }

    @Test
    void resetPasswordIsTrueOrFalse() {
        String reset = GOOD.replace("users:    [ { address:", "users:    [ { reset-password: true, address:");
        assertThat(SpecReader.read(reset).users().get(0).resetPassword()).isTrue();
        assertThat(SpecReader.read(GOOD).users().get(0).resetPassword()).isFalse();
        assertThat(problems(reset.replace("reset-password: true", "reset-password: sometimes"))).anySatisfy(p ->
                assertThat(p.toString()).isEqualTo("users[0].reset-password: must be true or false, not text 'sometimes'"));
    }

    @Test
    void rejectsWrongTypes() {
        assertThat(problems(GOOD.replace("port: 22", "port: twenty-two")))
                .anySatisfy(p -> assertThat(p.toString()).isEqualTo("server.port: must be a whole number, not text 'twenty-two'"));
        assertThat(problems(GOOD.replace("domains:  [example.com]", "domains:  example.com")))
                .extracting(SpecProblem::path).contains("domains");
    }

    @Test
    void rejectsDuplicateUsers() {
        String dup = GOOD.replace("users:    [ { address: John@Example.com, password-hash: \"%s\" } ]".formatted(HASH),
                "users:    [ { address: john@example.com, password-hash: \"%s\" }, { address: JOHN@example.com, password-hash: \"%s\" } ]".formatted(HASH, HASH));
        assertThat(problems(dup)).anySatisfy(p -> assertThat(p.toString()).contains("users[1].address").contains("listed twice"));
    }

    @Test
    void rejectsAliasLoops() {
        String loop = GOOD.replace("aliases:  { abuse@example.com: john@example.com }",
                "aliases:  { a@example.com: b@example.com, b@example.com: a@example.com }");
        assertThat(problems(loop)).anySatisfy(p -> assertThat(p.message()).contains("loop"));
    }

    @Test
    void rejectsAliasToNowhereInALocalDomain() {
        String nowhere = GOOD.replace("abuse@example.com: john@example.com", "abuse@example.com: nobody@example.com");
        assertThat(problems(nowhere)).anySatisfy(p -> assertThat(p.toString()).startsWith("aliases.abuse@example.com").contains("bounce"));
    }

    @Test
    void rootMailDefaultsToThePostmasterOfTheFirstDomain() {
        ServerSpec s = SpecReader.read(GOOD);
        assertThat(s.rootMail()).isEmpty();
        assertThat(s.rootMailbox()).isEqualTo("postmaster@example.com");
    }

    @Test
    void rootMailTakesAMailboxAnAliasOrAnOutsideAddress() {
        assertThat(SpecReader.read(GOOD + "root-mail: John@Example.com\n").rootMailbox()).isEqualTo("john@example.com");
        assertThat(SpecReader.read(GOOD + "root-mail: abuse@example.com\n").rootMailbox()).isEqualTo("abuse@example.com");
        assertThat(SpecReader.read(GOOD + "root-mail: hostmaster@example.com\n").rootMailbox()).isEqualTo("hostmaster@example.com");
        assertThat(SpecReader.read(GOOD + "root-mail: john+cron@example.com\n").rootMailbox()).isEqualTo("john+cron@example.com");
        assertThat(SpecReader.read(GOOD + "root-mail: ops@elsewhere.org\n").rootMailbox()).isEqualTo("ops@elsewhere.org");
    }

    @Test
    void rootMailMustReachSomeone() {
        assertThat(problems(GOOD + "root-mail: nobody@example.com\n")).anySatisfy(p -> assertThat(p.toString())
                .startsWith("root-mail").contains("neither a mailbox nor an alias"));
        assertThat(problems(GOOD + "root-mail: root\n")).anySatisfy(p -> assertThat(p.toString()).startsWith("root-mail")
                .contains("not an address"));
        assertThat(problems(GOOD + "root-mail: [a@b.org]\n")).anySatisfy(p -> assertThat(p.toString()).startsWith("root-mail")
                .contains("must be text"));
    }

    @Test
    void aMailboxOrAliasOfOursCannotHaveTheSubaddressSeparator() {
        assertThat(problems(GOOD.replace("John@Example.com", "john+news@example.com"))).anySatisfy(p -> assertThat(p.toString())
                .startsWith("users[0].address").contains("subaddress separator"));
        assertThat(problems(GOOD.replace("abuse@example.com: john@example.com", "abuse@example.com: john@example.com, info+x@example.com: john@example.com")))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("aliases.info+x@example.com").contains("subaddress separator"));
        // a target outside may have one
        assertThat(SpecReader.read(GOOD.replace("abuse@example.com: john@example.com", "abuse@example.com: jane+lists@elsewhere.org"))
                .aliases().get("abuse@example.com")).containsExactly("jane+lists@elsewhere.org");
    }

    @Test
    void acceptsForwardersToOutsideAddresses() {
        assertThat(SpecReader.read(GOOD.replace("abuse@example.com: john@example.com", "abuse@example.com: [john@example.com, ops@elsewhere.org]"))
                .aliases().get("abuse@example.com")).containsExactly("john@example.com", "ops@elsewhere.org");
    }

    @Test
    void rejectsCheapOrMalformedHashes() {
        assertThat(problems(GOOD.replace(HASH, HASH.replace("$12$", "$10$"))))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("users[0].password-hash").contains("cost 10"));
        assertThat(problems(GOOD.replace(HASH, "hunter2")))
                .anySatisfy(p -> assertThat(p.message()).contains("hash-password"));
    }

    @Test
    void acceptsEveryVariantAtCost12OrMoreAndNothingCheaper() {
        for (String prefix : new String[] {"$2a$12$", "$2b$13$", "$2y$14$"}) {
            assertThat(SpecReader.read(GOOD.replace(HASH, prefix + HASH.substring(7))).users()).hasSize(1);
        }
        for (String prefix : new String[] {"$2y$11$", "$2b$04$"}) {
            assertThat(problems(GOOD.replace(HASH, prefix + HASH.substring(7))))
                    .anySatisfy(p -> assertThat(p.toString()).startsWith("users[0].password-hash: uses bcrypt cost").contains("at least 12"));
        }
    }

    @Test
    void reportsBrokenYamlWithItsLine() {
        assertThatThrownBy(() -> SpecReader.read("server: {host: [\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("not valid YAML").hasMessageContaining("line");
    }

    @Test
    void aKeyGivenTwiceIsRefusedNotSilentlyOverwritten() {
        assertThatThrownBy(() -> SpecReader.read(GOOD + "hostname: mx.example.com\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("Duplicate field 'hostname'").hasMessageContaining("line");
    }

    @Test
    void numbersOfTheWrongKindSayWhatWasGiven() {
        assertThat(problems(GOOD.replace("port: 22", "port: 99999999999")))
                .anySatisfy(p -> assertThat(p.toString()).isEqualTo("server.port: 99999999999 is far too large"));
        assertThat(problems(GOOD.replace("port: 22", "port: 22.5")))
                .anySatisfy(p -> assertThat(p.toString()).isEqualTo("server.port: must be a whole number, not the number 22.5"));
        assertThat(problems(GOOD.replace("extra-ports: [2222]", "extra-ports: [ssh]")))
                .anySatisfy(p -> assertThat(p.toString()).isEqualTo("firewall.extra-ports[0]: must be a port number (1-65535), not text 'ssh'"));
    }

    @Test
    void localPathsMustNotDependOnTheWorkingDirectory() {
        assertThat(problems(GOOD.replace("~/.ssh/id_ed25519", "keys/id_ed25519")))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("server.identity: 'keys/id_ed25519' is a relative path"));
        assertThat(problems(GOOD.replace("~/.ssh/id_ed25519", "\"/root/.ssh/id\\nrm -rf /\"")))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("server.identity: contains a line break"));
        assertThat(SpecReader.read(GOOD.replace("~/.ssh/id_ed25519", "'C:\\Users\\me\\.ssh\\id_ed25519'")).server().identity())
                .contains("C:\\Users\\me\\.ssh\\id_ed25519");
        assertThat(problems(GOOD.replace("email: john@example.com }", "email: john@example.com, acme-ca: pebble.pem }")))
                .anySatisfy(p -> assertThat(p.toString()).startsWith("tls.acme-ca: 'pebble.pem' is a relative path"));
    }

    @Test
    void serverPathsMustBeAbsoluteAndOneLine() {
        String existing = "{ mode: existing, cert: %s, key: %s }";
        assertThat(problems(GOOD.replace("{ mode: certbot, email: john@example.com }", existing.formatted("certs/fullchain.pem", "/etc/k.pem"))))
                .extracting(SpecProblem::toString).anySatisfy(p -> assertThat(p).startsWith("tls.cert: 'certs/fullchain.pem' must be an absolute path"));
        assertThat(problems(GOOD.replace("{ mode: certbot, email: john@example.com }", existing.formatted("/etc/c.pem", "\"/etc/k.pem\\n/x\""))))
                .extracting(SpecProblem::toString).anySatisfy(p -> assertThat(p).startsWith("tls.key: contains a line break"));
    }

    @Test
    void certbotNeedsAnEmail() {
        assertThat(problems(GOOD.replace("{ mode: certbot, email: john@example.com }", "{ mode: certbot }")))
                .extracting(SpecProblem::path).contains("tls.email");
    }

    @Test
    void protectionTakesFail2banDurationsAndAddressesAndSaysWhatIsWrong() {
        ServerSpec s = SpecReader.read(GOOD + "protection: { ssh: true, maxretry: 3, findtime: 30m, bantime: 2d, ignore: [198.51.100.0/24, \"2001:db8::7\"] }\n");
        assertThat(s.protection().ssh()).isTrue();
        assertThat(s.protection().maxretry()).isEqualTo(3);
        assertThat(s.protection().findtimeSeconds()).isEqualTo(1800);
        assertThat(s.protection().bantimeSeconds()).isEqualTo(172_800);
        assertThat(s.protection().ignore()).containsExactly("198.51.100.0/24", "2001:db8::7");
        assertThat(SpecReader.read(GOOD).protection()).isEqualTo(org.mailwright.model.ProtectionSettings.DEFAULT);

        assertThat(problems(GOOD + "protection: { bantime: 60, findtime: 5y, maxretry: 1, ignore: [mail.example.com, 10.0.0.0/33], sshd: true }\n"))
                .extracting(SpecProblem::toString)
                .contains("protection.bantime: '60' is not a duration; write a number and a unit, such as 10m, 1h, 2d or 1w (s, m, h, d, w)",
                        "protection.findtime: '5y' is not a duration; write a number and a unit, such as 10m, 1h, 2d or 1w (s, m, h, d, w)",
                        "protection.maxretry: 1 is outside 2-20 (failed logins before a ban; 5 is usual, 1 would ban a person for one typo)",
                        "protection.ignore[0]: 'mail.example.com' is not an IP address or network; write one such as 203.0.113.7, 198.51.100.0/24 or 2001:db8::/48",
                        "protection.ignore[1]: '10.0.0.0/33' is not an IP address or network; write one such as 203.0.113.7, 198.51.100.0/24 or 2001:db8::/48")
                .anySatisfy(p -> assertThat(p).startsWith("protection.sshd: unknown key (did you mean ssh?"));
        assertThat(problems(GOOD + "protection: { bantime: 8w }\n")).extracting(SpecProblem::toString)
                .containsExactly("protection.bantime: 8w is outside 1m-4w");
    }

    static final String RELAY = GOOD + """
            relay:    { host: Smtp.Relay.Example.NET, port: 587, user: "ops@example.com", password-file: ~/.config/mailwright/relay,
                        domains: [Outlook.com, hotmail.com], spf-include: spf.relay.example.net }
            """;

    @Test
    void readsARelayWithItsDomainsAndSpfInclude() {
        ServerSpec.RelaySettings r = SpecReader.read(RELAY).relay().orElseThrow();
        assertThat(r.host()).isEqualTo("smtp.relay.example.net");
        assertThat(r.url()).isEqualTo("smtp+tls://relay@smtp.relay.example.net:587");
        assertThat(r.user()).isEqualTo("ops@example.com");
        assertThat(r.passwordFile()).isEqualTo("~/.config/mailwright/relay");
        assertThat(r.domains()).containsExactly("outlook.com", "hotmail.com");
        assertThat(r.spfInclude()).contains("spf.relay.example.net");
        assertThat(SpecReader.read(GOOD).relay()).isEmpty();
    }

    @Test
    void writesTheSmtpsPortToo() {
        assertThat(SpecReader.read(RELAY.replace("port: 587", "port: 465")).relay().orElseThrow().url())
                .isEqualTo("smtps://relay@smtp.relay.example.net:465");
    }

    @Test
    void refusesAPasswordInTheSpecAndSaysToUseAFile() {
        List<SpecProblem> p = problems(RELAY.replace("password-file: ~/.config/mailwright/relay", "password: hunter2hunter2"));
        assertThat(p).extracting(SpecProblem::path).contains("relay.password", "relay.password-file").doesNotContain("relay.password-file.x");
        assertThat(p).filteredOn(x -> x.path().equals("relay.password")).singleElement().extracting(SpecProblem::message).asString()
                .contains("never goes in the spec", "password-file").doesNotContain("unknown key");
        assertThat(p.toString()).doesNotContain("hunter2hunter2");
    }

    @Test
    void refusesEveryBadRelayValueWithItsKey() {
        assertThat(problems(RELAY.replace("port: 587", "port: 25"))).extracting(SpecProblem::path).containsExactly("relay.port");
        assertThat(problems(RELAY.replace("port: 587, ", ""))).extracting(SpecProblem::path).containsExactly("relay.port");
        assertThat(problems(RELAY.replace("Smtp.Relay.Example.NET", "203.0.113.9"))).extracting(SpecProblem::path).containsExactly("relay.host");
        assertThat(problems(RELAY.replace("Smtp.Relay.Example.NET", "smtp_relay.example.net"))).extracting(SpecProblem::path).containsExactly("relay.host");
        assertThat(problems(RELAY.replace("\"ops@example.com\"", "\"ops:team\""))).singleElement()
                .satisfies(x -> assertThat(x.path()).isEqualTo("relay.user"), x -> assertThat(x.message()).contains("':'"));
        assertThat(problems(RELAY.replace("\"ops@example.com\"", "\"ops team\""))).extracting(SpecProblem::path).containsExactly("relay.user");
        assertThat(problems(RELAY.replace("~/.config/mailwright/relay", "relay.txt"))).extracting(SpecProblem::path).containsExactly("relay.password-file");
        assertThat(problems(RELAY.replace("Outlook.com", "outlook..com"))).extracting(SpecProblem::path).containsExactly("relay.domains");
        assertThat(problems(RELAY.replace("Outlook.com", "hotmail.com"))).extracting(SpecProblem::path).containsExactly("relay.domains");
        assertThat(problems(RELAY.replace("spf.relay.example.net", "spf relay"))).extracting(SpecProblem::path).containsExactly("relay.spf-include");
        assertThat(problems(RELAY.replace("spf-include:", "spf:"))).extracting(SpecProblem::path).containsExactly("relay.spf");
        assertThat(problems(RELAY.replace("user: \"ops@example.com\", ", ""))).extracting(SpecProblem::path).containsExactly("relay.user");
    }

    @Test
    void aRelayPasswordIsOneLineSmtpdKeepsWhole() {
        assertThat(org.mailwright.model.SpecValidator.relayPasswordProblem("f", "")).get().asString().contains("empty");
        assertThat(org.mailwright.model.SpecValidator.relayPasswordProblem("f", "a\nb")).get().asString().contains("more than one line");
        assertThat(org.mailwright.model.SpecValidator.relayPasswordProblem("f", "secret ")).get().asString().contains("space");
        assertThat(org.mailwright.model.SpecValidator.relayPasswordProblem("f", "a\tb")).isPresent();
        // only the first ':' of user:password splits (OpenSMTPD table.c), so a ':' in the password is kept
        assertThat(org.mailwright.model.SpecValidator.relayPasswordProblem("f", "pa:ss wo#rd")).isEmpty();
    }
}
