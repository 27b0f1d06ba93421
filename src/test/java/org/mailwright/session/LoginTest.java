package org.mailwright.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailwright.model.ServerSpec;

/** What a login carries, and what is wrong with one before anything is sent. */
class LoginTest {
    @TempDir
    Path dir;

    @Test
    void theCommandLineTakesSecretsFromTheEnvironmentOnly() {
        var access = new ServerSpec.ServerAccess("203.0.113.10", 2222, "admin", Optional.of("~/.ssh/id_ed25519"));
        Login login = Login.fromSpec(access, Map.of(Login.PASSWORD_ENV, "sudo-pw", Login.PASSPHRASE_ENV, "phrase")::get);
        assertThat(login.describe()).isEqualTo("admin@203.0.113.10:2222");
        assertThat(login.password()).containsExactly("sudo-pw".toCharArray());
        assertThat(login.passphrase()).containsExactly("phrase".toCharArray());
        assertThat(login.toString()).doesNotContain("sudo-pw").doesNotContain("phrase");
    }

    @Test
    void emptySecretsAreNoSecrets() {
        Login login = new Login("h", 22, "root", Optional.of("  "), new char[0], new char[0]);
        assertThat(login.password()).isNull();
        assertThat(login.passphrase()).isNull();
        assertThat(login.keyFile()).isEmpty();
    }

    @Test
    void aKeyPathStartingWithTildeIsInTheHomeDirectory() {
        Login login = new Login("h", 22, "root", Optional.of("~/.ssh/id_ed25519"), null, null);
        assertThat(login.keyPath()).contains(Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"));
    }

    @Test
    void localProblemsAreFoundBeforeConnecting() throws Exception {
        assertThat(new Login("h", 22, "root", Optional.empty(), null, null).localProblem()).get().asString().startsWith("No way to log in");
        Path missing = dir.resolve("nope");
        assertThat(new Login("h", 22, "root", Optional.of(missing.toString()), null, null).localProblem())
                .contains("There is no key file at " + missing + ".");
        Path key = Files.writeString(dir.resolve("id"), "key");
        assertThat(new Login("h", 22, "root", Optional.of(key.toString()), null, null).localProblem()).isEmpty();
        assertThat(new Login("h", 22, "root", Optional.empty(), "pw".toCharArray(), null).localProblem()).isEmpty();
    }

    @ParameterizedTest(name = "{0}:{1} {2} key={3} ''{4}'' pw={5}")
    @CsvSource(delimiter = '|', value = {
            "''            | 22    | root  | false | ''         | true  | Enter the server's IP address or host name.",
            "bad host!     | 22    | root  | false | ''         | true  | 'bad host!' is neither an IP address nor a host name.",
            "203.0.113.10  | 70000 | root  | false | ''         | true  | The SSH port must be a number from 1 to 65535 (usually 22).",
            "203.0.113.10  | x     | root  | false | ''         | true  | The SSH port must be a number from 1 to 65535 (usually 22).",
            "203.0.113.10  | 22    | Root! | false | ''         | true  | Enter the user to log in as (usually root).",
            "203.0.113.10  | 22    | root  | true  | ''         | true  | Choose the private key file to log in with.",
            "203.0.113.10  | 22    | root  | false | ''         | false | Enter the server's password.",
    })
    void theLoginFormSaysWhatIsMissing(String host, String port, String user, boolean useKey, String key, boolean hasPassword,
                                       String expected) {
        assertThat(Login.formProblem(host, port, user, useKey, key, hasPassword)).contains(expected);
    }

    @Test
    void aCompleteFormHasNoProblem() {
        assertThat(Login.formProblem("mail.example.com", "22", "root", true, "~/.ssh/id_ed25519", false)).isEmpty();
        assertThat(Login.formProblem("2001:db8::10", "2222", "admin", false, "", true)).isEmpty();
    }
}
