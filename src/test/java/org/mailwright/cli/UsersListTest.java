package org.mailwright.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.mailwright.session.Mailboxes;
import org.mailwright.ui.users.FakeMailServer;

/** {@code users list} over the real engine on a fake server: usage, quota, vacation reply and aliases per mailbox. */
class UsersListTest {

    @Test
    void listsEachMailboxsVacationReplyReadInOneCommand() {
        FakeMailServer server = new FakeMailServer();
        Mailboxes backend = server.backend();
        StringWriter out = new StringWriter();
        int before = server.host.executed().size();
        int exit = new UsersCommand.List().run(backend, backend.read(), new PrintWriter(out, true));
        assertThat(exit).isEqualTo(MailwrightCommand.OK);
        assertThat(server.host.executed().stream().skip(before).filter(l -> l.contains("vacation.sieve"))).hasSize(1);
        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).matches("ADDRESS +USED +QUOTA +FULL +VACATION +ALIASES");
        assertThat(lines[1]).matches("alice@example\\.com +47\\.1 MiB +50M +94 % +- +postmaster@example\\.com, .*");
        assertThat(lines[2]).matches("bob@example\\.com +912\\.0 KiB +- +- +on 2026-12-20 to 2027-01-06 +info@example\\.com, sales@example\\.com");
        assertThat(lines[3]).matches("carol@example\\.org +1\\.5 GiB +2G +72 % +on, settings unknown +postmaster@example\\.org, abuse@example\\.org");
        // the columns line up: VACATION starts at the same place on every line
        int at = lines[0].indexOf("VACATION");
        assertThat(lines[2].substring(at)).startsWith("on 2026-12-20");
        assertThat(lines[1].substring(at)).startsWith("- ");
        assertThat(out.toString()).contains("3 mailboxes", "default quota of new mailboxes of example.org: 1G");
    }
}
