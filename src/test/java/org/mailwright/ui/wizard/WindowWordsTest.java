package org.mailwright.ui.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;

/** The window says its own words: no command-line word of the engine's messages reaches a person in the window. */
class WindowWordsTest {
    /** What only makes sense at a command line: the sub-commands, the spec file, its keys. */
    static final Pattern CLI_WORDS = Pattern.compile("\\b(apply|spec pull|spec|aliases (?:add|remove)|users (?:add|remove|passwd)"
            + "|domains (?:add|remove)|\\./mailwright|tls\\.[a-z-]+|firewall\\.[a-z-]+|dns\\.(?:token-file|key-file|key-name|server|provider)|backup\\.offsite|mailwright backup (?:SPEC|--to)"
            + "|mailwright apply|restore again)\\b|(?<![\\w-])--(?:merge|from|init)(?![\\w-])");

    @Test
    void everyMessageTheEngineAndTheAccountsRulesCanShowIsSaidInTheWindowsWords() throws IOException {
        List<String> untranslated = new ArrayList<>();
        for (String dir : List.of("engine", "accounts", "session")) {
            try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/mailwright", dir))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    for (String literal : literals(read(f))) {
                        if (CLI_WORDS.matcher(literal).find() && CLI_WORDS.matcher(WindowWords.text(literal)).find()) {
                            untranslated.add(f.getFileName() + ": \"" + literal + "\" -> \"" + WindowWords.text(literal) + "\"");
                        }
                    }
                });
            }
        }
        assertThat(untranslated).as("add a rule to WindowWords for each").isEmpty();
    }

    @Test
    void certbotsFixSaysInstallInTheWindow() {
        Finding f = Finding.error("TLS certificate", "certbot could not get a certificate",
                "Check the server's own DNS resolver, then run apply again: it retries certbot and switches the mail services to the new certificate.");

        assertThat(WindowWords.finding(f).fix()).doesNotContain("apply").contains("run the install again (Review, then Install)");
    }

    @Test
    void aRefusedRestoreSaysHowToMergeInTheWindow() {
        Finding f = Finding.error("Restore target", "the server already has 3 messages in /var/vmail: a restore would mix two servers' mail",
                "Restore onto a fresh server, or run again with --merge to add the backup's mail and accounts to what is there"
                        + " (nothing there is replaced).");

        assertThat(WindowWords.finding(f).fix()).doesNotContain("--merge").contains("Merge into a server that already has mail");
    }

    @Test
    void theBackupPlanNoteSendsThePersonToTheDonePage() {
        assertThat(WindowWords.text("the backups' password stays on the server; save the recovery sheet (mailwright backup SPEC --init,"
                + " or the window's last page): without it nobody can read the backups"))
                .isEqualTo("the backups' password stays on the server; save the recovery sheet (on the Done page): without it nobody"
                        + " can read the backups");
    }

    @Test
    void tableErrorsSayWhatToDoWithoutACommand() {
        assertThat(WindowWords.text("abuse@example.com is required (RFC 2142) and points only at bob@example.com: point it at another "
                + "mailbox first (aliases add abuse@example.com OTHER-MAILBOX)"))
                .endsWith("point it at another mailbox first");
    }

    @Test
    void aFixNamingBothDriversWaysSaysTheWindowsOnly() {
        assertThat(WindowWords.text("Point sales@example.com at a mailbox (users window, or aliases add sales@example.com MAILBOX)."))
                .isEqualTo("Point sales@example.com at a mailbox (in Manage users).");
    }

    @Test
    void planNotesAboutKeptAccountsSayNothingOfASpecFile() {
        assertThat(WindowWords.text("kept: 1 mailbox not in this spec: carol@example.com (spec pull writes the server's accounts into the spec)"))
                .isEqualTo("kept: 1 mailbox not in this setup: carol@example.com");
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The string literals and text blocks of Java source, comments skipped; logger calls are for the log, not people. */
    static List<String> literals(String src) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (src.startsWith("//", i)) {
                i = src.indexOf('\n', i) < 0 ? n : src.indexOf('\n', i);
            } else if (src.startsWith("/*", i)) {
                i = src.indexOf("*/", i + 2) < 0 ? n : src.indexOf("*/", i + 2) + 2;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                out.add(src.substring(i + 3, end));
                i = end + 3;
            } else if (c == '\'') {
                i = src.indexOf('\'', src.charAt(i + 1) == '\\' ? i + 3 : i + 2) + 1;
            } else if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (src.charAt(i) != '"') {
                    if (src.charAt(i) == '\\') {
                        sb.append(src.charAt(i + 1));
                        i += 2;
                    } else {
                        sb.append(src.charAt(i++));
                    }
                }
                i++;
                int lineStart = src.lastIndexOf('\n', i - 1) + 1;
                // a header written into a spec file (SpecWriter.write) and a file's path are not words a person reads here
                String line = src.substring(lineStart, i);
                if (!line.contains("LOG.") && !line.contains("SpecWriter.write(") && !sb.toString().matches("/[\\w./-]+")) {
                    out.add(sb.toString());
                }
            } else {
                i++;
            }
        }
        return out;
    }

    @Test
    void theServerChecksFixesNameTheWindowsWays() {
        String script = org.mailwright.engine.status.StatusScript.script("mail.example.com", "postmaster@example.com", "/c", "/f", true);
        java.util.regex.Matcher queue = java.util.regex.Pattern.compile("See each one with [^\\\\]*there\\.").matcher(script);
        assertThat(queue.find()).isTrue();
        assertThat(WindowWords.text(queue.group())).isEqualTo("See each one on the Queue tab: its last error says why it cannot leave; retry or remove it there.");
        assertThat(WindowWords.text("Run mailwright apply again: its TLS step gets one."))
                .isEqualTo("Run the install again (Review, then Install): its TLS step gets one.");
        assertThat(WindowWords.text("Set the server up with mailwright apply: it installs and configures the mail services."))
                .isEqualTo("Set the server up with Mailwright's wizard: it installs and configures the mail services.");
    }

    @Test
    void theBruteForceProtectionsFixesNameTheWindowsWays() {
        assertThat(WindowWords.text("fail2ban is not installed on root@203.0.113.10:22: run mailwright apply, which sets up the brute-force protection."))
                .isEqualTo("fail2ban is not installed on root@203.0.113.10:22: run the install again (Review, then Install), which sets up "
                        + "the brute-force protection.");
        assertThat(WindowWords.text("Run mailwright apply: it installs and configures fail2ban."))
                .isEqualTo("Run the install again (Review, then Install): it installs and configures fail2ban.");
        assertThat(WindowWords.text("'x' is not an IP address: give one such as 203.0.113.7 or 2001:db8::7, as mailwright status lists the bans."))
                .endsWith("as the Bans tab lists them.");
    }
}
