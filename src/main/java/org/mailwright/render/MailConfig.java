package org.mailwright.render;

import org.mailwright.model.ServerSpec;

/**
 * What the renderers need beyond the spec: facts read from the server and decisions made by earlier steps.
 *
 * @param listenOn        the public interface to listen on ({@code eth0}, {@code ens3}); smtpd's {@code listen on}
 *                        takes an interface name, and a cloud image's is not always eth0
 * @param dovecot24       true on Debian 13: Dovecot 2.4 rejects 2.3 settings
 * @param sendIpv4Only    smtpd sends over IPv4 only ({@code mta limit inet4}); decided by {@code dns.Ipv6Sending}
 */
public record MailConfig(ServerSpec spec, String listenOn, boolean dovecot24, String certPath, String keyPath, boolean sendIpv4Only) {

    /** A config that lets smtpd send over both families (what a server without a public IPv6 address does anyway). */
    public MailConfig(ServerSpec spec, String listenOn, boolean dovecot24, String certPath, String keyPath) {
        this(spec, listenOn, dovecot24, certPath, keyPath, false);
    }

    /** This config with smtpd sending over IPv4 only ({@code true}) or over both families. */
    public MailConfig withSendIpv4Only(boolean ipv4Only) {
        return new MailConfig(spec, listenOn, dovecot24, certPath, keyPath, ipv4Only);
    }
}
