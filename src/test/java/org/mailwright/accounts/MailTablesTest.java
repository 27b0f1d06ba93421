package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailwright.accounts.MailTableFilesTest.HASH;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Edits of mailboxes, aliases and domains, and the edits refused because mail would break. */
class MailTablesTest {
    private final MailTables tables = MailTables.parse(
            "john@example.com:" + HASH + "::::::\njane@example.com:" + HASH + "::::::\n",
            """
            # Managed by Mailwright
            john@example.com: vmail
            jane@example.com: vmail
            info@example.com: john@example.com, friend@elsewhere.org
            postmaster@example.com: john@example.com
            abuse@example.com: john@example.com, jane@example.com
            """,
            "example.com\n");

    @Test
    void modelsMailboxesAliasesAndForwarders() {
        assertThat(tables.mailboxes()).extracting(MailTables.Mailbox::address).containsExactly("john@example.com", "jane@example.com");
        assertThat(tables.aliases()).extracting(MailTables.Alias::address)
                .containsExactly("info@example.com", "postmaster@example.com", "abuse@example.com");
        assertThat(tables.isForwarder("friend@elsewhere.org")).isTrue();
        assertThat(tables.isForwarder("john@example.com")).isFalse();
        assertThat(tables.aliasesPointingAt("jane@example.com")).extracting(MailTables.Alias::address).containsExactly("abuse@example.com");
    }

    @Test
    void followsAliasesToTheMailboxesTheyDeliverTo() {
        MailTables t = tables.putAlias("team@example.com", List.of("abuse@example.com", "info@example.com", "jane@example.com"));
        assertThat(t.deliveredTo("team@example.com")).as("each mailbox once, forwarders left out")
                .containsExactly("jane@example.com", "john@example.com");
        // a loop made by hand is followed once, not forever
        MailTables loop = MailTables.parse("john@example.com:" + HASH + "::::::\n",
                "john@example.com: vmail\na@example.com: b@example.com\nb@example.com: a@example.com, john@example.com\n", "example.com\n");
        assertThat(loop.deliveredTo("a@example.com")).containsExactly("john@example.com");
        assertThat(t.deliveredTo("jane@example.com")).containsExactly("jane@example.com");
        assertThat(t.deliveredTo("nobody@example.com")).isEmpty();
    }

    @Test
    void addsAMailboxToCredentialsAndVirtuals() {
        MailTables t = tables.addMailbox("New@Example.com", HASH);
        assertThat(t.isMailbox("new@example.com")).isTrue();
        assertThat(t.virtuals().text()).endsWith("abuse@example.com: john@example.com, jane@example.com\nnew@example.com: vmail\n");
        assertThat(t.credentials().text()).endsWith("new@example.com:" + HASH + "::::::\n");
    }

    @Test
    void rejectsDuplicateMailbox() {
        assertThatThrownBy(() -> tables.addMailbox("john@example.com", HASH)).hasMessage("john@example.com is a mailbox already");
    }

    @Test
    void rejectsAMailboxOrAliasNamedWithTheSubaddressSeparatorButTakesItAsATarget() {
        assertThatThrownBy(() -> tables.addMailbox("jane+news@example.com", HASH)).hasMessageContaining("subaddress separator");
        assertThatThrownBy(() -> tables.putAlias("info+x@example.com", List.of("john@example.com"))).hasMessageContaining("subaddress separator");
        assertThat(tables.putAlias("lists@example.com", List.of("jane+lists@elsewhere.org")).alias("lists@example.com")).isPresent();
    }

    @Test
    void rejectsMailboxThatIsAnAlias() {
        assertThatThrownBy(() -> tables.addMailbox("info@example.com", HASH)).hasMessageContaining("is an alias already");
    }

    @Test
    void rejectsAliasThatIsAMailbox() {
        assertThatThrownBy(() -> tables.putAlias("jane@example.com", List.of("john@example.com")))
                .hasMessage("jane@example.com is a mailbox; an address is either a mailbox or an alias");
    }

