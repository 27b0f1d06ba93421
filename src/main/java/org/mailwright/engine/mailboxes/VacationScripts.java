package org.mailwright.engine.mailboxes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.accounts.MailTablesException;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.Finding;
import org.mailwright.model.Vacation;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;

/**
 * Turns a mailbox's vacation reply on or off on a running server: the Sieve script {@link MailRenderer#vacationSieve}
 * in {@link MailLayout#vacationSieve}, which Dovecot runs before the person's own script. The person's own scripts
 * ({@code ~/sieve}, the active {@code ~/dovecot.sieve}, managed over ManageSieve) are never read, written or
 * deactivated. No restart: Pigeonhole notices the new file at the next delivery.
 *
 * <p>The script is compiled with {@code sievec} (sievec(1)) in a scratch folder first, as vmail: if Pigeonhole
 * refuses it, nothing is installed and the error names the line ({@code line N: error: ...}). Once in place it is
 * compiled again as vmail, so the {@code .svbin} belongs to the user LMTP runs as (a root-made one could not be
 * rewritten by it; docs/design/issue-17-delivery-notes.md section 4).
 */
public final class VacationScripts {
    private static final String TITLE = "Vacation reply";
    private final RemoteHost host;

    public VacationScripts(RemoteHost host) {
        this.host = host;
    }

    /**
     * Installs (or replaces) the vacation reply of {@code address}.
     *
     * @param snapshot the tables as read, to check {@code address} is a mailbox there
     * @throws MailTablesException when the address is not a mailbox on the server (nothing written)
     * @throws StepFailedException when sievec refuses the script (its line and error in the message; nothing installed)
     *                             or the server cannot be written
     */
    public void turnOn(MailboxSnapshot snapshot, String address, Vacation vacation, Cancel cancel) {
        String mailbox = requireMailbox(snapshot, address);
        StepContext ctx = new StepContext(host, cancel, new Facts(), RunListener.NONE);
        String script = MailRenderer.vacationSieve(vacation, mailbox);
        String scratch = ctx.run(Command.script("d=$(mktemp -d /tmp/mailwright-sieve.XXXXXX) && chown vmail:vmail \"$d\" && echo \"$d\""))
                .orThrow().stdout().strip();
        try {
            String trial = scratch + "/" + MailLayout.VACATION_SIEVE;
            host.uploadAtomic(trial, script.getBytes(StandardCharsets.UTF_8), 0600, "vmail", "vmail");
            CommandResult check = ctx.run(sievec(trial));
            if (!check.ok()) {
                throw new StepFailedException(Finding.error(TITLE, "sievec refused the vacation script for " + mailbox + ": "
                        + sievecError(check.stdout() + "\n" + check.stderr()), "Nothing was installed; change the subject or text."));
            }
            String dir = MailLayout.maildir(mailbox) + "/" + MailLayout.MAILWRIGHT_SIEVE_DIR;
            // as vmail, so a home (or domain folder) made here for a mailbox that never got mail is vmail's, as Dovecot
            // would make it (install -d would leave missing parents to root, and LMTP could not create homes there)
            ctx.run(Command.script("runuser -u vmail -- mkdir -p -m 0700 " + Shell.quote(dir))).orThrow();
            ctx.run(Command.of("install", "-o", "vmail", "-g", "vmail", "-m", "0600", trial, MailLayout.vacationSieve(mailbox))).orThrow();
            CommandResult compiled = ctx.run(sievec(MailLayout.vacationSieve(mailbox)));
            if (!compiled.ok()) {
                throw new StepFailedException(Finding.error(TITLE, "sievec failed on " + MailLayout.vacationSieve(mailbox) + ": "
                        + sievecError(compiled.stdout() + "\n" + compiled.stderr()), "Dovecot compiles it at the next delivery; see its log if no reply is sent."));
            }
        } finally {
            ctx.run(Command.of("rm", "-rf", "--", scratch));
        }
    }

    /**
     * Removes the vacation reply of {@code address} (the script and its compiled form); nothing else in the home.
     *
     * @throws MailTablesException when the address is not a mailbox on the server
     */
    public void turnOff(MailboxSnapshot snapshot, String address, Cancel cancel) {
        String mailbox = requireMailbox(snapshot, address);
        StepContext ctx = new StepContext(host, cancel, new Facts(), RunListener.NONE);
        String script = MailLayout.vacationSieve(mailbox);
        ctx.run(Command.of("rm", "-f", "--", script, script.replaceFirst("\\.sieve$", ".svbin"))).orThrow();
    }

