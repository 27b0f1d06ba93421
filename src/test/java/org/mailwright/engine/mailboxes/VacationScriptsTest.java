package org.mailwright.engine.mailboxes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
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
}
