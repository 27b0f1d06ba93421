package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"a'b\"c$(id)xx", "correct horse battery", "`back;ticks`$HOME", "Sekr3t-'\"$(id)-Pw", "semi;colon\\back"})
    void acceptsStrongPasswordsWithShellCharacters(String password) {
        assertThat(PasswordPolicy.problem(password)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"short|too short", "pässwörter-lang|non-ASCII", "password123|easy", "aaaaaaaaaaaa|easy"})
    void refusesWeakOrUnsafePasswords(String password, String why) {
        assertThat(PasswordPolicy.problem(password)).get().asString().contains(why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pässwörd-lang-1", "naïve-café-pass", "password-€uro-1"})
    void nonAsciiIsRefusedWithTheReasonButNotTheCharacter(String password) {
        assertThat(PasswordPolicy.problem(password)).get().asString()
                .contains("non-ASCII").contains("printable ASCII only").contains("mail apps").contains("72")
                .doesNotContain("ä").doesNotContain("ï").doesNotContain("€");
    }

    @org.junit.jupiter.api.Test
    void refusesNewlinesAndOver72Bytes() {
        assertThat(PasswordPolicy.problem("line-one\nline-two")).get().asString().contains("control character");
        assertThat(PasswordPolicy.problem("tab\tseparated-pw")).get().asString().contains("control character");
        assertThat(PasswordPolicy.problem("bell\u0007ringing-pw")).get().asString().contains("control character");
        assertThat(PasswordPolicy.problem("delete\u007fthis-pw")).get().asString().contains("control character");
        assertThat(PasswordPolicy.problem("Ab1!".repeat(19))).get().asString().contains("at most 72");
        assertThat(PasswordPolicy.problem("Ab1!xyz9z")).get().asString().contains("at least 10");
        assertThat(PasswordPolicy.problem("Ab1!".repeat(18))).isEmpty();
    }
}
