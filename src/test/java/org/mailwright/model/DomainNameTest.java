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
            "bücher.example|write it as xn--bcher-kva.example",
            "MÜNCHEN.de|write it as xn--mnchen-3ya.de",
            "bü☃.example|xn--...",
            "example.com.|leave the trailing dot out (example.com)",
            "exa mple.com|only contain letters, digits, dots and inner hyphens",
            "exa_mple.com|underscore",
            "localhost|full domain name",
            "a..b.com|empty part",
            "-a.com|inner hyphens",
            "1.2.3.4|IP address",
            "a;rm -rf.com|only contain"})
    void explainsWhatIsWrong(String name, String expected) {
        assertThat(DomainName.problem(name)).get().asString().contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bücher.example", "münchen.de", "españa.com", "日本語.jp", "παράδειγμα.δοκιμή", "ÅRHUS.dk"})
    void suggestsTheSameALabelAsTheJdk(String name) {
        // java.net.IDN (IDNA2003) and RFC 3492 agree wherever IDNA2003 maps nothing, which covers these
        assertThat(Punycode.toAscii(name)).contains(java.net.IDN.toASCII(name).toLowerCase(java.util.Locale.ROOT));
    }

    @org.junit.jupiter.api.Test
    void suggestionIsNeverAMadeUpName() {
        assertThat(DomainName.problem("a b.ü.com")).get().asString().doesNotContain("write it as").contains("ASCII form");
        // IDNA2008 keeps ß, as registries do; IDNA2003 (java.net.IDN) would have made it strasse.de
        assertThat(Punycode.toAscii("straße.de")).contains("xn--strae-oqa.de");
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongNames() {
        assertThat(DomainName.problem("a".repeat(64) + ".com")).get().asString().contains("63");
        assertThat(DomainName.problem(("a".repeat(60) + ".").repeat(5) + "com")).get().asString().contains("253");
    }
}
