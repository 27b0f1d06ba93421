package org.mailwright.dns;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import org.xbill.DNS.TLSARecord;

/**
 * The DANE TLSA record of the mail host (RFC 7672 section 3.1, RFC 6698 section 2): at {@code _25._tcp.MAILHOST},
 * usage 3 (DANE-EE: the server's own key, no CA involved), selector 1 (SPKI: the certificate's SubjectPublicKeyInfo,
 * not the whole certificate) and matching type 1 (SHA-256), the acronyms of RFC 7218. Pinning the public key rather
 * than the certificate keeps the record valid across renewals as long as the key is reused (certbot
 * {@code --reuse-key}).
 */
public final class Tlsa {
    /** Usage DANE-EE (RFC 7218 section 2.1). */
    public static final int DANE_EE = 3;
    /** Selector SPKI (RFC 7218 section 2.2). */
    public static final int SPKI = 1;
    /** Matching type SHA2-256 (RFC 7218 section 2.3). */
    public static final int SHA2_256 = 1;

    private Tlsa() {
    }

    /**
     * The owner name of the TLSA record for SMTP on port 25 of {@code mailHost} (RFC 6698 section 3, RFC 7672 section 3).
     *
     * @param mailHost normalized, without the trailing dot
     */
    public static String name(String mailHost) {
        return "_25._tcp." + mailHost;
    }

    /**
     * The SHA-256 of the certificate's DER-encoded SubjectPublicKeyInfo, in lower-case hex: what
     * {@code openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | sha256sum} prints.
     *
     * @param pem one or more PEM certificates (a fullchain file); the first is the server's own
     * @return 64 hex digits
     * @throws IllegalArgumentException when {@code pem} holds no readable X.509 certificate
     */
    public static String spkiSha256(String pem) {
        try {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return spkiSha256(cert);
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** {@link #spkiSha256(String)} of a parsed certificate. */
    public static String spkiSha256(X509Certificate cert) {
        // getEncoded() of the public key is the DER SubjectPublicKeyInfo (X.509 encoding)
        return sha256(cert.getPublicKey().getEncoded());
    }

    /** The RDATA as a zone file writes it: {@code 3 1 1 HEX} (RFC 6698 section 2.2). */
    public static String value(String spkiSha256) {
        return DANE_EE + " " + SPKI + " " + SHA2_256 + " " + spkiSha256.toLowerCase(Locale.ROOT);
    }

    /** Whether a published TLSA record is the 3 1 1 record of {@code spkiSha256}. */
    static boolean matches(TLSARecord r, String spkiSha256) {
        return r.getCertificateUsage() == DANE_EE && r.getSelector() == SPKI && r.getMatchingType() == SHA2_256
                && HexFormat.of().formatHex(r.getCertificateAssociationData()).equalsIgnoreCase(spkiSha256);
    }

    /** A published TLSA record as {@code 3 1 1 HEX}, for messages. */
    static String text(TLSARecord r) {
        return r.getCertificateUsage() + " " + r.getSelector() + " " + r.getMatchingType() + " "
                + HexFormat.of().formatHex(r.getCertificateAssociationData());
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
