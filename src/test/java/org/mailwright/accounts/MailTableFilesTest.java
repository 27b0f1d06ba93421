package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The three table files as data: odd but valid lines, invalid ones with their line numbers, byte-exact round trips. */
class MailTableFilesTest {
    static final String HASH = "$2a$12$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String HASH2 = "$2b$12$bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "john@example.com: vmail\n",
        "# Managed by Mailwright\njohn@example.com: vmail\ninfo@example.com: john@example.com\n",
        "john@example.com vmail\r\ninfo@example.com:john@example.com,jane@elsewhere.org\r\n",
        "   \n\t# indented comment\ninfo@example.com:   a@example.com ,b@example.com,  c@x.org\n\nroot: john@example.com",
        "@example.com catchall@example.com\n",
    })
    void virtualsRoundTripByteForByte(String text) {
        assertThat(VirtualsFile.parse(text).text()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "john@example.com:" + HASH + "::::::\n",
        "john@example.com:" + HASH + "::::::userdb_quota_rule=*:storage=1G\r\n# a comment\n\n",
        "a@example.com:" + HASH + ":2000:2000::/var/vmail/example.com/a::",
    })
    void credentialsRoundTripByteForByte(String text) {
        assertThat(CredentialsFile.parse(text).text()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "# header\nexample.com\n", "example.com\r\n  example.org  \n\n# x", "example.com"})
    void domainsRoundTripByteForByte(String text) {
        assertThat(DomainsFile.parse(text).text()).isEqualTo(text);
    }

    @Test
    void readsOddButValidVirtualsLines() {
        VirtualsFile v = VirtualsFile.parse("""
                # comment
                john@example.com vmail
                  info@example.com:a@example.com,b@example.com
                team@example.com   :  a@example.com ,  c@elsewhere.org\r
                @example.com catchall@example.com
                """);
        assertThat(v.entries()).containsExactly(
                new VirtualsFile.Entry("john@example.com", List.of("vmail")),
                new VirtualsFile.Entry("info@example.com", List.of("a@example.com", "b@example.com")),
                new VirtualsFile.Entry("team@example.com", List.of("a@example.com", "c@elsewhere.org")),
                new VirtualsFile.Entry("@example.com", List.of("catchall@example.com")));
        assertThat(v.find("john@example.com").orElseThrow().isMailbox()).isTrue();
    }

    @Test
    void readsCredentialsWithMoreThanSevenFieldsAndKeepsTheExtraOnesOnAPasswordChange() {
        String text = "# keep me\njohn@example.com:" + HASH + "::::::userdb_quota_rule=*:storage=1G\n";
        CredentialsFile c = CredentialsFile.parse(text);
        assertThat(c.find("john@example.com").orElseThrow().hash()).isEqualTo(HASH);
        assertThat(c.withHash("john@example.com", HASH2).text())
                .isEqualTo("# keep me\njohn@example.com:" + HASH2 + "::::::userdb_quota_rule=*:storage=1G\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a@example.com: vmail\\n\\nfoo\\n | virtuals line 3: 'foo' has no target",
        "a@example.com:\\n | virtuals line 1: 'a@example.com' has no target",
        "x@example.com: a@example.com,,b@example.com | virtuals line 1: 'x@example.com' has an empty target",
        "x@example.com: a@example.com,\\n | virtuals line 1: 'x@example.com' has an empty target",
        ": a@example.com | virtuals line 1: ': a@example.com' has no key",
        "a@example.com: vmail\\na@example.com: b@example.com | virtuals line 2: 'a@example.com' is listed twice (first on line 1)",
    })
    void reportsInvalidVirtualsLinesWithTheirNumber(String text, String message) {
        assertThatThrownBy(() -> VirtualsFile.parse(text.replace("\\n", "\n")))
                .isInstanceOf(TableParseException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "# c\\njohn@example.com:HASH | credentials line 2: 'john@example.com' has 2 fields; table-passwd needs at least 7",
        "john@example.com:::::: | credentials line 1: 'john@example.com' has no password hash",
        ":HASH:::::: | credentials line 1: the line starts with ':'",
        "a@example.com:HASH::::::\\na@example.com:HASH:::::: | credentials line 2: 'a@example.com' is listed twice",
    })
    void reportsInvalidCredentialsLinesWithoutShowingHashes(String text, String message) {
        assertThatThrownBy(() -> CredentialsFile.parse(text.replace("\\n", "\n").replace("HASH", HASH)))
                .isInstanceOf(TableParseException.class).hasMessageStartingWith(message).hasMessageNotContaining(HASH);
    }

    @Test
    void reportsEveryProblemOfEveryTableAtOnce() {
        assertThatThrownBy(() -> MailTables.parse("x:y\n", "ok@example.com: vmail\nfoo\n", "example.com extra\n"))
                .isInstanceOfSatisfying(TableParseException.class, e -> assertThat(e.problems()).extracting(TableProblem::toString)
                        .containsExactly("credentials line 1: 'x' has 2 fields; table-passwd needs at least 7 (address:hash::::::)",
                                "virtuals line 2: 'foo' has no target",
                                "domains line 1: 'example.com extra' is more than one domain name"));
    }

    @Test
    void appendedLinesFollowTheFilesLineEndingsAndFinishAnUnterminatedLastLine() {
        assertThat(VirtualsFile.parse("a@example.com: vmail").with("b@example.com", List.of("vmail")).text())
                .isEqualTo("a@example.com: vmail\nb@example.com: vmail\n");
        assertThat(VirtualsFile.parse("a@example.com: vmail\r\n").with("b@example.com", List.of("a@example.com", "x@y.org")).text())
                .isEqualTo("a@example.com: vmail\r\nb@example.com: a@example.com, x@y.org\r\n");
        assertThat(DomainsFile.parse("# h\nexample.com\n").with("example.org").text()).isEqualTo("# h\nexample.com\nexample.org\n");
    }

    @Test
    void editsTouchOnlyTheirOwnLine() {
        String text = "# head\n\njohn@example.com   vmail\ninfo@example.com:john@example.com\n# tail\n";
        VirtualsFile v = VirtualsFile.parse(text);
        assertThat(v.with("info@example.com", List.of("john@example.com", "x@y.org")).text())
                .isEqualTo("# head\n\njohn@example.com   vmail\ninfo@example.com: john@example.com, x@y.org\n# tail\n");
        assertThat(v.without("info@example.com").text()).isEqualTo("# head\n\njohn@example.com   vmail\n# tail\n");
        assertThat(v.with("info@example.com", List.of("john@example.com")).text()).isEqualTo(text);
    }

    @Test
    void newCredentialsLineHasTheSevenFieldsBothReadersNeed() {
        assertThat(CredentialsFile.empty().withAdded("a@example.com", HASH).text()).isEqualTo("a@example.com:" + HASH + "::::::\n");
    }

    @Test
    void describesCredentialChangesWithoutHashes() {
        CredentialsFile before = CredentialsFile.parse("a@example.com:" + HASH + "::::::\nb@example.com:" + HASH + "::::::\n");
        CredentialsFile after = before.withAdded("c@example.com", HASH2).withHash("a@example.com", HASH2).without("b@example.com");
        assertThat(after.describeChangesFrom(before)).containsExactly("1 line added (c@example.com)",
                "1 line removed (b@example.com)", "password changed for a@example.com");
        assertThat(String.join("", after.describeChangesFrom(before)) + after.entries()).doesNotContain(HASH).doesNotContain(HASH2);
    }
}
