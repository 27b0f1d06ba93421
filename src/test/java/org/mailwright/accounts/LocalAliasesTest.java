package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The local aliases table: made with root and a catch-all, then the server's; only a missing root line is added. */
class LocalAliasesTest {
    static final String HEADER = "# header\n";

    @Test
    void aNewTableSendsRootAndEveryOtherAccountToTheAddress() {
        LocalAliases.Result r = LocalAliases.merge(Optional.empty(), HEADER, "postmaster@example.com");
        assertThat(r.text()).startsWith(HEADER).endsWith("\nroot: postmaster@example.com\n@: root\n");
        assertThat(VirtualsFile.parse(r.text(), "aliases").find("@").orElseThrow().targets()).containsExactly("root");
        assertThat(r.notes()).singleElement().asString().contains("goes to postmaster@example.com");
    }

    @Test
    void anExistingTableIsKeptLineForLineAndGetsOnlyAMissingRoot() {
        String theirs = "# mine\nwww-data: web@elsewhere.org\n\nnobody: root\n";
        LocalAliases.Result r = LocalAliases.merge(Optional.of(theirs), HEADER, "ops@example.com");
        assertThat(r.text()).isEqualTo(theirs + "root: ops@example.com\n");
    }

    @Test
    void theServersRootLineIsKeptWithANote() {
        String theirs = "root: me@elsewhere.org\n";
        LocalAliases.Result r = LocalAliases.merge(Optional.of(theirs), HEADER, "ops@example.com");
        assertThat(r.text()).isEqualTo(theirs);
        assertThat(r.notes()).singleElement().asString().startsWith("kept the server's root: me@elsewhere.org");
        assertThat(LocalAliases.merge(Optional.of("root: ops@example.com\n"), HEADER, "ops@example.com").notes()).isEmpty();
    }

    @Test
    void aTableWithLinesItCannotReadIsNotRewritten() {
        assertThatThrownBy(() -> LocalAliases.merge(Optional.of("root:\nroot: a@b.org\n"), HEADER, "ops@example.com"))
                .isInstanceOf(TableParseException.class).hasMessageContaining("aliases");
    }
}
