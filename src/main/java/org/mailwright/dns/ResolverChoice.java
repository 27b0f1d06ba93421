package org.mailwright.dns;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Whom the checker asks. */
public sealed interface ResolverChoice {

    /** The resolvers this computer uses (/etc/resolv.conf and the like): what most people's mail servers see. */
    record SystemDefault() implements ResolverChoice {
    }

    /** One given resolver or server. */
    record Server(InetSocketAddress address) implements ResolverChoice {
        public Server {
            Objects.requireNonNull(address);
        }

        /** {@code host}, {@code host:port} or {@code [v6]:port}; port 53 when not given. */
        public static Server parse(String text) {
            String t = text.strip();
            String host = t;
            int port = 53;
            if (t.startsWith("[")) {
                int close = t.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "': an IPv6 address with a port is written [address]:port");
                }
                host = t.substring(1, close);
                if (t.length() > close + 1) {
                    port = port(t.substring(close + 2), text);
                }
            } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':')) {
                host = t.substring(0, t.indexOf(':'));
                port = port(t.substring(t.indexOf(':') + 1), text);
            }
            return new Server(new InetSocketAddress(host, port));
        }

        private static int port(String p, String text) {
            try {
                int n = Integer.parseInt(p);
                if (n > 0 && n < 65536) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("'" + text + "' has no valid port after the colon");
        }
    }

    /**
     * The domain's own authoritative servers, found through {@code bootstrap} (NS, then their addresses) and then
     * asked directly: shows a change as soon as it is published, before resolvers' caches expire, and shows
     * servers that disagree (a secondary that has not transferred the new zone yet).
     *
     * @param port where the authoritative servers listen; 53 on the internet
     */
    record Authoritative(ResolverChoice bootstrap, int port) implements ResolverChoice {
        public Authoritative {
            Objects.requireNonNull(bootstrap);
            if (bootstrap instanceof Authoritative) {
                throw new IllegalArgumentException("the bootstrap resolver must be a recursive one");
            }
        }

        public Authoritative(ResolverChoice bootstrap) {
            this(bootstrap, 53);
        }
    }
}
