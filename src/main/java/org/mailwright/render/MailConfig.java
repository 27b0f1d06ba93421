package org.mailwright.render;

import org.mailwright.model.ServerSpec;

/**
 * What the renderers need beyond the spec: facts read from the server and decisions made by earlier steps.
 *
 * @param listenOn        the public interface to listen on ({@code eth0}, {@code ens3}); smtpd's {@code listen on}
 *                        takes an interface name, and a cloud image's is not always eth0
 * @param dovecot24       true on Debian 13: Dovecot 2.4 rejects 2.3 settings
 */
public record MailConfig(ServerSpec spec, String listenOn, boolean dovecot24, String certPath, String keyPath) {
}
