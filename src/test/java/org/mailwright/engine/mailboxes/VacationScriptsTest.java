package org.mailwright.engine.mailboxes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.junit.jupiter.api.Test;
import org.mailwright.accounts.MailTablesException;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Vacation;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.CommandResult;
import org.mailwright.ui.users.FakeMailServer;

class VacationScriptsTest {
    private static final Vacation AWAY = new Vacation("Abwesend – zurück", "Grüße", Optional.empty(), Optional.empty());
    private final FakeMailServer server = new FakeMailServer();

    private VacationScripts scripts() {
        server.host.on("d=$(mktemp -d", 0, "/tmp/mailwright-sieve.abc123\n").on("install", 0, "");
        return server.service().vacations();
    }

    @Test
    void theScriptIsCompiledInAScratchFolderBeforeItIsInstalledAndCompiledAgainAsVmail() {
        VacationScripts s = scripts();
        server.host.on("runuser -u vmail -- sievec", 0, "").on("runuser -u vmail -- mkdir", 0, "");
        s.turnOn(server.service().read(), "Alice@Example.com", AWAY, Cancel.NEVER);
        assertThat(server.host.content("/tmp/mailwright-sieve.abc123/vacation.sieve")).get().asString()
                .contains(":addresses [\"alice@example.com\"] :subject \"Abwesend – zurück\"");
        assertThat(server.host.fileAt("/tmp/mailwright-sieve.abc123/vacation.sieve").get().owner()).isEqualTo("vmail");
        assertThat(server.host.executed()).containsSubsequence(
                "runuser -u vmail -- sievec /tmp/mailwright-sieve.abc123/vacation.sieve",
                "runuser -u vmail -- mkdir -p -m 0700 /var/vmail/example.com/alice/mailwright-sieve",
                "install -o vmail -g vmail -m 0600 /tmp/mailwright-sieve.abc123/vacation.sieve /var/vmail/example.com/alice/mailwright-sieve/vacation.sieve",
                "runuser -u vmail -- sievec /var/vmail/example.com/alice/mailwright-sieve/vacation.sieve",
                "rm -rf -- /tmp/mailwright-sieve.abc123");
        // the person's own scripts are not touched
        assertThat(server.host.executed()).noneMatch(l -> l.contains("/sieve/") || l.contains("dovecot.sieve"));
    }

    @Test
    void aScriptSievecRefusesIsNotInstalledAndTheMessageNamesTheLine() {
        VacationScripts s = scripts();
        server.host.on("runuser -u vmail -- sievec", c -> new CommandResult(c.line(), 89, "",
                "vacation: line 9: error: unknown tagged argument ':dayz'.\nvacation: error: validation failed.\nsievec(root): Fatal: failed to compile sieve script\n"));
        assertThatThrownBy(() -> s.turnOn(server.service().read(), "alice@example.com", AWAY, Cancel.NEVER))
                .isInstanceOf(StepFailedException.class).hasMessageContaining("line 9: error: unknown tagged argument ':dayz'.");
        assertThat(server.host.executed()).noneMatch(l -> l.startsWith("install") || l.contains("mkdir"));
        assertThat(server.host.executed()).contains("rm -rf -- /tmp/mailwright-sieve.abc123");
    }

    @Test
    void anAddressThatIsNotAMailboxIsRefusedBeforeAnythingIsWritten() {
        VacationScripts s = scripts();
        assertThatThrownBy(() -> s.turnOn(server.service().read(), "info@example.com", AWAY, Cancel.NEVER))
                .isInstanceOf(MailTablesException.class).hasMessageContaining("info@example.com is not a mailbox on this server");
        assertThatThrownBy(() -> s.turnOff(server.service().read(), "nobody@example.com", Cancel.NEVER)).isInstanceOf(MailTablesException.class);
        assertThat(server.host.executed()).noneMatch(l -> l.contains("sievec") || l.startsWith("rm") || l.startsWith("install"));
    }

    @Test
    void offRemovesOnlyTheScriptAndItsCompiledForm() {
        VacationScripts s = scripts();
        server.host.on("rm -f", 0, "");
        s.turnOff(server.service().read(), "bob@example.com", Cancel.NEVER);
        assertThat(server.host.executed()).contains("rm -f -- /var/vmail/example.com/bob/mailwright-sieve/vacation.sieve "
                + "/var/vmail/example.com/bob/mailwright-sieve/vacation.svbin");
    }

