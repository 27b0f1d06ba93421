package org.mailwright.engine.steps;

import java.util.List;
import java.util.Optional;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec.RelaySettings;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;

/**
 * Verify's relay (smarthost) check, as a command and its reading: from the server, log in to the relay as smtpd does
 * (TLS on 465 or STARTTLS on 587, the relay's certificate checked against its name and the server's CA store, AUTH
 * PLAIN with the login in {@link MailLayout#SECRETS}) and hand it a test message to postmaster@ the first domain,
 * which the relay then delivers back to this server's MX. The finding says what the relay answered.
 *
 * <p>Why not through smtpd: mail to our own postmaster never leaves the server, and any other recipient would be a
 * stranger. The password is read from the secrets table on the server inside the script, so it is on no command line,
 * in no transcript and in no log; the relay's answers (all that is printed) do not contain it.
 */
final class RelayCheck {
    static final String CHECK = "Relay";

    private RelayCheck() {
    }

    /**
     * The dialogue, run with bash on the server: {@code openssl s_client -quiet} prints only the relay's replies. Pauses
     * between commands, as the relay may refuse pipelining before EHLO; bounded by {@code timeout 60}.
     *
     * @param from    the envelope sender and From:, a valid address of ours (postmaster@ the first domain)
     * @param to      the recipient, a valid address
     * @param helo    this server's host name
     * @param token   a unique Message-ID local part, so the message can be found
     */
    static Command command(RelaySettings r, String from, String to, String helo, String token) {
        String tls = r.port() == RelaySettings.SMTPS ? "" : " -starttls smtp";
        String message = "From: " + from + "\\r\\nTo: " + to + "\\r\\nSubject: Mailwright relay check\\r\\nMessage-ID: <" + token + "@" + helo
                + ">\\r\\n\\r\\nThis message checks that the relay takes this server's mail; it may be deleted.\\r\\n.\\r\\n";
        String inner = "cred=$(sed -n 's/^" + RelaySettings.LABEL + "[[:space:]]\\{1,\\}//p' " + MailLayout.SECRETS + " 2>/dev/null | head -n 1); "
                + "if [ -z \"$cred\" ]; then echo 'mailwright: no relay line in " + MailLayout.SECRETS + "'; exit 3; fi; "
                + "auth=$(printf '\\000%s\\000%s' \"${cred%%:*}\" \"${cred#*:}\" | base64 -w0); unset cred; "
                + "{ sleep 3; printf 'EHLO %s\\r\\n' " + Shell.quote(helo) + "; sleep 2; printf 'AUTH PLAIN %s\\r\\n' \"$auth\"; sleep 3; "
                + "printf 'MAIL FROM:<%s>\\r\\n' " + Shell.quote(from) + "; sleep 2; printf 'RCPT TO:<%s>\\r\\n' " + Shell.quote(to) + "; sleep 2; "
                + "printf 'DATA\\r\\n'; sleep 2; printf " + Shell.quote(message) + "; sleep 5; printf 'QUIT\\r\\n'; sleep 1; } "
                + "| timeout 60 openssl s_client -quiet -verify_return_error -verify_hostname " + Shell.quote(r.host()) + tls
                + " -connect " + Shell.quote(r.host() + ":" + r.port()) + " 2>&1";
        return Command.script("bash -c " + Shell.quote(inner));
    }

    /** What the relay's answers (the command's output) say, as a finding. */
    static Finding finding(RelaySettings r, String to, CommandResult res) {
        String where = r.host() + ":" + r.port();
        List<String> lines = (res.stdout() + "\n" + res.stderr()).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String all = String.join("\n", lines);
        String fixLogin = "Check relay.user and the password in relay.password-file (the relay provider's settings page has both), then run apply.";
        if (all.contains("mailwright: no relay line")) {
            return Finding.error(CHECK, MailLayout.SECRETS + " has no relay login", "Run apply again with relay.password-file on this computer.");
        }
        if (all.contains("verify error") || all.contains("certificate verify failed")) {
            return Finding.error(CHECK, "the certificate of " + where + " is not trusted for " + r.host() + ": " + first(lines, "verify error").orElse(all),
                    "Check relay.host against the relay provider's settings (the name must be the one its certificate holds).");
        }
        Optional<String> auth = after(lines, "235").or(() -> lines.stream().filter(l -> l.matches("(535|534|530|454|538)[ -].*")).findFirst());
        if (auth.isEmpty()) {
            String last = lines.isEmpty() ? "no answer (exit " + res.exitStatus() + ")" : lines.get(lines.size() - 1);
            return Finding.error(CHECK, "could not log in to the relay " + where + ": " + last,
                    "Check relay.host and relay.port, and that the server reaches the relay (some providers block 465 or 587 too).");
        }
        if (!auth.get().startsWith("235")) {
            return Finding.error(CHECK, "the relay " + where + " refused the login: " + auth.get(), fixLogin);
        }
        int data = indexOf(lines, "354");
        Optional<String> accepted = data < 0 ? Optional.empty() : lines.subList(data + 1, lines.size()).stream().filter(l -> l.matches("[245]\\d\\d[ -].*")).findFirst();
        if (accepted.isPresent() && accepted.get().startsWith("250")) {
            return Finding.ok(CHECK, "the relay " + where + " took the login and a test message to " + to + " (" + accepted.get() + ")");
        }
        String said = accepted.orElseGet(() -> lines.stream().filter(l -> l.matches("[45]\\d\\d[ -].*")).reduce((a, b) -> b).orElse(lines.get(lines.size() - 1)));
        return Finding.error(CHECK, "the relay " + where + " took the login but not the test message to " + to + ": " + said,
                "Ask the relay provider whether " + to.substring(to.indexOf('@') + 1) + " is allowed as a sender domain on your account.");
    }

    private static Optional<String> after(List<String> lines, String code) {
        return lines.stream().filter(l -> l.startsWith(code + " ") || l.startsWith(code + "-")).findFirst();
    }

    private static Optional<String> first(List<String> lines, String part) {
        return lines.stream().filter(l -> l.contains(part)).findFirst();
    }

    private static int indexOf(List<String> lines, String code) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(code + " ") || lines.get(i).startsWith(code + "-")) {
                return i;
            }
        }
        return -1;
    }
}
