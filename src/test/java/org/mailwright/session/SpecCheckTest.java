package org.mailwright.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.accounts.MailTables;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecValidator;

/** Problems of a spec or a part of it, worded for a form; the rules stay in SpecValidator and MailTables. */
class SpecCheckTest {

    private static ServerSpec withSpam(double reject, double addHeader, double greylist) {
        ServerSpec s = DnsSetupTest.spec("203.0.113.10");
        return new ServerSpec(s.server(), s.hostname(), s.domains(), new ServerSpec.DkimSettings("dkim", 3000), s.users(), s.aliases(),
                s.tls(), new ServerSpec.SpamSettings(reject, addHeader, greylist), s.filters(), s.firewall());
    }

    @Test
    void aPartOfTheSpecHasOnlyItsOwnProblems() {
        ServerSpec spec = withSpam(5, 6, 4);
        assertThat(SpecCheck.problems(spec, "spam")).extracting(p -> p.path()).containsExactly("spam");
        assertThat(SpecCheck.problems(spec, "dkim")).extracting(p -> p.path()).containsExactly("dkim.bits");
        assertThat(SpecCheck.problems(spec, "users", "aliases")).isEmpty();
        assertThat(SpecCheck.firstProblem(spec, "spam")).get().asString().startsWith("Thresholds must rise").endsWith(".");
        assertThat(SpecCheck.problems(spec)).hasSize(SpecValidator.validate(spec).size());
    }

    @Test
    void anAddressIsAMailboxOrAnAliasNeverBoth() {
        assertThat(SpecCheck.addressTaken("ann@example.com", true, List.of("ann@example.com"), List.of()))
                .contains("ann@example.com is a mailbox already.");
        assertThat(SpecCheck.addressTaken("info@example.com", true, List.of(), List.of("info@example.com"))).get().asString()
                .contains("is an alias already");
        assertThat(SpecCheck.addressTaken("ann@example.com", false, List.of("ann@example.com"), List.of())).get().asString()
                .contains("either a mailbox or an alias");
        assertThat(SpecCheck.addressTaken("bob@example.com", true, List.of("ann@example.com"), List.of())).isEmpty();
    }

    @Test
    void theServersTablesAreAskedTheSameQuestion() {
        MailTables t = MailTables.parse("ann@example.com:$2a$12$" + "a".repeat(53) + "::::::\n",
                "ann@example.com vmail\ninfo@example.com ann@example.com\n", "example.com\n");
        assertThat(SpecCheck.newAddressProblem(t, "ann@example.com", true)).contains("ann@example.com is a mailbox already.");
        assertThat(SpecCheck.newAddressProblem(t, "ann@example.com", false)).get().asString().contains("either a mailbox or an alias");
        assertThat(SpecCheck.newAddressProblem(t, "info@example.com", false)).as("an alias's targets may be replaced").isEmpty();
        assertThat(SpecCheck.newAddressProblem(t, "x@elsewhere.example", true)).get().asString().contains("not in one of this server's domains");
        assertThat(SpecCheck.newAddressProblem(t, "bob@example.com", true)).isEmpty();
    }
}
