package org.mailwright.dns;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The public half of a domain's DKIM signing key and the selector it is published under. DKIM's {@code p=} tag
 * carries the key as a DER SubjectPublicKeyInfo in base64 (RFC 6376 3.6.1), which is exactly
 * {@link PublicKey#getEncoded()} for an RSA key.
 */
public final class DkimPublicKey {
    private final String selector;
    private final byte[] subjectPublicKeyInfo;
    private final int bits;

    private DkimPublicKey(String selector, byte[] spki, int bits) {
        this.selector = Objects.requireNonNull(selector);
        this.subjectPublicKeyInfo = spki.clone();
        this.bits = bits;
        if (!selector.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("a DKIM selector is one or more DNS labels: '" + selector + "' is not");
        }
    }

    public static DkimPublicKey of(String selector, PublicKey key) {
        if (!(key instanceof RSAPublicKey rsa)) {
            throw new IllegalArgumentException("only RSA DKIM keys are supported, not " + key.getAlgorithm());
        }
        return new DkimPublicKey(selector, key.getEncoded(), rsa.getModulus().bitLength());
    }

    /** From a PEM "PUBLIC KEY" block, as {@code openssl rsa -pubout} and rspamd's keygen write it. */
    public static DkimPublicKey fromPem(String selector, String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return of(selector, key);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM form: " + e.getMessage(), e);
        }
    }

    public String selector() {
        return selector;
    }

    public int bits() {
        return bits;
    }

    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }

    /** The {@code p=} value. */
    public String base64() {
        return Base64.getEncoder().encodeToString(subjectPublicKeyInfo);
    }

    /** The whole record value, before splitting into 255-byte strings. */
    public String recordValue() {
        return "v=DKIM1; k=rsa; p=" + base64();
    }

    public boolean sameKeyAs(byte[] spki) {
        return Arrays.equals(subjectPublicKeyInfo, spki);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DkimPublicKey k && k.selector.equals(selector) && Arrays.equals(k.subjectPublicKeyInfo, subjectPublicKeyInfo);
    }

    @Override
    public int hashCode() {
        return selector.hashCode() * 31 + Arrays.hashCode(subjectPublicKeyInfo);
    }

    @Override
    public String toString() {
        return "DkimPublicKey[" + selector + ", " + bits + " bits]";
    }
}
