package org.mailwright.engine.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.mailwright.model.SpecValidator;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.model.MailPorts;
import org.mailwright.render.MailLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.mailwright.engine.Plan;
import org.mailwright.engine.ImapProbe;
import org.mailwright.engine.SmtpProbe;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteHost;
import org.mailwright.remote.Shell;

/**
 * Checks the running server end to end, from the server itself and from this computer: ports, TLS with the right
 * certificate and no old protocol versions, a message delivered through an alias and signed with DKIM, no open
 * relay, no password accepted before TLS. Changes nothing that stays: the test message is removed again.
 */
public final class Verify implements Step {
    private final ServerSpec spec;

    public Verify(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "verify";
    }

    @Override
    public String title() {
        return "Verify the mail server";
    }

    @Override
    public Plan plan(StepContext ctx) {
        return Plan.empty(this);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // nothing to apply
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new ArrayList<>();
        // the probes from this computer send no remote command, so they run while the server's checks run
        CompletableFuture<List<Finding>> here = CompletableFuture.supplyAsync(() -> {
            List<Finding> found = new ArrayList<>();
            fromHere(found);
            return found;
        });
        // the check mailbox goes into the tables first; once Dovecot knows it, a mail app's login, sending and reading
        // from this computer (no remote command) run while the server's delivery check runs
        String password = PasswordHasher.generate(24);
        ctx.host().transcript().addSecret(password);
        CheckMailbox mailbox = addCheckMailbox(ctx, password);
        try {
            listening(ctx, out);
            tls(ctx, out);
            // Dovecot may not have read the new line yet (DovecotAuth): at most until the next second, which the checks
            // since the write have partly filled
            ctx.run(org.mailwright.engine.DovecotAuth.awaitKnown(mailbox.address()));
            CompletableFuture<List<Finding>> app = CompletableFuture.supplyAsync(() -> asAMailApp(mailbox, password));
            delivery(ctx, out);
            out.addAll(joined(here));
            out.addAll(joined(app));
        } finally {
            removeCheckMailbox(ctx, mailbox);
        }
        relay(ctx, out);
        return out;
    }

