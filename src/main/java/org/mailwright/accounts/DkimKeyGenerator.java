package org.mailwright.accounts;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * RSA keys for DKIM signing, made on this machine. PEM in the traditional RSA form ({@code BEGIN RSA PRIVATE KEY}),
 * as {@code openssl genrsa} writes it and rspamd reads it.
 */
public final class DkimKeyGenerator {
    private DkimKeyGenerator() {
    }

    public record DkimKey(String privatePem, String publicBase64) {
        @Override
        public String toString() {
            return "DkimKey[public=" + publicBase64.substring(0, Math.min(16, publicBase64.length())) + "...]";
        }
    }

    public static DkimKey generate(int bits) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(bits, new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            StringWriter pem = new StringWriter();
            try (PemWriter w = new PemWriter(pem)) {
                // the PKCS#1 RSAPrivateKey inside the JDK's PKCS#8 encoding
                byte[] pkcs1 = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
                w.writeObject(new PemObject("RSA PRIVATE KEY", pkcs1));
            }
            String body = pem.toString();
            return new DkimKey(body, Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is missing from this Java runtime", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base64 SubjectPublicKeyInfo from a PEM public key ({@code openssl pkey -pubout}): the DKIM p= value. */
    public static String publicBase64FromPem(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
