package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.Golden;
import org.mailwright.model.ServerSpec;
import org.mailwright.spec.SpecReader;

/** apply's merge of a spec into the server's tables: adds what is missing, never removes or re-hashes what exists. */
class AccountMergeTest {
    static final String OLD = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";
    static final String NEW = OLD.replace("abcdefg", "gfedcba");
    static final String HEADER = "# Mail table kept by Mailwright\n";

    private static ServerSpec spec(String users, String aliases) {
        return SpecReader.read("""
                server:   { host: 203.0.113.7 }
                hostname: mail.example.com
                domains:  [example.com]
                users:    %s
                aliases:  %s
                tls:      { mode: self-signed }
                """.formatted(users, aliases));
    }

    private static final ServerSpec ALICE = spec("[ { address: alice@example.com, password-hash: \"" + OLD + "\" } ]", "{ info@example.com: alice@example.com }");

    private static MailTables fresh() {
        return MailTables.parse("", HEADER, HEADER);
    }

    /** The server after the first apply of ALICE, then `users add bob` and `users passwd alice`. */
    private static MailTables afterUsersAddAndPasswd() {
        MailTables applied = AccountMerge.merge(ALICE, fresh()).after();
        return applied.addMailbox("bob@example.com", OLD).setPasswordHash("alice@example.com", NEW);
    }

    @Test
    void aFreshServerGetsEveryTableFromTheSpec() throws IOException {
        ServerSpec spec = SpecReader.read("""
                server:   { host: 203.0.113.7 }
                hostname: mail.example.com
                domains:  [example.com, example.org]
                users:
                  - { address: john@example.com, password-hash: "%s" }
                  - { address: jane@example.org, password-hash: "%s" }
                aliases:  { info@example.com: [john@example.com, jane@example.org], ops@example.org: friend@elsewhere.net }
                tls:      { mode: certbot, email: john@example.com }
                """.formatted(OLD, NEW));
        AccountMerge.Result r = AccountMerge.merge(spec, fresh());
        Golden.assertMatches("accounts", "domains", r.after().domains().text());
        Golden.assertMatches("accounts", "virtuals", r.after().virtuals().text());
        Golden.assertMatches("accounts", "credentials", r.after().credentials().text());
        assertThat(r.changes()).extracting(AccountChange::line).startsWith(
                "+ domain example.com", "+ domain example.org", "+ mailbox john@example.com", "+ mailbox jane@example.org",
                "+ alias info@example.com -> john@example.com, jane@example.org", "+ alias ops@example.org -> friend@elsewhere.net",
                "+ alias abuse@example.com -> john@example.com (required by RFC 2142 and was missing)");
        assertThat(r.changes()).hasSize(4 + 2 + 2 * ServerSpec.REQUIRED_ALIASES.size());
        assertThat(r.notes()).isEmpty();
        for (String line : r.after().credentials().text().split("\n")) {
            assertThat(line.split(":", -1)).as("table-passwd needs seven fields").hasSizeGreaterThanOrEqualTo(7);
        }
    }

    @Test
    void keepsAMailboxAddedOnTheServerAndAPasswordChangedThere() {
        MailTables server = afterUsersAddAndPasswd();
        AccountMerge.Result r = AccountMerge.merge(ALICE, server);
        assertThat(r.after().credentials().text()).isEqualTo(server.credentials().text());
        assertThat(r.after().virtuals().text()).isEqualTo(server.virtuals().text());
        assertThat(r.after().domains().text()).isEqualTo(server.domains().text());
        assertThat(r.changes()).isEmpty();
        assertThat(r.notes()).contains("kept: 1 mailbox not in this spec: bob@example.com (spec pull writes the server's accounts into the spec)")
                .anyMatch(n -> n.startsWith("kept the server's password of alice@example.com"))
                .noneMatch(n -> n.contains("was missing"));
    }

    @Test
    void resetPasswordIsTheOneWayASpecReplacesAPassword() {
        ServerSpec reset = spec("[ { address: alice@example.com, password-hash: \"" + OLD + "\", reset-password: true } ]",
                "{ info@example.com: alice@example.com }");
        AccountMerge.Result r = AccountMerge.merge(reset, afterUsersAddAndPasswd());
        assertThat(r.changes()).extracting(AccountChange::line).containsExactly("~ password of alice@example.com (set by this spec)");
        assertThat(r.after().credentials().find("alice@example.com").orElseThrow().hash()).isEqualTo(OLD);
        assertThat(r.after().isMailbox("bob@example.com")).isTrue();
        assertThat(AccountMerge.merge(reset, r.after()).changes()).as("once set, nothing more to do").isEmpty();
    }