    /** With {@code relay:}, the relay takes this server's login and a test message ({@link RelayCheck}). */
    /** The value of work started beside the remote checks; its unchecked failure (a bug) is thrown as it was. */
    private static <T> T joined(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void relay(StepContext ctx, List<Finding> out) {
        if (spec.relay().isEmpty()) {
            return;
        }
        String postmaster = "postmaster@" + spec.domains().get(0);
        String token = "mailwright-relay-check-" + UUID.randomUUID();
        CommandResult r = ctx.run(RelayCheck.command(spec.relay().get(), postmaster, postmaster, spec.hostname(), token), Duration.ofSeconds(75));
        out.add(RelayCheck.finding(spec.relay().get(), postmaster, r));
    }

    private void listening(StepContext ctx, List<Finding> out) {
        String ss = ctx.run(Command.of("ss", "-Htln")).stdout();
        for (int port : org.mailwright.model.MailPorts.FIREWALL) {
            boolean up = ss.lines().anyMatch(l -> l.matches(".*[:.]" + port + "\\s.*"));
            out.add(up ? Finding.ok("Port " + port, "listening")
                    : Finding.error("Port " + port, "nothing listens on port " + port, "See the service's log: journalctl -u "
                    + (port == MailPorts.IMAPS || port == MailPorts.MANAGESIEVE ? "dovecot" : "opensmtpd") + " -n 50"));
        }
        out.addAll(listeningOnIpv6(ss, ctx.facts().require(ServerFacts.class)));
    }

    /**
     * Port 25 on each IPv6 address of the public interface ({@code ss -Htln} prints them as {@code [ADDR]:25}, in the
     * same RFC 5952 form as {@code ip addr}). smtpd's {@code listen on IFACE} binds the addresses the interface had when
     * smtpd started (smtpd.conf(5)): an address that came later (SLAAC, a late network) gets no port 25 until smtpd
     * restarts, and mail over IPv6 to the AAAA record then fails. No finding on a server without IPv6.
     *
     * @param ss the output of {@code ss -Htln}
     */
    static List<Finding> listeningOnIpv6(String ss, ServerFacts facts) {
        List<Finding> out = new ArrayList<>();
        for (String a : facts.ipv6()) {
            String at = "[" + a + "]:" + MailPorts.SMTP;
            boolean up = ss.lines().anyMatch(l -> java.util.Arrays.asList(l.strip().toLowerCase(java.util.Locale.ROOT).split("\\s+"))
                    .contains(at.toLowerCase(java.util.Locale.ROOT)));
            out.add(up ? Finding.ok("Port 25 on " + a, "smtpd listens on " + at)
                    : Finding.error("Port 25 on " + a, "nothing listens on " + at + ": smtpd binds the addresses " + facts.publicInterface()
                                    + " had when it started, and this one came later",
                            "Restart OpenSMTPD on the server (systemctl restart opensmtpd); apply installs a drop-in that starts it after"
                                    + " network-online.target so this does not happen at boot."));
        }
        return out;
    }

    /** The ports whose TLS {@link #tls} checks, each with the words that make {@code openssl s_client} start TLS there. */
    private static final List<List<String>> TLS_PORTS = List.of(List.of("465"), List.of("587", "-starttls", "smtp"), List.of("993"),
            List.of("25", "-starttls", "smtp"));

    /**
     * Each TLS port must offer the certificate for the hostname and refuse TLS 1.1. One remote script asks all ports at
     * once (eight {@code openssl s_client} runs, which took half a second one after another) and prints, per port in
     * {@link #TLS_PORTS}' order, a head line {@code @@tls PORT SAN-EXIT OLD-EXIT} and then the certificate's
     * subjectAltName.
     */
    private void tls(StepContext ctx, List<Finding> out) {
        // smtpd listens on the public interface only, not on loopback
        String ip = ctx.facts().require(ServerFacts.class).ipv4().stream().findFirst().orElse("127.0.0.1");
        out.addAll(tlsFindings(ctx.run(Command.script(tlsScript(ip, spec.hostname())), Duration.ofSeconds(45)).stdout(), spec.hostname()));
    }

    /** The script of {@link #tls}: every port of {@link #TLS_PORTS} asked at once on {@code ip}, with SNI {@code hostname}. */
    static String tlsScript(String ip, String hostname) {
        String connect = "openssl s_client -connect " + Shell.quote(ip) + ":$p -servername " + Shell.quote(hostname) + " \"$@\"";
        StringBuilder script = new StringBuilder("d=$(mktemp -d /tmp/.mailwright-tls-XXXXXXXX) || exit 1\n"
                + "probe() { p=$1; shift; san=$(echo | timeout 15 " + connect + " 2>/dev/null | openssl x509 -noout -ext subjectAltName 2>&1); a=$?\n"
                + "  echo | timeout 15 " + connect + " -tls1_1 >/dev/null 2>&1; printf '@@tls %s %s %s\\n%s\\n' \"$p\" \"$a\" \"$?\" \"$san\" > \"$d/$p\"; }\n");
        for (List<String> port : TLS_PORTS) {
            script.append("probe ").append(Shell.join(port)).append(" &\n");
        }
        script.append("wait\nfor p in");
        TLS_PORTS.forEach(port -> script.append(' ').append(port.get(0)));
        return script.append("; do cat \"$d/$p\"; done\nrm -rf -- \"$d\"\n").toString();
    }

    /** One finding per port of {@link #TLS_PORTS}, from {@link #tlsScript}'s output: a port it did not answer for has no TLS. */
    static List<Finding> tlsFindings(String stdout, String hostname) {
        Map<String, String[]> byPort = tlsAnswers(stdout);
        List<Finding> out = new ArrayList<>();
        for (List<String> port : TLS_PORTS) {
            String p = port.get(0);
            String[] answer = byPort.getOrDefault(p, new String[] {"1", "1", ""});
            boolean rightCert = answer[0].equals("0") && answer[2].contains("DNS:" + hostname);
            String check = "TLS on " + p;
            if (!rightCert) {
                out.add(Finding.error(check, "no TLS with the certificate for " + hostname + " on port " + p,
                        "Check the TLS step's findings and the service's log."));
            } else if (answer[1].equals("0")) {
                out.add(Finding.warn(check, "TLS 1.1 is still accepted", "Run apply again to restore the TLS settings."));
            } else {
                out.add(Finding.ok(check, "certificate for " + hostname + ", TLS 1.2 or newer only"));
            }
        }
        return out;
    }

    /**
     * The TLS script's answer by port: {exit status of the certificate read, exit status of the TLS 1.1 attempt, the
     * subjectAltName text}. A port without a head line is absent.
     */
    static Map<String, String[]> tlsAnswers(String text) {
        Map<String, String[]> out = new LinkedHashMap<>();
        String[] current = null;
        for (String line : text.split("\n", -1)) {
            String[] w = line.split(" ");
            if (w.length == 4 && w[0].equals("@@tls")) {
                current = new String[] {w[2], w[3], ""};
                out.putIfAbsent(w[1], current);
            } else if (current != null) {
                current[2] += line + "\n";
            }
        }
        return out;
    }

    /**
     * A message sent on the server to each domain's postmaster@ (an alias) must land in a maildir, DKIM-signed by
     * rspamd. All domains in one remote script, whatever their number: every message is sent first, then one wait
     * looks for all of them among the files that arrived since (never the whole archive), then each found message's
     * headers and rspamd's DKIM verdict are printed and the message removed. Fifty domains were 250 commands and fifty
     * waits one after another.
     */
    void delivery(StepContext ctx, List<Finding> out) {
        Optional<Finding> rspamd = Rspamd.awaitScanning(ctx);
        if (rspamd.isPresent()) {
            out.add(rspamd.get());
            return;
        }
        MailTables tables = ServerAccounts.of(ctx, spec).after();
        List<String> domains = ServerAccounts.of(ctx, spec).domains();
        Map<String, String> tokenByDomain = new LinkedHashMap<>();
        Map<String, List<String>> dirsByDomain = new LinkedHashMap<>();
        java.util.Set<String> dirs = new java.util.LinkedHashSet<>();
        for (String domain : domains) {
            List<String> to = tables.deliveredTo("postmaster@" + domain).stream().map(MailLayout::maildir).toList();
            dirsByDomain.put(domain, to);
            if (to.isEmpty()) {
                // postmaster of a domain without mailboxes of its own delivers into another domain's mailbox: look where it lands
                out.add(Finding.error("Delivery " + domain, "postmaster@" + domain + " reaches no mailbox on this server",
                        "Point postmaster@" + domain + " at a mailbox (users window, or aliases add postmaster@" + domain + " MAILBOX)."));
            } else {
                tokenByDomain.put(domain, "mailwright-verify-" + UUID.randomUUID());
                dirs.addAll(to);
            }
        }
        if (tokenByDomain.isEmpty()) {
            return;
        }
        // the marker is dated two seconds back, so a message in the same second counts as new on any file system
        StringBuilder script = new StringBuilder("m=$(mktemp /tmp/.mailwright-verify-XXXXXXXX) || exit 1\ntouch -d '2 seconds ago' \"$m\"\n"
                + "send() { if ! e=$(printf 'From: %s\\nTo: %s\\nSubject: Mailwright delivery check\\nMessage-ID: <%s@%s>\\n\\n"
                + "This message checks delivery and DKIM signing; Mailwright removes it again.\\n' \"$1\" \"$1\" \"$2\" " + Shell.quote(spec.hostname())
                + " | sendmail -f \"$1\" \"$1\" 2>&1); then printf '@@refused %s\\n%s\\n' \"$2\" \"$e\"; else sent=\"$sent $2\"; fi; }\nsent=\n");
        tokenByDomain.forEach((domain, token) -> script.append("send ").append(Shell.quote("postmaster@" + domain)).append(' ')
                .append(token).append('\n'));
        // the files that arrived since the marker, in new/ and cur/ only (a file in tmp/ may still be being written):
        // one walk per half second, then each token is looked for in those few files, never in the whole archive
        script.append("arrived() { find ").append(Shell.join(dirs))
                .append(" -newer \"$m\" -type f \\( -path '*/new/*' -o -path '*/cur/*' \\) > \"$m.list\" 2>/dev/null; }\n")
                .append("holding() { xargs -r -d '\\n' grep -lF -- \"$1\" < \"$m.list\" 2>/dev/null | head -n1; }\n");
        String tokens = String.join(" ", tokenByDomain.values());
        // waits for the messages sendmail took, not for one it refused
        script.append("for i in $(seq 1 100); do arrived; n=0; for t in $sent; do [ -n \"$(holding \"$t\")\" ] && n=$((n+1)); done;")
                .append(" [ $n -ge $(echo $sent | wc -w) ] && break; sleep 0.2; done\n")
                .append("for t in ").append(tokens).append("; do f=$(holding \"$t\");")
                .append(" if [ -z \"$f\" ]; then printf '@@missing %s\\n' \"$t\"; continue; fi; printf '@@found %s %s\\n' \"$t\" \"$f\";")
                .append(" sed -n '1,/^$/p' \"$f\"; printf '@@symbols\\n';")
                // rspamd treats senders from private and loopback addresses as local and skips the check: say it came from outside
                .append(" rspamc -i 192.0.2.10 symbols < \"$f\" 2>&1; rm -f -- \"$f\"; done\nrm -f -- \"$m\" \"$m.list\"\n");
        String text = ctx.run(Command.script(script.toString()), Duration.ofSeconds(60 + 5L * tokenByDomain.size())).stdout();
        Map<String, String[]> byToken = sections(text);
        for (Map.Entry<String, String> e : tokenByDomain.entrySet()) {
            String domain = e.getKey();
            String to = "postmaster@" + domain;
            String[] found = byToken.get(e.getValue());
            if (found == null || found[0].equals("@@missing")) {
                out.add(Finding.error("Delivery " + domain, "the test message to " + to + " did not arrive within 20 s",
                        "See `smtpctl show queue` and journalctl -u opensmtpd on the server."));
                continue;
            }
            if (found[0].equals("@@refused")) {
                out.add(Finding.error("Delivery " + domain, "sendmail refused the test message: " + found[2].strip(),
                        "See journalctl -u opensmtpd -n 50 on the server."));
                continue;
            }
            String file = found[1];
            String headers = found[2].contains("@@symbols\n") ? found[2].substring(0, found[2].indexOf("@@symbols\n")) : found[2];
            String symbols = found[2].contains("@@symbols\n") ? found[2].substring(found[2].indexOf("@@symbols\n")) : "";
            String reached = dirsByDomain.get(domain).stream().filter(file::startsWith).findFirst().orElse(file);
            out.add(Finding.ok("Delivery " + domain, "a message to " + to + " (an alias) reached " + reached));
            boolean signed = headers.contains("DKIM-Signature:") && headers.replaceAll("\\s", "").contains("d=" + domain + ";");
            out.add(signed ? Finding.ok("DKIM " + domain, "outgoing mail is signed with selector " + spec.dkim().selector())
                    : Finding.error("DKIM " + domain, "the test message carries no DKIM signature for " + domain,
                    "Check the rspamd step's findings and /etc/rspamd/local.d/dkim_signing.conf."));
            if (signed) {
                out.add(symbols.contains("R_DKIM_ALLOW") ? Finding.ok("DKIM DNS " + domain, "the signature verifies against the key published in DNS")
                        : Finding.warn("DKIM DNS " + domain, "the signature does not verify yet against DNS ("
                        + (symbols.contains("R_DKIM_PERMFAIL") ? "no matching key published: missing, different or malformed" : "no key published at "
                        + SpecValidator.dkimRecordName(spec.dkim().selector(), domain) + ", or DNS not reachable") + ")",
                        "Publish the DKIM record shown in the DNS step, then run check again."));
            }
        }
    }

    /**
     * The delivery script's answer by token: {kind, file or "", the lines after the head line}, where kind is
     * {@code @@found}, {@code @@missing} or {@code @@refused}. A sendmail refusal comes before the token's
     * {@code @@missing}, so the first head line of a token wins.
     */
    static Map<String, String[]> sections(String text) {
        Map<String, String[]> out = new LinkedHashMap<>();
        String[] current = null;
        StringBuilder body = new StringBuilder();
        for (String line : (text + "\n@@end").split("\n", -1)) {
            boolean head = line.startsWith("@@found ") || line.startsWith("@@missing ") || line.startsWith("@@refused ") || line.equals("@@end");
            if (!head) {
                body.append(line).append('\n');
                continue;
            }
            if (current != null) {
                current[2] = body.toString();
            }
            body.setLength(0);
            if (line.equals("@@end")) {
                break;
            }
            String[] w = line.split(" ", 3);
            current = new String[] {w[0], w.length > 2 ? w[2] : "", ""};
            out.putIfAbsent(w[1], current);
        }
        return out;
    }

    /**
     * The throw-away mailbox of {@link #asAMailApp}: its local part and domain, and the tables as they were before it
     * was added.
     *
     * @param credentials the credentials table's bytes before (empty when it had none)
     * @param virtuals    the virtuals table's bytes before
     */
    private record CheckMailbox(String domain, String local, byte[] credentials, byte[] virtuals) {
        String address() {
            return local + "@" + domain;
        }
    }

    /**
     * The person's passwords are not known here (only their hashes), so a throw-away mailbox with a random password is
     * added to the tables for the seconds of the check, and removed again by {@link #removeCheckMailbox}, its maildir
     * too. If the run is cut off in between, the next apply rewrites the tables without it. Its hash has bcrypt's lowest
     * cost ({@link PasswordHasher#hashGenerated}): the password is random and lives for seconds.
     */
    private CheckMailbox addCheckMailbox(StepContext ctx, String password) {
        String domain = spec.domains().get(0);
        String local = "mailwright-check-" + UUID.randomUUID().toString().substring(0, 8);
        // both tables in one read and one write (RemoteHost.readAll, uploadAtomic(List)): two round trips, not six
        var tables = ctx.host().readAll(List.of(MailLayout.CREDENTIALS, MailLayout.VIRTUALS));
        CheckMailbox mailbox = new CheckMailbox(domain, local,
                tables.get(MailLayout.CREDENTIALS).map(RemoteHost.FileRead::content).orElse(new byte[0]),
                tables.get(MailLayout.VIRTUALS).map(RemoteHost.FileRead::content).orElse(new byte[0]));
        String address = mailbox.address();
        try {
            ctx.host().uploadAtomic(List.of(
                    credentials(concat(mailbox.credentials(), address + ":" + PasswordHasher.hashGenerated(password) + "::::::\n")),
                    virtuals(concat(mailbox.virtuals(), address + ": vmail\n"))));
            ctx.run(RELOAD_TABLES).orThrow();
        } catch (RuntimeException e) {
            try {
                removeCheckMailbox(ctx, mailbox);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return mailbox;
    }

    private static RemoteHost.Upload credentials(byte[] content) {
        return new RemoteHost.Upload(MailLayout.CREDENTIALS, content, 0440, "opensmtpd", "dovecot");
    }

    private static RemoteHost.Upload virtuals(byte[] content) {
        return new RemoteHost.Upload(MailLayout.VIRTUALS, content, 0644, "root", "root");
    }

    /** OpenSMTPD reads both tables again (smtpctl(8) update table). */
    private static final Command RELOAD_TABLES = Command.script("smtpctl update table credentials && smtpctl update table virtuals");

    /** Puts the tables back as they were before {@link #addCheckMailbox} and removes the check mailbox's maildir. */
    private static void removeCheckMailbox(StepContext ctx, CheckMailbox mailbox) {
        ctx.host().uploadAtomic(List.of(credentials(mailbox.credentials()), virtuals(mailbox.virtuals())));
        ctx.run(Command.script(RELOAD_TABLES.line() + " && " + Command.of("rm", "-rf", "--", "/var/vmail/" + mailbox.domain() + "/" + mailbox.local()).line()))
                .orThrow();
    }

    /**
     * What a mail app does, as the check mailbox, from this computer only (no remote command, so it may run beside the
     * server's checks once Dovecot knows the mailbox): log in on 587 (after STARTTLS) and on 465, send a message, and
     * read it over IMAPS.
     *
     * @return the three findings, submission on 587 and 465, then IMAP
     */
    private List<Finding> asAMailApp(CheckMailbox mailbox, String password) {
        String host = spec.server().host();
        String token = "mailwright-app-check-" + UUID.randomUUID();
        List<Finding> out = new ArrayList<>();
        for (int port : List.of(MailPorts.SUBMISSION, MailPorts.SUBMISSIONS)) {
            out.add(submit(host, port, mailbox.address(), password, token + "-" + port));
        }
        out.add(readOverImap(host, mailbox.address(), password, token));
        return out;
    }

    private static byte[] concat(byte[] head, String line) {
        String text = new String(head, StandardCharsets.UTF_8);
        return ((text.isEmpty() || text.endsWith("\n") ? text : text + "\n") + line).getBytes(StandardCharsets.UTF_8);
    }

    private Finding submit(String host, int port, String address, String password, String subject) {
        String check = "Submission " + port;
        try (SmtpProbe smtp = port == MailPorts.SUBMISSIONS ? SmtpProbe.connectTls(host, port, 10_000) : SmtpProbe.connect(host, port, 10_000)) {
            smtp.send("EHLO mailwright-check.invalid");
            if (port != MailPorts.SUBMISSIONS) {
                smtp.startTls();
                smtp.send("EHLO mailwright-check.invalid");
            }
            String plain = Base64.getEncoder().encodeToString(("\0" + address + "\0" + password).getBytes(StandardCharsets.UTF_8));
            List<String> auth = smtp.send("AUTH PLAIN " + plain);
            if (SmtpProbe.code(auth) != 235) {
                return Finding.error(check, "login refused: " + auth.get(auth.size() - 1),
                        "Check the Dovecot and OpenSMTPD findings; both read /etc/mail/credentials.");
            }
            smtp.send("MAIL FROM:<" + address + ">");
            List<String> rcpt = smtp.send("RCPT TO:<" + address + ">");
            smtp.send("DATA");
            List<String> sent = smtp.send("From: <" + address + ">\r\nTo: <" + address + ">\r\nSubject: " + subject
                    + "\r\n\r\nMailwright checks that mail apps can send.\r\n.");
            return SmtpProbe.code(rcpt) == 250 && SmtpProbe.code(sent) == 250
                    ? Finding.ok(check, "a mail app can log in (TLS" + (port == MailPorts.SUBMISSIONS ? "" : " via STARTTLS") + ") and send")
                    : Finding.error(check, "the message was refused: " + sent.get(sent.size() - 1), "See journalctl -u opensmtpd -n 50 on the server.");
        } catch (IOException e) {
            return Finding.error(check, "could not submit on " + host + ":" + port + " (" + e.getMessage() + ")",
                    "Check the firewall findings and that this computer can reach the server.");
        }
    }

    private Finding readOverImap(String host, String address, String password, String token) {
        String check = "IMAP 993";
        try {
            for (int i = 0; i < 40; i++) {
                try (ImapProbe imap = ImapProbe.connectTls(host, MailPorts.IMAPS, 10_000)) {
                    if (!ImapProbe.ok(imap.command("LOGIN " + ImapProbe.quoted(address) + " " + ImapProbe.quoted(password)))) {
                        return Finding.error(check, "Dovecot refused the login", "Check the Dovecot findings and /etc/mail/credentials.");
                    }
                    imap.command("SELECT INBOX");
                    List<String> found = imap.command("SEARCH SUBJECT " + ImapProbe.quoted(token));
                    long hits = found.stream().filter(l -> l.startsWith("* SEARCH")).flatMap(l -> List.of(l.substring(8).trim().split(" ")).stream())
                            .filter(x -> !x.isBlank()).count();
                    if (hits >= 2) {
                        return Finding.ok(check, "a mail app can log in and read both messages");
                    }
                }
                Thread.sleep(500);
            }
            return Finding.error(check, "the messages sent on 587 and 465 did not arrive within 20 s", "See `smtpctl show queue` on the server.");
        } catch (IOException e) {
            return Finding.error(check, "could not read mail over IMAPS (" + e.getMessage() + ")", "Check the Dovecot findings and the firewall.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.warn(check, "interrupted", "Run check again.");
        }
    }

    /** What a stranger sees: port 25 must refuse relaying, and 587 must not take a password before STARTTLS. */
    private void fromHere(List<Finding> out) {
        String host = spec.server().host();
        try (SmtpProbe smtp = SmtpProbe.connect(host, 25, 10_000)) {
            smtp.send("EHLO relay-test.invalid");
            smtp.send("MAIL FROM:<relay-test@example.net>");
            int rcpt = SmtpProbe.code(smtp.send("RCPT TO:<relay-test@example.org>"));
            out.add(rcpt >= 500 ? Finding.ok("Open relay", "mail for other domains is refused (" + rcpt + ")")
                    : Finding.error("Open relay", "the server accepted mail for a foreign domain without login (" + rcpt + ")",
                    "Run apply again to restore smtpd.conf; until then the server can be abused by spammers."));
        } catch (IOException e) {
            out.add(Finding.warn("Open relay", "could not reach " + host + ":25 from this computer (" + e.getMessage() + ")",
                    "Many home internet providers block port 25: check from another network."));
        }
        try (SmtpProbe smtp = SmtpProbe.connect(host, 587, 10_000)) {
            List<String> ehlo = smtp.send("EHLO plaintext-test.invalid");
            boolean offersAuth = ehlo.stream().anyMatch(l -> l.substring(4).startsWith("AUTH"));
            int auth = SmtpProbe.code(smtp.send("AUTH PLAIN AHRlc3QAdGVzdA=="));
            out.add(!offersAuth && auth >= 500 ? Finding.ok("Plaintext login", "passwords are refused before STARTTLS")
                    : Finding.error("Plaintext login", "port 587 accepts a password before TLS", "Run apply again to restore smtpd.conf."));
        } catch (IOException e) {
            out.add(Finding.warn("Plaintext login", "could not reach " + host + ":587 from this computer (" + e.getMessage() + ")",
                    "Check the firewall findings and your network."));
        }
    }
}
