package org.mailwright.ui.wizard;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.model.Finding;

/**
 * The one place the window turns the engine's words into its own. Findings, plan notes and table errors are made once,
 * in the engine and the accounts rules, for both drivers, and their fixes speak the command line ("run apply again",
 * "spec pull", "aliases add ADDRESS OTHER-MAILBOX", "tls.acme-ca"): the CLI prints them as they are, and the window
 * shows every such text through {@link #text} (findings through {@link #finding}), which says the same in the
 * window's terms (Install, the Users page, Manage users, the Certificate page).
 *
 * <p>Why here and not a second form in every finding: a finding is made in dozens of places by people working on the
 * engine, who know the CLI; one table here, held by {@code WindowWordsTest} (which reads every string the engine,
 * the accounts rules and the session can show and fails on a command-line word this table does not translate), keeps
 * the two drivers' words apart without making every step say everything twice.
 */
public final class WindowWords {
    private static final Map<Pattern, String> RULES = new LinkedHashMap<>();

    static {
        // publishing the DNS records: the window chooses the provider and its files on the DNS page
        rule("The spec names no DNS provider:.*", "No DNS provider is chosen: choose one on the DNS page, or publish the records "
                + "yourself (Export zone snippet on the DNS page).");
        rule("\\bdns\\.token-file\\b", "the API token file");
        rule("\\bdns\\.key-file\\b", "the TSIG key file");
        rule("\\bdns\\.key-name\\b", "the TSIG key name");
        rule("\\bdns\\.server\\b", "the DNS server");
        rule("\\bdns\\.provider\\b", "the DNS provider");
        // backups: the window sets them up with the install, saves the recovery sheet on Done, restores from Welcome
        rule("\\(mailwright backup SPEC --init, or the window's(?: last page\\))?", "(on the Done page)");
        rule("Make one now with mailwright backup SPEC; the server makes one every night\\.", "The server makes one every night.");
        rule("\\brun mailwright backup SPEC(?: again)?", "wait for the next nightly backup");
        rule("\\bmailwright backup SPEC\\b", "the nightly backup");
        rule("\\bRun mailwright apply \\(or mailwright backup\\) first\\b", "Run the install first");
        rule("\\bbackup\\.offsite and its credentials\\b", "the offsite backup address and its credentials");
        rule("(?:,? or run again)?\\s+with --merge to add\\b",
                ", or go back to Restore, tick \"Merge into a server that already has mail\" and press Retry to add");
        rule("\\bPoint --from at the folder mailwright backup --to wrote\\.?",
                "On the Restore page, choose the folder the backups were copied to.");
        rule("\\bPoint --from at a readable folder\\.?", "On the Restore page, choose a folder you can read.");
        rule(" ?\\(mailwright backup --to\\)", "");
        rule("\\bRun restore again\\b", "Press Retry");
        rule("\\brun restore again\\b", "press Retry");
        // a restore named by the upgrade's messages: the window's way is its first page
        rule("\\bmailwright restore NEW-SPEC --from \\S+?(?: --snapshot [0-9a-f]+)?\\.", "use Restore from a backup on the window's first page.");
        rule("(?<![\\w-])--from(?: \\S+)?", "from the backup folder");
        // the server's own checks (status, the dashboard, the alert mail) speak the CLI
        rule("\\bwith mailwright queue SPEC\\b", "on the Queue tab");
        rule("\\bSet the server up with mailwright apply\\b", "Set the server up with Mailwright's wizard");
        rule("\\b([Rr])un mailwright apply again\\b", "$1un the install again (Review, then Install)");
        // the brute-force protection's fixes ("fail2ban is not installed ...: run mailwright apply, which sets it up")
        rule("\\b([Rr])un mailwright apply(?=[:,])", "$1un the install again (Review, then Install)");
        rule("\\bas mailwright status lists the bans\\b", "as the Bans tab lists them");
        rule("\\b([Rr])un apply again\\b", "$1un the install again (Review, then Install)");
        rule("\\bthe next apply\\b", "the next install");
        rule("\\(apply does this\\)", "(the install does this)");
        rule("\\bApply adds them\\b", "Install adds them");
        rule("\\bapply\\b", "install");
        // the window keeps accounts it did not make and has no spec file to pull them into
        rule(",? ?\\(spec pull[^)]*\\)", "");
        rule("\\btake them out of the spec\\b", "remove them on the Users page");
        // a fix that names both drivers' ways: the window's is Manage users (on Done, and on Welcome)
        rule("\\(users window, or (?:aliases|domains|users) (?:add|remove|passwd)\\b[^)]*\\)?", "(in Manage users)");
        // the sentence already says what to do; the parenthesis only says how at a command line
        rule(" ?\\((?:aliases|domains|users) (?:add|remove|passwd)\\b[^)]*\\)?", "");
        rule("\\(see \\./mailwright check\\)", "(see Verify)");
        rule("make (?:one|a new one) with \\./mailwright hash-password", "set the password again");
        rule("\\bthe spec's\\b", "this setup's");
        rule("\\b(?:this|the) spec\\b", "this setup");
        rule("\\btls\\.cert and tls\\.key\\b", "the certificate and key paths on the Certificate page");
        rule("\\btls\\.acme-ca\\b", "the CA file on the Certificate page");
        rule("\\btls\\.acme-server\\b", "the ACME server on the Certificate page");
        rule("\\btls\\.email\\b", "the notice address on the Certificate page");
        rule("\\btls\\.cert\\b", "the certificate path on the Certificate page");
        rule("\\btls\\.key\\b", "the key path on the Certificate page");
        rule("\\bfirewall\\.extra-ports\\b", "the extra ports on the Firewall page");
    }

    private WindowWords() {
    }

    private static void rule(String regex, String replacement) {
        RULES.put(Pattern.compile(regex), replacement);
    }

    /** {@code text} in the window's words; text without command-line words comes back as it is. */
    public static String text(String text) {
        if (text == null) {
            return "";
        }
        String s = text;
        for (Map.Entry<Pattern, String> r : RULES.entrySet()) {
            Matcher m = r.getKey().matcher(s);
            s = m.replaceAll(r.getValue());
        }
        return s;
    }

    /** The finding with its message and fix in the window's words. */
    public static Finding finding(Finding f) {
        return new Finding(f.severity(), f.check(), text(f.message()), text(f.fix()));
    }

    /** The word on a finding's badge: OK, Warning, Problem. */
    public static String badge(org.mailwright.model.Severity s) {
        return switch (s) {
            case OK -> "OK";
            case WARN -> "Warning";
            case ERROR -> "Problem";
        };
    }

    /** A finding as one paragraph of plain text in the window's words, for the clipboard. */
    public static String plainText(Finding engineWords) {
        Finding f = finding(engineWords);
        return badge(f.severity()) + "  " + f.check() + ": " + f.message()
                + (f.severity() == org.mailwright.model.Severity.OK || f.fix().isBlank() ? "" : " " + f.fix()) + "\n";
    }
}