    @Test
    void aNewSpecMailboxIsAddedAfterTheServersOwn() {
        ServerSpec more = spec("[ { address: alice@example.com, password-hash: \"" + OLD + "\" }, { address: carol@example.com, password-hash: \""
                + OLD + "\" } ]", "{ info@example.com: alice@example.com }");
        MailTables server = afterUsersAddAndPasswd();
        AccountMerge.Result r = AccountMerge.merge(more, server);
        assertThat(r.changes()).extracting(AccountChange::line).containsExactly("+ mailbox carol@example.com");
        assertThat(r.after().credentials().text()).startsWith(server.credentials().text()).endsWith("carol@example.com:" + OLD + "::::::\n");
        assertThat(r.after().virtuals().text()).isEqualTo(server.virtuals().text() + "carol@example.com: vmail\n");
    }

    @Test
    void keepsTheServersAliasTargetsAndSaysWhatTheSpecWanted() {
        MailTables server = AccountMerge.merge(ALICE, fresh()).after().putAlias("info@example.com", List.of("friend@elsewhere.org"));
        AccountMerge.Result r = AccountMerge.merge(ALICE, server);
        assertThat(r.after().alias("info@example.com").orElseThrow().targets()).containsExactly("friend@elsewhere.org");
        assertThat(r.changes()).isEmpty();
        assertThat(r.notes()).contains("kept the server's alias info@example.com -> friend@elsewhere.org (this spec says alice@example.com)");
    }

    @Test
    void aServerAliasIsNotTurnedIntoASpecMailbox() {
        MailTables server = AccountMerge.merge(ALICE, fresh()).after();
        ServerSpec asMailbox = spec("[ { address: alice@example.com, password-hash: \"" + OLD + "\" }, { address: info@example.com, password-hash: \""
                + OLD + "\" } ]", "{}");
        AccountMerge.Result r = AccountMerge.merge(asMailbox, server);
        assertThat(r.after().isMailbox("info@example.com")).isFalse();
        assertThat(r.changes()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("info@example.com is an alias on the server"));
    }

    @Test
    void aDomainAddedOnTheServerStaysWithItsAliases() {
        MailTables server = AccountMerge.merge(ALICE, fresh()).after().addDomain("example.org", "alice@example.com");
        AccountMerge.Result r = AccountMerge.merge(ALICE, server);
        assertThat(r.domains()).containsExactly("example.com", "example.org");
        assertThat(r.after().alias("postmaster@example.org")).isPresent();
        assertThat(r.changes()).isEmpty();
        assertThat(r.notes()).contains("kept: 1 domain not in this spec: example.org (spec pull writes the server's accounts into the spec)");
    }

    @Test
    void requiredAliasesOfASpecDomainGoToAMailboxTheServerHasThere() {
        MailTables server = MailTables.parse("bob@example.org:" + OLD + "::::::\n", HEADER + "bob@example.org: vmail\n", HEADER + "example.org\n");
        ServerSpec twoDomains = SpecReader.read("""
                server:   { host: 203.0.113.7 }
                hostname: mail.example.com
                domains:  [example.com, example.org]
                users:    [ { address: alice@example.com, password-hash: "%s" } ]
                tls:      { mode: self-signed }
                """.formatted(OLD));
        AccountMerge.Result r = AccountMerge.merge(twoDomains, server);
        assertThat(r.after().alias("postmaster@example.org").orElseThrow().targets()).containsExactly("bob@example.org");
        assertThat(r.after().alias("postmaster@example.com").orElseThrow().targets()).containsExactly("alice@example.com");
    }

    @Test
    void aDomainWithoutAMailboxOfItsOwnHasItsRequiredAliasesDeliveredToTheFirstMailbox() {
        ServerSpec forwardOnly = SpecReader.read("""
                server:   { host: 203.0.113.7 }
                hostname: mail.example.com
                domains:  [example.com, example.net]
                users:    [ { address: alice@example.com, password-hash: "%s" } ]
                tls:      { mode: self-signed }
                """.formatted(OLD));
        AccountMerge.Result r = AccountMerge.merge(forwardOnly, fresh());
        for (String name : ServerSpec.REQUIRED_ALIASES) {
            assertThat(r.after().alias(name + "@example.net").orElseThrow().targets()).containsExactly("alice@example.com");
        }
        assertThat(r.after().deliveredTo("postmaster@example.net")).containsExactly("alice@example.com");
        assertThat(r.notes()).isEmpty();
        AccountMerge.SpecAccounts pulled = AccountMerge.pull(r.after(), List.of("alice@example.com"));
        assertThat(pulled.aliases()).as("what merge makes by itself is not written into the spec").isEmpty();
    }

    @Test
    void aSecondMergeOfItsOwnResultChangesNothing() {
        AccountMerge.Result first = AccountMerge.merge(ALICE, fresh());
        AccountMerge.Result second = AccountMerge.merge(ALICE, first.after());
        assertThat(second.changes()).isEmpty();
        assertThat(second.after().virtuals().text()).isEqualTo(first.after().virtuals().text());
        assertThat(second.notes()).isEmpty();
    }

    // quotas

