package org.mailwright.remote;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Looks at a private key file without decrypting it, to tell "needs a passphrase" apart from "wrong passphrase". */
final class KeyFiles {
    private static final String OPENSSH_BEGIN = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private static final String OPENSSH_END = "-----END OPENSSH PRIVATE KEY-----";

    private KeyFiles() {
    }

    /**
     * True when the key is protected by a passphrase: an OpenSSH key whose cipher is not {@code none} (PROTOCOL.key
     * in OpenSSH's sources), a PEM key with {@code Proc-Type: 4,ENCRYPTED} or an {@code ENCRYPTED PRIVATE KEY}
     * (PKCS#8), a PuTTY key with an encryption other than none.
     */
    static boolean isEncrypted(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        int begin = text.indexOf(OPENSSH_BEGIN);
        if (begin >= 0) {
            int end = text.indexOf(OPENSSH_END, begin);
            if (end < 0) {
                return false;
            }
            byte[] data = Base64.getMimeDecoder().decode(text.substring(begin + OPENSSH_BEGIN.length(), end));
            ByteBuffer b = ByteBuffer.wrap(data);
            byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
            if (data.length < magic.length + 4) {
                return false;
            }
            b.position(magic.length);
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                return false;
            }
            byte[] cipher = new byte[len];
            b.get(cipher);
            return !new String(cipher, StandardCharsets.US_ASCII).equals("none");
        }
        return text.contains("Proc-Type: 4,ENCRYPTED") || text.contains("BEGIN ENCRYPTED PRIVATE KEY")
                || (text.startsWith("PuTTY-User-Key-File") && !text.contains("Encryption: none"));
    }
}