    /**
     * Reads the vacation reply of every mailbox in one remote command (a glob over the maildirs, not one round trip
     * per mailbox: a server may have a thousand): each script's SHA-256 and its settings line
     * ({@link MailRenderer#VACATION_SETTINGS}). The settings are trusted only when the script is exactly what
     * {@link MailRenderer#vacationSieve} makes of them, so a script changed by hand is reported as on with settings
     * unknown, never with settings it no longer follows. A script written by an earlier Mailwright whose rendering
     * differs is reported the same way until it is turned on again.
     *
     * @param snapshot the tables as read: only its mailboxes are reported (a script in another folder is ignored)
     * @return normalized address to its reply, for the mailboxes that have one; a mailbox without one is absent
     * @throws org.mailwright.remote.RemoteException when the server cannot be reached
     */
    public Map<String, VacationStatus> readAll(MailboxSnapshot snapshot) {
        CommandResult r = host.exec(readAllCommand(MailLayout.VACATION_SIEVE_GLOB));
        return parseAll(snapshot.tables().mailboxes().stream().map(m -> m.address()).toList(), r.stdout());
    }

    /** Prints {@code sha256sum}'s line for each script matching {@code glob}, then {@code grep -H}'s settings line of each. */
    static Command readAllCommand(String glob) {
        // the glob is expanded by the server's shell: its length does not grow with the number of mailboxes
        return Command.script("set -- " + glob + "; [ -f \"$1\" ] || exit 0; sha256sum -- \"$@\" 2>/dev/null; grep -H -m1 "
                + Shell.quote("^" + MailRenderer.VACATION_SETTINGS) + " -- \"$@\" 2>/dev/null; true");
    }

    private static final Pattern DIGEST = Pattern.compile("([0-9a-f]{64}) [ *](/.+)");

    /** Reads {@link #readAllCommand}'s output for these mailboxes. */
    static Map<String, VacationStatus> parseAll(List<String> mailboxes, String output) {
        Map<String, String> digests = new HashMap<>();
        Map<String, String> settings = new HashMap<>();
        String mark = ":" + MailRenderer.VACATION_SETTINGS;
        for (String line : output.split("\n")) {
            Matcher m = DIGEST.matcher(line);
            int at = line.indexOf(mark);
            if (m.matches()) {
                digests.put(m.group(2), m.group(1));
            } else if (at > 0) {
                settings.putIfAbsent(line.substring(0, at), line.substring(at + 1));
            }
        }
        Map<String, VacationStatus> out = new LinkedHashMap<>();
        for (String address : mailboxes) {
            String a = EmailAddress.normalize(address);
            String path = MailLayout.vacationSieve(a);
            String digest = digests.get(path);
            if (digest != null) {
                Optional<Vacation> v = Optional.ofNullable(settings.get(path)).flatMap(MailRenderer::vacationSettings)
                        .filter(x -> sha256(MailRenderer.vacationSieve(x, a)).equals(digest));
                out.put(a, new VacationStatus(v));
            }
        }
        return out;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Whether {@code address} has a vacation script installed now. */
    public boolean isOn(String address) {
        return host.exec(Command.of("test", "-e", MailLayout.vacationSieve(EmailAddress.normalize(address)))).ok();
    }

    static Command sievec(String path) {
        return Command.script("runuser -u vmail -- sievec " + Shell.quote(path));
    }

    /** The lines of sievec's output that name a line of the script ({@code NAME: line N: error: ...}), else its output. */
    static String sievecError(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> l.matches(".*line \\d+: (error|warning).*")).toList();
        String text = lines.isEmpty() ? output.strip() : String.join("; ", lines);
        return text.isEmpty() ? "no output" : text;
    }

    private static String requireMailbox(MailboxSnapshot snapshot, String address) {
        Optional<String> problem = EmailAddress.problem(address);
        if (problem.isPresent()) {
            throw new MailTablesException("ADDRESS: " + problem.get() + ".");
        }
        String mailbox = EmailAddress.normalize(address);
        if (snapshot.tables().mailboxes().stream().noneMatch(m -> m.address().equals(mailbox))) {
            throw new MailTablesException(mailbox + " is not a mailbox on this server (see mailwright users list); a vacation reply needs one.");
        }
        return mailbox;
    }
}