    private static final ServerSpec WITH_QUOTAS = SpecReader.read("""
            server:   { host: 203.0.113.7 }
            hostname: mail.example.com
            domains:  [example.com, example.org]
            users:
              - { address: alice@example.com, password-hash: "%1$s", quota: 2G }
              - { address: bob@example.com, password-hash: "%1$s" }
              - { address: carol@example.org, password-hash: "%1$s" }
            quotas:   { example.com: 500M }
            tls:      { mode: self-signed }
            """.formatted(OLD));

    @Test
    void aNewMailboxGetsItsOwnQuotaElseItsDomainsDefaultInTheFieldOfTheServersDovecot() {
        AccountMerge.Result r = AccountMerge.merge(WITH_QUOTAS, MailTables.parse("", HEADER, HEADER), QuotasFile.empty(), true);
        CredentialsFile c = r.after().credentials();
        assertThat(c.find("alice@example.com").orElseThrow().quota()).contains(org.mailwright.model.QuotaSize.parse("x", "2G"));
        assertThat(c.find("bob@example.com").orElseThrow().quota()).contains(org.mailwright.model.QuotaSize.parse("x", "500M"));
        assertThat(c.find("carol@example.org").orElseThrow().quota()).isEmpty();
        assertThat(c.text()).contains("alice@example.com:" + OLD + "::::::userdb_quota_storage_size=2G\n")
                .contains("carol@example.org:" + OLD + "::::::\n").doesNotContain("quota_rule");
        assertThat(r.quotas().defaults()).containsEntry("example.com", org.mailwright.model.QuotaSize.parse("x", "500M"));
        assertThat(r.changes()).extracting(AccountChange::line).contains("+ default quota of example.com (500M)",
                "+ mailbox alice@example.com (quota 2G)", "+ mailbox bob@example.com (quota 500M)", "+ mailbox carol@example.org");
    }

    @Test
    void onceAMailboxExistsTheServersQuotaIsKeptAndTheDifferenceIsNoted() {
        MailTables server = AccountMerge.merge(WITH_QUOTAS, MailTables.parse("", HEADER, HEADER), QuotasFile.empty(), false).after()
                .setQuota("alice@example.com", java.util.Optional.of(org.mailwright.model.QuotaSize.parse("x", "5G")), false);
        QuotasFile quotas = QuotasFile.parse("example.com: 1G\n");
        AccountMerge.Result r = AccountMerge.merge(WITH_QUOTAS, server, quotas, false);
        assertThat(r.after().credentials().text()).isEqualTo(server.credentials().text());
        assertThat(r.quotas().text()).isEqualTo("example.com: 1G\n");
        assertThat(r.changes()).isEmpty();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("kept the server's quota of alice@example.com (5G; this spec says 2G)"))
                .anyMatch(n -> n.startsWith("kept the server's default quota of example.com (1G; this spec says 500M)"));
    }

    @Test
    void afterAnUpgradeTo24EveryQuotaFieldIsRewrittenAndTheLimitKept() {
        MailTables on12 = AccountMerge.merge(WITH_QUOTAS, MailTables.parse("", HEADER, HEADER), QuotasFile.empty(), false).after();
        assertThat(on12.credentials().text()).contains("::::::userdb_quota_rule=*:storage=2G\n");
        AccountMerge.Result on13 = AccountMerge.merge(WITH_QUOTAS, on12, QuotasFile.parse("example.com: 500M\n"), true);
        assertThat(on13.after().credentials().text()).contains("::::::userdb_quota_storage_size=2G\n", "::::::userdb_quota_storage_size=500M\n")
                .doesNotContain("quota_rule");
        assertThat(on13.changes()).extracting(AccountChange::line).containsExactly(
                "~ quota of alice@example.com (field rewritten for Dovecot 2.4, limit unchanged)",
                "~ quota of bob@example.com (field rewritten for Dovecot 2.4, limit unchanged)");
        assertThat(on13.after().credentials().find("alice@example.com").orElseThrow().quota())
                .isEqualTo(on12.credentials().find("alice@example.com").orElseThrow().quota());
        assertThat(AccountMerge.merge(WITH_QUOTAS, on13.after(), on13.quotas(), true).changes()).isEmpty();
    }

    @Test
    void otherExtraFieldsOnALineStayWhenItsQuotaChanges() {
        CredentialsFile c = CredentialsFile.parse("dave@example.com:" + OLD + "::::::userdb_mail_debug=yes userdb_quota_rule=*:storage=1G\n");
        CredentialsFile after = c.withQuota("dave@example.com", java.util.Optional.of(org.mailwright.model.QuotaSize.parse("x", "3G")), true);
        assertThat(after.text()).isEqualTo("dave@example.com:" + OLD + "::::::userdb_mail_debug=yes userdb_quota_storage_size=3G\n");
        assertThat(after.withQuota("dave@example.com", java.util.Optional.empty(), true).text())
                .isEqualTo("dave@example.com:" + OLD + "::::::userdb_mail_debug=yes\n");
        assertThat(after.describeChangesFrom(c)).containsExactly("quota of dave@example.com: 1G -> 3G");
    }
}