    @Test
    void rejectsInvalidAddressesAndForeignDomains() {
        assertThatThrownBy(() -> tables.addMailbox("not an address", HASH)).isInstanceOf(MailTablesException.class)
                .hasMessageContaining("'not an address'");
        assertThatThrownBy(() -> tables.addMailbox("a@example.org", HASH)).hasMessageContaining("not in one of this server's domains");
        assertThatThrownBy(() -> tables.putAlias("x@example.com", List.of("bad target"))).hasMessageStartingWith("target ");
    }

    @Test
    void rejectsAliasToNowhereInALocalDomain() {
        assertThatThrownBy(() -> tables.putAlias("sales@example.com", List.of("nobody@example.com")))
                .hasMessageContaining("'nobody@example.com' is in a local domain but is neither a mailbox nor an alias");
    }

    @Test
    void acceptsForwarderToAnotherDomain() {
        MailTables t = tables.putAlias("sales@example.com", List.of("Boss@Gmail.com", "jane@example.com"));
        assertThat(t.alias("sales@example.com").orElseThrow().targets()).containsExactly("boss@gmail.com", "jane@example.com");
    }

    @Test
    void rejectsAliasLoop() {
        MailTables t = tables.putAlias("a@example.com", List.of("john@example.com"));
        MailTables t2 = t.putAlias("b@example.com", List.of("a@example.com"));
        assertThatThrownBy(() -> t2.putAlias("a@example.com", List.of("b@example.com"))).hasMessageContaining("loop");
    }

    @Test
    void refusesToRemoveMailboxThatARequiredAliasPointsOnlyAt() {
        assertThatThrownBy(() -> tables.removeMailbox("john@example.com"))
                .hasMessageStartingWith("postmaster@example.com is required (RFC 2142) and points only at john@example.com");
    }

    @Test
    void removingAMailboxTakesItOutOfAliasTargets() {
        MailTables t = tables.removeMailbox("jane@example.com");
        assertThat(t.isMailbox("jane@example.com")).isFalse();
        assertThat(t.virtuals().find("jane@example.com")).isEmpty();
        assertThat(t.alias("abuse@example.com").orElseThrow().targets()).containsExactly("john@example.com");
    }

    @Test
    void refusesToRemoveRequiredAliasOrOneOthersPointAt() {
        assertThatThrownBy(() -> tables.removeAlias("postmaster@example.com")).hasMessageContaining("is required (RFC 2142)");
        MailTables t = tables.putAlias("team@example.com", List.of("info@example.com"));
        assertThatThrownBy(() -> t.removeAlias("info@example.com")).hasMessageContaining("team@example.com: 'info@example.com' is in a local domain");
        assertThat(tables.removeAlias("info@example.com").alias("info@example.com")).isEmpty();
    }

    @Test
    void addsADomainWithItsRequiredAliases() {
        MailTables t = tables.addDomain("Example.org", "jane@example.com");
        assertThat(t.domainList()).containsExactly("example.com", "example.org");
        assertThat(t.aliases()).extracting(MailTables.Alias::address).contains("abuse@example.org", "noc@example.org",
                "security@example.org", "postmaster@example.org", "hostmaster@example.org");
        assertThat(t.alias("postmaster@example.org").orElseThrow().targets()).containsExactly("jane@example.com");
        assertThatThrownBy(() -> tables.addDomain("example.com", "jane@example.com")).hasMessageContaining("already");
        assertThatThrownBy(() -> tables.addDomain("example.org", "nobody@example.com")).hasMessage("nobody@example.com is not a mailbox on this server");
        assertThatThrownBy(() -> tables.addDomain("not_a domain", "jane@example.com")).hasMessageStartingWith("the domain ");
    }

    @Test
    void passwordChangeNeedsAnExistingMailboxAndABcryptHash() {
        assertThatThrownBy(() -> tables.setPasswordHash("nobody@example.com", HASH)).hasMessageContaining("is not a mailbox");
        assertThatThrownBy(() -> tables.setPasswordHash("john@example.com", "plain")).hasMessageContaining("not a bcrypt hash")
                .hasMessageNotContaining("plain");
    }
}
