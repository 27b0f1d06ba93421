package org.mailwright.engine;

import org.mailwright.remote.Command;
import org.mailwright.remote.Shell;

/**
 * Waits for Dovecot to see a change of its passwd-file ({@code /etc/mail/credentials}, its passdb and userdb). Dovecot
 * looks at that file again at most once a second of lookups (db-passwd-file.c: one stat when a lookup comes in a new
 * second), so a login or an LMTP delivery in the same second as a lookup made before the write still meets the old
 * file: a new mailbox is refused, a removed one can still log in, and its login makes its maildir again. Seen in the
 * lab once remote commands got fast (apply's check: "Dovecot refused the login"; UsersLabTest: a removed user's maildir
 * back after a login in that second).
 */
public final class DovecotAuth {
    private DovecotAuth() {
    }

    /**
     * A command that waits, asking every 0.1 s for up to 5 s, until Dovecot's passdb and userdb both find {@code
     * address} ({@code doveadm auth lookup} and {@code doveadm user} exit 0); it never fails: what follows says what is
     * wrong when Dovecot still does not know it.
     */
    public static Command awaitKnown(String address) {
        String q = Shell.quote(address);
        return Command.script("for i in $(seq 1 50); do doveadm auth lookup " + q + " >/dev/null 2>&1 && doveadm user " + q
                + " >/dev/null 2>&1 && exit 0; sleep 0.1; done; true");
    }

    /**
     * A command that waits until the server's clock is in the second after the one it started in (at most 1 s): once a
     * changed passwd-file's second has passed, Dovecot's next lookup looks at the file again and sees its new mtime, so
     * a changed password or a new mailbox works for the next login. Never fails.
     */
    public static Command awaitNextSecond() {
        return Command.script("s=$(date +%s); for i in $(seq 1 30); do [ \"$(date +%s)\" != \"$s\" ] && exit 0; sleep 0.05; done; true");
    }

    /**
     * A command that waits, as {@link #awaitKnown}, until neither Dovecot's passdb nor its userdb finds {@code address}
     * (both exit non-zero; 67 for an unknown user): from then on it can neither log in nor get mail. Never fails.
     */
    public static Command awaitUnknown(String address) {
        String q = Shell.quote(address);
        return Command.script("for i in $(seq 1 50); do if ! doveadm auth lookup " + q + " >/dev/null 2>&1 && ! doveadm user " + q
                + " >/dev/null 2>&1; then exit 0; fi; sleep 0.1; done; true");
    }
}
