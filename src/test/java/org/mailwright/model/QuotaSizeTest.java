package org.mailwright.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The size rules every input of a quota goes through (spec, CLI, window). */
class QuotaSizeTest {

    @ParameterizedTest
    @CsvSource({"500M, 524288000, 500M", "2G, 2147483648, 2G", "2g, 2147483648, 2G", "1536M, 1610612736, 1536M",
            "1024K, 1048576, 1M", "1T, 1099511627776, 1T", " 10 MiB , 10485760, 10M", "3GB, 3221225472, 3G"})
    void readsWholeNumbersWithBinaryUnitsAsDovecotDoes(String text, long bytes, String dovecot) {
        QuotaSize q = QuotaSize.parse("--quota", text);
        assertThat(q.bytes()).isEqualTo(bytes);
        assertThat(q.dovecot()).isEqualTo(dovecot);
        assertThat(QuotaSize.fromDovecot(q.dovecot())).contains(q);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "1.5G", "2 gigabytes", "-1G", "G", "", "0M", "12X"})
    void refusesWhatIsNotASizeNamingTheKeyAndTheFix(String text) {
        assertThatThrownBy(() -> QuotaSize.parse("users[0].quota", text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("users[0].quota: '" + text.strip() + "' is")
                .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("such as 500M or 2G", "between 1M and 1024T"));
    }

    @Test
    void refusesSizesOutsideTheRange() {
        assertThatThrownBy(() -> QuotaSize.parse("SIZE", "512K")).hasMessage("SIZE: '512K' is out of range; a quota is between 1M and 1024T");
        assertThatThrownBy(() -> QuotaSize.parse("SIZE", "2048T")).hasMessageContaining("out of range");
        assertThat(QuotaSize.parse("SIZE", "1024T").dovecot()).isEqualTo("1024T");
    }

    @Test
    void noneMeansNoLimitOnlyWhereAsked() {
        assertThat(QuotaSize.parseOrNone("SIZE", "None")).isEmpty();
        assertThat(QuotaSize.parseOrNone("SIZE", "1G")).contains(QuotaSize.parse("x", "1G"));
        assertThatThrownBy(() -> QuotaSize.parse("SIZE", "none")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsDovecotsFormsAndIgnoresWhatItCannotUse() {
        assertThat(QuotaSize.fromDovecot("10485760")).contains(QuotaSize.parse("x", "10M"));
        assertThat(QuotaSize.fromDovecot("60K")).isEmpty();
        assertThat(QuotaSize.fromDovecot("lots")).isEqualTo(Optional.empty());
        assertThat(QuotaSize.parse("x", "2G").kib()).isEqualTo(2L * 1024 * 1024);
        assertThat(QuotaSize.parse("x", "1536M").human()).isEqualTo("1.5 GiB");
    }
}
