package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "mail.example.com", "EXAMPLE.org", "xn--bcher-kva.example", "a-b.co.uk"})
    void acceptsValidNames(String name) {
        assertThat(DomainName.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty",
            "bücher.example|punycode",
            "example.com.|trailing dot",
            "exa_mple.com|underscore",
            "localhost|full domain name",
            "a..b.com|empty part",
            "-a.com|inner hyphens",
            "1.2.3.4|IP address",
            "a;rm -rf.com|only contain"})
    void explainsWhatIsWrong(String name, String expected) {
        assertThat(DomainName.problem(name)).get().asString().contains(expected);
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongNames() {
        assertThat(DomainName.problem("a".repeat(64) + ".com")).get().asString().contains("63");
        assertThat(DomainName.problem(("a".repeat(60) + ".").repeat(5) + "com")).get().asString().contains("253");
    }
}
