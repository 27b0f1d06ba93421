package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void hashesWithCost12AndVerifies() {
        String hash = PasswordHasher.hash("a'b\"c$(id)-ok");
        assertThat(hash).startsWith("$2a$12$").hasSize(60);
        assertThat(PasswordHasher.matches("a'b\"c$(id)-ok", hash)).isTrue();
        assertThat(PasswordHasher.matches("a'b\"c$(id)-no", hash)).isFalse();
    }

    @Test
    void hashesAreNeverCheaperThanWhatTheSpecAccepts() {
        String hash = PasswordHasher.hash("Correct-Horse-9");
        assertThat(Integer.parseInt(hash.substring(4, 6))).isGreaterThanOrEqualTo(org.mailwright.model.SpecValidator.MIN_BCRYPT_COST);
    }

    @Test
    void verifiesThe2bVariantServersWrite() {
        String hash = PasswordHasher.hash("Correct-Horse-9");
        assertThat(PasswordHasher.matches("Correct-Horse-9", "$2b$" + hash.substring(4))).isTrue();
    }

    @Test
    void refusesWeakPasswordsInsteadOfHashingThem() {
        assertThatThrownBy(() -> PasswordHasher.hash("short")).hasMessageContaining("too short");
    }

    @Test
    void generatedPasswordsPassThePolicy() {
        for (int i = 0; i < 20; i++) {
            assertThat(org.mailwright.model.PasswordPolicy.problem(PasswordHasher.generate(20))).isEmpty();
        }
    }
}
