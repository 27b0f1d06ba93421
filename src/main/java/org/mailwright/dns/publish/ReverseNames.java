package org.mailwright.dns.publish;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** The address a reverse name stands for: {@code d.c.b.a.in-addr.arpa} (RFC 1035 3.5), nibbles in {@code ip6.arpa} (RFC 3596 2.5). */
public final class ReverseNames {
    private ReverseNames() {
    }

    /**
     * @param name a reverse name, with or without the trailing dot
     * @throws IllegalArgumentException for a name that is not one address's reverse name
     */
    public static InetAddress address(String name) {
        String n = RecordSet.normalizeName(name).toLowerCase(Locale.ROOT);
        byte[] bytes;
        if (n.endsWith(".in-addr.arpa")) {
            String[] labels = n.substring(0, n.length() - ".in-addr.arpa".length()).split("\\.");
            if (labels.length != 4) {
                throw new IllegalArgumentException(name + " is not the reverse name of one IPv4 address");
            }
            bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[3 - i] = (byte) Integer.parseInt(labels[i]);
            }
        } else if (n.endsWith(".ip6.arpa")) {
            String[] nibbles = n.substring(0, n.length() - ".ip6.arpa".length()).split("\\.");
            if (nibbles.length != 32) {
                throw new IllegalArgumentException(name + " is not the reverse name of one IPv6 address");
            }
            bytes = new byte[16];
            for (int i = 0; i < 32; i++) {
                int v = Integer.parseInt(nibbles[i], 16);
                int at = 31 - i;
                bytes[at / 2] |= (byte) (at % 2 == 0 ? v << 4 : v);
            }
        } else {
            throw new IllegalArgumentException(name + " is not a reverse name (in-addr.arpa or ip6.arpa)");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
