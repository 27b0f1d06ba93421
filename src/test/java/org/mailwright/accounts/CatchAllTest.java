package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailwright.accounts.MailTableFilesTest.HASH;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecValidator;
import org.mailwright.spec.SpecReader;

/**
 * Catch-all ({@code @example.com: target}, issue 17): the one alias-key rule, the mail tables' edits, the spec check and
 * apply's merge; the line format is the one verified on OpenSMTPD 7.4 and 7.6 (docs/design/issue-17-delivery-notes.md).
 */
class CatchAllTest {
    private final MailTables tables = MailTables.parse(
            "john@example.com:" + HASH + "::::::\nmary@example.com:" + HASH + "::::::\n",
            "john@example.com: vmail\nmary@example.com: vmail\ninfo@example.com: john@example.com\n",
            "example.com\n");

    @Test
    void aCatchAllKeyIsAtAndAServedDomain() {
        assertThat(EmailAddress.isCatchAll("@Example.com")).isTrue();
        assertThat(EmailAddress.isCatchAll("john@example.com")).isFalse();
        assertThat(EmailAddress.aliasKeyProblem("@example.com")).isEmpty();
        assertThat(EmailAddress.aliasKeyProblem("info@example.com")).isEmpty();
        assertThat(EmailAddress.aliasKeyProblem("@")).get().asString().contains("needs a domain after the @");
        assertThat(EmailAddress.aliasKeyProblem("@exa_mple.com")).get().asString().contains("underscore");
        assertThat(EmailAddress.aliasKeyProblem("@x@example.com")).get().asString().contains("more than one @");
        // an address of ours still may not carry the subaddress separator
        assertThat(EmailAddress.aliasKeyProblem("john+x@example.com")).get().asString().contains("subaddress separator");
    }

    @Test
    void isWrittenToTheVirtualsTableAsSmtpdReadsItAndListedAsAnAlias() {
        MailTables t = tables.putAlias("@Example.com", List.of("John@example.com"));
        assertThat(t.virtuals().text()).endsWith("info@example.com: john@example.com\n@example.com: john@example.com\n");
        assertThat(t.aliases()).extracting(MailTables.Alias::address).contains("@example.com");
        assertThat(t.deliveredTo("@example.com")).containsExactly("john@example.com");
        // exact addresses still win: mary is a mailbox, info an alias, neither changes
        assertThat(t.isMailbox("mary@example.com")).isTrue();
        assertThat(t.alias("info@example.com")).get().extracting(MailTables.Alias::targets).isEqualTo(List.of("john@example.com"));
        assertThat(t.removeAlias("@example.com").virtuals().text()).doesNotContainPattern("(?m)^@example\\.com:");
    }

    @Test
    void aCatchAllOfADomainNotServedIsRefusedWithTheWayOut() {
        assertThatThrownBy(() -> tables.putAlias("@example.org", List.of("john@example.com")))
                .isInstanceOf(MailTablesException.class)
                .hasMessage("@example.org is a catch-all for example.org, which is not one of this server's domains [example.com]: "
                        + "add the domain first (domains add example.org)");
        assertThat(tables.newAddressProblem("@example.org", false)).get().asString().contains("not one of this server's domains");
        assertThat(tables.newAddressProblem("@example.com", false)).isEmpty();
        assertThat(tables.newAddressProblem("@example.com", true)).as("never a mailbox").isPresent();
    }

    @Test
    void itsTargetMustTakeMail() {
        assertThatThrownBy(() -> tables.putAlias("@example.com", List.of("nobody@example.com")))
                .hasMessageContaining("'nobody@example.com' is in a local domain but is neither a mailbox nor an alias");
        assertThatThrownBy(() -> tables.putAlias("@example.com", List.of("@example.com"))).hasMessageStartingWith("target ");
        // a tagged form of a mailbox is not bounced mail but an unneeded tag: the message says what to write
        String mailbox = tables.mailboxes().get(0).address();
        String tagged = mailbox.replace("@", "+all@");
        assertThatThrownBy(() -> tables.putAlias("@example.com", List.of(tagged)))
                .hasMessageContaining("'" + tagged + "' carries a subaddress tag: write " + mailbox);
        // forwarding a domain's other mail elsewhere is allowed
        assertThat(tables.putAlias("@example.com", List.of("me@elsewhere.org")).alias("@example.com")).isPresent();
    }

    @Test
    void aTableMadeByHandWithACatchAllIsRead() {
        MailTables t = MailTables.parse("john@example.com:" + HASH + "::::::\n", "john@example.com: vmail\n@example.com: john@example.com\n",
                "example.com\n");
        assertThat(t.aliases()).extracting(MailTables.Alias::address).containsExactly("@example.com");
    }

    private static ServerSpec spec(String aliases) {
        return SpecReader.read("""
                server:   { host: 203.0.113.7 }
                hostname: mail.example.com
                domains:  [example.com]
                users:    [ { address: john@example.com, password-hash: "%s" } ]
                aliases:  %s
                tls:      { mode: self-signed }
                """.formatted(HASH, aliases));
    }

    @Test
    void theSpecTakesACatchAllOfAListedDomainOnly() {
        assertThat(SpecValidator.validate(spec("{ \"@example.com\": john@example.com }"))).isEmpty();
        // SpecReader.read validates: a spec with a problem is refused with it
        assertThatThrownBy(() -> spec("{ \"@example.org\": john@example.com }"))
                .hasMessageContaining("aliases.@example.org: '@example.org' is a catch-all for example.org, which is not one of the listed domains [example.com]");
        assertThatThrownBy(() -> spec("{ \"@example.com\": nobody@example.com }"))
                .hasMessageContaining("'nobody@example.com' is in a local domain but is neither a mailbox nor an alias");
    }

    @Test
    void applyAddsItWithAWarningThatItDrawsSpam() {
        AccountMerge.Result r = AccountMerge.merge(spec("{ \"@example.com\": john@example.com }"), MailTables.parse("", "", ""));
        assertThat(r.after().virtuals().text()).contains("@example.com: john@example.com\n");
        assertThat(r.changes()).extracting(AccountChange::line).contains("+ alias @example.com -> john@example.com");
        assertThat(r.notes()).anyMatch(n -> n.contains("catch-all @example.com") && n.contains("draws spam"));
        assertThat(AccountMerge.merge(spec("{ \"@example.com\": john@example.com }"), r.after()).notes())
                .as("warned once, when it is made").noneMatch(n -> n.contains("draws spam"));
    }
}