    @Test
    void readAllReadsEveryMailboxsReplyInOneCommandAndAHandEditedOneAsOnWithSettingsUnknown() {
        VacationScripts s = server.service().vacations();
        MailboxSnapshot snapshot = server.service().read();
        int before = server.host.executed().size();
        Map<String, VacationStatus> all = s.readAll(snapshot);
        assertThat(server.host.executed()).hasSize(before + 1);
        assertThat(server.host.executed().get(before)).as("a glob, not a list that grows with the mailboxes")
                .doesNotContain("alice").doesNotContain("example.com");
        assertThat(all).containsOnlyKeys("bob@example.com", "carol@example.org");
        assertThat(all.get("bob@example.com")).isEqualTo(VacationStatus.of(FakeMailServer.BOB_AWAY));
        assertThat(all.get("carol@example.org")).isEqualTo(VacationStatus.UNKNOWN);
        assertThat(all.get("carol@example.org").summary()).isEqualTo("on, settings unknown");
        assertThat(all.get("bob@example.com").summary()).isEqualTo("on 2026-12-20 to 2027-01-06");
    }

    @Test
    void aReplyTurnedOnReadsBackAsItWasGiven() {
        VacationScripts s = scripts();
        server.host.on("runuser -u vmail -- sievec", 0, "").on("runuser -u vmail -- mkdir", 0, "");
        Vacation v = new Vacation("\"Away\" \\o/ \u2013 zur\u00fcck", "Hallo,\n.\n..\nGr\u00fc\u00dfe\n", Optional.of(LocalDate.of(2026, 12, 24)),
                Optional.empty());
        s.turnOn(server.service().read(), "alice@example.com", v, Cancel.NEVER);
        assertThat(s.readAll(server.service().read())).containsEntry("alice@example.com", VacationStatus.of(v));
        s.turnOff(server.service().read(), "alice@example.com", Cancel.NEVER);
        assertThat(s.readAll(server.service().read())).doesNotContainKey("alice@example.com");
    }

    @Test
    void aScriptWithoutTheSettingsLineOrWithAnotherBodyIsOnWithSettingsUnknown() {
        String bob = MailRenderer.vacationSieve(FakeMailServer.BOB_AWAY, "bob@example.com");
        String withoutLine = bob.lines().filter(l -> !l.startsWith(MailRenderer.VACATION_SETTINGS)).map(l -> l + "\n")
                .collect(Collectors.joining());
        server.host.file(MailLayout.vacationSieve("bob@example.com"), withoutLine, 0600, "vmail", "vmail");
        assertThat(server.service().vacations().readAll(server.service().read())).containsEntry("bob@example.com", VacationStatus.UNKNOWN);
        // the settings line of another mailbox's script: its :addresses differ, so it is not this script
        server.host.file(MailLayout.vacationSieve("bob@example.com"), MailRenderer.vacationSieve(FakeMailServer.BOB_AWAY, "alice@example.com"),
                0600, "vmail", "vmail");
        assertThat(server.service().vacations().readAll(server.service().read())).containsEntry("bob@example.com", VacationStatus.UNKNOWN);
    }

    @Test
    void theRealShellCommandFindsEveryScriptWithItsDigestAndSettingsLine(@TempDir Path vmail) throws Exception {
        Vacation away = FakeMailServer.BOB_AWAY;
        write(vmail.resolve("example.com/bob/mailwright-sieve/vacation.sieve"), MailRenderer.vacationSieve(away, "bob@example.com"));
        write(vmail.resolve("example.org/carol/mailwright-sieve/vacation.sieve"), "require [\"vacation\"];\nvacation \"Away\";\n");
        write(vmail.resolve(".removed/dave@example.com-20260101-000000/mailwright-sieve/vacation.sieve"), "gone\n");
        Files.createDirectories(vmail.resolve("example.com/alice/cur"));
        String glob = vmail + "/*/*/" + MailLayout.MAILWRIGHT_SIEVE_DIR + "/" + MailLayout.VACATION_SIEVE;
        String out = sh(VacationScripts.readAllCommand(glob).line()).replace(vmail.toString(), MailLayout.VMAIL);
        Map<String, VacationStatus> all = VacationScripts.parseAll(
                java.util.List.of("alice@example.com", "bob@example.com", "carol@example.org", "dave@example.com"), out);
        assertThat(all).containsOnlyKeys("bob@example.com", "carol@example.org");
        assertThat(all.get("bob@example.com")).isEqualTo(VacationStatus.of(away));
        assertThat(all.get("carol@example.org")).isEqualTo(VacationStatus.UNKNOWN);
        // no script at all: the glob stays unexpanded, nothing is printed and the command still succeeds
        Path empty = Files.createDirectories(vmail.resolve("nothing"));
        assertThat(sh(VacationScripts.readAllCommand(empty + "/*/*/x.sieve").line())).isEmpty();
    }

    private static void write(Path p, String text) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static String sh(String line) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
