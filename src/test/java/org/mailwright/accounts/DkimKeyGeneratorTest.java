package org.mailwright.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimKeyGeneratorTest {

    /** openssl (what rspamd links) must read the key and derive the same public key we publish in DNS. */
    @Test
    void opensslReadsTheKeyAndDerivesThePublishedPublicKey(@TempDir Path dir) throws Exception {
        DkimKeyGenerator.DkimKey key = DkimKeyGenerator.generate(2048);
        assertThat(key.privatePem()).startsWith("-----BEGIN RSA PRIVATE KEY-----\n").endsWith("-----END RSA PRIVATE KEY-----\n");
        Path file = dir.resolve("k.key");
        Files.writeString(file, key.privatePem());
        Process p = new ProcessBuilder("openssl", "pkey", "-in", file.toString(), "-pubout").redirectErrorStream(true).start();
        String pub = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(pub).isZero();
        assertThat(DkimKeyGenerator.publicBase64FromPem(pub)).isEqualTo(key.publicBase64());
    }

    @Test
    void honoursTheKeySize() throws Exception {
        byte[] der = java.util.Base64.getDecoder().decode(DkimKeyGenerator.generate(1024).publicBase64());
        var pub = (java.security.interfaces.RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(der));
        assertThat(pub.getModulus().bitLength()).isEqualTo(1024);
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        assertThat(DkimKeyGenerator.generate(1024).toString()).doesNotContain("PRIVATE");
    }
}
