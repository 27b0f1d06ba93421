package org.mailwright.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The fixed test keys under src/test/resources, so golden files and zone data stay stable. */
final class TestKeys {
    private TestKeys() {
    }

    static String resource(String name) {
        try (InputStream in = TestKeys.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's key. */
    static DkimPublicKey serverKey() {
        return DkimPublicKey.fromPem("mail", resource("dkim2048.pub.pem"));
    }

    /** Some other 2048-bit key: what a stale or mistyped record carries. */
    static DkimPublicKey otherKey() {
        return DkimPublicKey.fromPem("mail", resource("dkim2048-other.pub.pem"));
    }
}
