package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"john@example.com", "John.Doe+tag@Example.COM", "o'b&r+x@example.org", "a_b-c@xn--bcher-kva.example"})
    void acceptsDotAtomAddresses(String address) {
        assertThat(EmailAddress.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty",
            "john.example.com|not an address like name@example.com",
            "john@|not an address like name@example.com",
            "a@b@example.com|more than one @",
            "@example.com|nothing before the @",
            "\"john doe\"@example.com|quoted names",
            "\"a@b\"@example.com|quoted names",
            "john doe@example.com|characters a mailbox name cannot have",
            ".john@example.com|characters a mailbox name cannot have",
            "jo..hn@example.com|characters a mailbox name cannot have",
            "jöhn@example.com|characters a mailbox name cannot have",
            "bob/cur@example.com|maildir paths",
            "#x@example.com|mail tables",
            "john@bücher.example|xn--bcher-kva.example",
            "john@example.com.|trailing dot",
            "john@exa_mple.com|underscore"})
    void explainsWhatIsWrong(String address, String expected) {
        assertThat(EmailAddress.problem(address)).get().asString().contains(expected);
    }

    @org.junit.jupiter.api.Test
    void refusesAPipeThatOpenSmtpdWouldRunAsACommand() {
        assertThat(EmailAddress.problem("|cmd@example.org")).get().asString().contains("mail tables");
        assertThat(EmailAddress.problem("/root/.ssh/authorized_keys@example.org")).get().asString().contains("maildir paths");
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongNameParts() {
        assertThat(EmailAddress.problem("a".repeat(65) + "@example.com")).get().asString().contains("64");
    }

    @ParameterizedTest
    @CsvSource({"john+news@example.com,john@example.com", "John+X@Example.Com,john@example.com", "JOHN@EXAMPLE.COM,john@example.com",
            "a+b+c@example.org,a@example.org", "+x@example.org,@example.org"})
    void theTagAndCaseAreNotPartOfTheMailbox(String address, String mailbox) {
        assertThat(EmailAddress.withoutTag(address)).isEqualTo(mailbox);
    }

    @org.junit.jupiter.api.Test
    void ourOwnMailboxesAndAliasesCannotBeNamedWithTheSeparator() {
        assertThat(EmailAddress.ownAddressProblem("john+news@example.com")).get().asString()
                .contains("subaddress separator").contains("goes to john@example.com");
        assertThat(EmailAddress.ownAddressProblem("john@example.com")).isEmpty();
        assertThat(EmailAddress.ownAddressProblem("bob/cur@example.com")).get().asString().contains("maildir paths");
        // someone else's address may have it: a forward to jane+lists@elsewhere.org is fine
        assertThat(EmailAddress.problem("jane+lists@elsewhere.org")).isEmpty();
        assertThat(EmailAddress.SUBADDRESS_SEPARATOR).isEqualTo('+');
    }
}
