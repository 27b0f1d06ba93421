package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    @Test
    void generatedPasswordsGetBcryptsLowestCostAndNothingElseDoes() {
        String password = PasswordHasher.generate(24);
        String hash = PasswordHasher.hashGenerated(password);
        assertThat(hash).startsWith("$2b$04$");
        assertThat(PasswordHasher.matches(password, hash)).isTrue();
        assertThat(PasswordHasher.hash(password)).startsWith("$2b$12$");
        assertThatThrownBy(() -> PasswordHasher.hashGenerated("correct horse battery staple"))
                .as("a person's password (a space is no generated character)").isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("horse");
        assertThatThrownBy(() -> PasswordHasher.hashGenerated(PasswordHasher.generate(19))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesWithCost12AndVerifies() {
        String hash = PasswordHasher.hash("a'b\"c$(id)-ok");
        assertThat(hash).startsWith("$2b$12$").hasSize(60);
        assertThat(PasswordHasher.matches("a'b\"c$(id)-ok", hash)).isTrue();
        assertThat(PasswordHasher.matches("a'b\"c$(id)-no", hash)).isFalse();
    }

    @Test
    void hashesAreNeverCheaperThanWhatTheSpecAccepts() {
        String hash = PasswordHasher.hash("Correct-Horse-9");
        assertThat(Integer.parseInt(hash.substring(4, 6))).isGreaterThanOrEqualTo(org.mailwright.model.PasswordPolicy.MIN_BCRYPT_COST);
    }

    @Test
    void verifiesEveryVariantTheServerAccepts() {
        String hash = PasswordHasher.hash("Correct-Horse-9");
        for (String v : new String[] {"$2a$", "$2b$", "$2y$"}) {
            assertThat(PasswordHasher.matches("Correct-Horse-9", v + hash.substring(4))).as(v).isTrue();
            assertThat(PasswordHasher.matches("Correct-Horse-8", v + hash.substring(4))).as(v).isFalse();
        }
        // made by the server's own implementation (libxcrypt, through Python 3.11's crypt on Debian 12), so both agree on
        // the algorithm, not only with themselves
        String libxcrypt = "$2b$12$NRkCw1dESY7Q2.ygVdhgWOzXx2JO3uBuTmubUcjsFlzLHOfSLeQzi";
        assertThat(PasswordHasher.matches("Correct-Horse-9", libxcrypt)).isTrue();
        assertThat(PasswordHasher.matches("Correct-Horse-8", libxcrypt)).isFalse();
        assertThat(PasswordHasher.matches("x", "not a hash")).isFalse();
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
