package org.mailwright.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.engine.status.StatusCheck;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.dashboard.DashboardModel.State;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;

/** The dashboard's model without JavaFX running: everything on the test's thread, over the fake server. */
class DashboardModelTest {
    static final String SPEC = """
            server:   { host: 203.0.113.10, port: 22, user: root }
            hostname: mail.example.com
            domains:  [example.com]
            users:    [ { address: alice@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
            tls:      { mode: self-signed }
            """;

    @TempDir
    Path tmp;
    FakeDashboardSession session;
    ProfileStore profiles;
    Path spec;

    @BeforeEach
    void setUp() throws Exception {
        session = new FakeDashboardSession();
        profiles = new ProfileStore(tmp.resolve("profiles"));
        spec = tmp.resolve("mail.yaml");
        Files.writeString(spec, SPEC);
    }

    DashboardModel model() {
        return new DashboardModel(session, profiles, UiExecutor.sameThread(), Clock.fixed(FakeDashboardSession.NOW, ZoneOffset.UTC));
    }

    DashboardModel connected() {
        DashboardModel m = model();
        m.hostProperty().set("203.0.113.10");
        m.passwordProperty().set("correct horse battery");
        m.specPathProperty().set(spec.toString());
        m.connect();
        assertThat(m.messageProperty().get()).isEmpty();
        assertThat(m.stateProperty().get()).isEqualTo(State.CONNECTED);
        return m;
    }

    @Test
    void opensOnTheLastUsedServerWithItsSpecFile() throws Exception {
        profiles.save(new ServerProfile("198.51.100.7", 22, "root", "", "example.org", "mail.example.org", Instant.parse("2026-01-01T00:00:00Z")));
        profiles.save(new ServerProfile("203.0.113.10", 2222, "admin", "~/.ssh/id_ed25519", "example.com", "mail.example.com",
                Instant.parse("2026-11-01T00:00:00Z"), spec.toString()));

        DashboardModel m = model();

        assertThat(m.profiles()).hasSize(2);
        assertThat(m.hostProperty().get()).isEqualTo("203.0.113.10");
        assertThat(m.portProperty().get()).isEqualTo("2222");
        assertThat(m.useKeyProperty().get()).isTrue();
        assertThat(m.specPathProperty().get()).isEqualTo(spec.toString());
        assertThat(m.needsSpecFile()).isFalse();
        m.selectedProfileProperty().set(m.profiles().get(1));
        assertThat(m.hostProperty().get()).isEqualTo("198.51.100.7");
        assertThat(m.needsSpecFile()).as("asked once, then remembered").isTrue();
    }

    @Test
    void connectingRemembersTheServerAndItsSpecButNoSecret() throws Exception {
        DashboardModel m = connected();

        ServerProfile saved = profiles.list().get(0);
        assertThat(saved.host()).isEqualTo("203.0.113.10");
        assertThat(saved.specPath()).isEqualTo(spec.toString());
        assertThat(saved.hostname()).isEqualTo("mail.example.com");
        assertThat(saved.lastUsed()).isEqualTo(FakeDashboardSession.NOW);
        assertThat(m.passwordProperty().get()).isEmpty();
        try (var files = Files.list(tmp.resolve("profiles"))) {
            for (Path f : files.toList()) {
                assertThat(Files.readString(f)).doesNotContain("correct horse battery");
            }
        }
        // the wizard saving the same server without a spec file keeps the path
        profiles.save(new ServerProfile("203.0.113.10", 22, "root", "", "example.com", "mail.example.com", Instant.now()));
        assertThat(profiles.list().get(0).specPath()).isEqualTo(spec.toString());
    }

    @Test
    void withoutASpecFileItAsksForOneAndSendsNothing() {
        DashboardModel m = model();
        m.hostProperty().set("203.0.113.10");
        m.passwordProperty().set("pw");

        m.connect();

        assertThat(m.stateProperty().get()).isEqualTo(State.NOT_CONNECTED);
        assertThat(m.messageProperty().get()).contains("spec file");
        assertThat(session.server.lastLogin).isNull();
    }

    @Test
    void aSpecFileThatIsNotASpecIsABannerNotACrash() throws Exception {
        Files.writeString(spec, "this: [is not");
        DashboardModel m = model();
        m.hostProperty().set("203.0.113.10");
        m.passwordProperty().set("pw");
        m.specPathProperty().set(spec.toString());

        m.connect();

        assertThat(m.stateProperty().get()).isEqualTo(State.NOT_CONNECTED);
        assertThat(m.messageProperty().get()).startsWith("Could not connect: ").contains("is not a Mailwright spec");
    }

    @Test
    void statusShowsEachCheckAsItArrivesThenAllInDisplayOrder() {
        List<Integer> seen = new ArrayList<>();
        DashboardModel m = model();
        m.checks().addListener((javafx.collections.ListChangeListener<StatusCheck>) c -> seen.add(m.checks().size()));
        m.hostProperty().set("203.0.113.10");
        m.passwordProperty().set("pw");
        m.specPathProperty().set(spec.toString());
        m.connect();

        int all = FakeDashboardSession.status().checks().size();
        assertThat(seen).as("one by one").contains(1, 2, 3, all);
        assertThat(m.checks()).containsExactlyElementsOf(FakeDashboardSession.status().checks());
        assertThat(m.statusSummaryProperty().get()).isEqualTo("1 problem and 1 warning of 31 checks, 2 skipped. Checked at 10:42.");
        assertThat(m.backupCheckProperty().get().finding().message()).contains("verified, copied offsite");
        assertThat(m.refreshingProperty().get()).isFalse();
    }

    @Test
    void aFailedRefreshIsABanner() {
        DashboardModel m = connected();
        session.statusFails = "the server did not answer within 30 s";

        m.refresh();

        assertThat(m.messageProperty().get()).isEqualTo("Could not check the server: the server did not answer within 30 s");
        assertThat(m.refreshingProperty().get()).isFalse();
        assertThat(m.stateProperty().get()).isEqualTo(State.CONNECTED);
    }

    @Test
    void aDroppedConnectionGoesBackToTheLoginFormSayingSo() {
        DashboardModel m = connected();
        session.statusFails = "the connection was closed";
        session.loggedIn = false; // the server rebooted under the dashboard

        m.refresh();

        assertThat(m.stateProperty().get()).isEqualTo(State.NOT_CONNECTED);
        assertThat(m.messageProperty().get()).isEqualTo("The connection to the server was lost (the connection was closed). Log in again.");
    }

    @Test
    void theQueueSaysAgesAndErrorsInWords() {
        DashboardModel m = connected();

        assertThat(m.queue()).extracting(DashboardModel.QueueRow::recipient)
                .containsExactly("bob@partner.example.net", "old.customer@gone.example");
        assertThat(m.queue().get(0).age()).isEqualTo("3 h 12 min");
        assertThat(m.queue().get(1).age()).isEqualTo("2 days 4 h");
        assertThat(m.queue().get(0).state()).isEqualTo("pending, 6 tries");
        assertThat(m.queue().get(1).error()).contains("does not receive mail");
        assertThat(m.queueSummaryProperty().get()).startsWith("2 messages wait");
    }

    @Test
    void retryAndRemoveReachTheServerAndReadTheQueueAgain() {
        DashboardModel m = connected();

        m.retry(m.queue().get(0));
        assertThat(session.retried).containsExactly("a1b2c3d4e5f60718");
        m.remove(m.queue().get(1));

        assertThat(session.removed).containsExactly("9f8e7d6c5b4a3210");
        assertThat(m.queue()).hasSize(1);
        assertThat(m.noticeProperty().get()).isEqualTo("Removed the message to old.customer@gone.example from the queue.");
    }

    @Test
    void removingAnEnvelopeGoneMeanwhileSaysSo() {
        DashboardModel m = connected();
        DashboardModel.QueueRow gone = m.queue().get(1);
        session.queued.remove(1);

        m.remove(gone);

        assertThat(m.messageProperty().get()).startsWith("The queue did not change: ").contains("delivered or removed meanwhile");
        assertThat(m.queue()).hasSize(1);
    }

    @Test
    void theBansAreOneRowPerAddressSoonestToEndFirst() {
        DashboardModel m = connected();

        assertThat(m.bans()).extracting(DashboardModel.BanRow::address).containsExactly("198.51.100.23", "203.0.113.7", "2001:db8:4c::17");
        assertThat(m.bans().get(0).failed()).isEqualTo("SMTP logins (submission)");
        assertThat(m.bans().get(0).until()).isEqualTo("5 Dec 11:12");
        DashboardModel.BanRow twoJails = m.bans().get(2);
        assertThat(twoJails.failed()).isEqualTo("IMAP and ManageSieve logins; SMTP logins (submission)");
        assertThat(twoJails.until()).as("the later of its two bans").isEqualTo("5 Dec 13:59");
        assertThat(twoJails.detail()).isEqualTo("Banned for failed IMAP and ManageSieve logins (jail dovecot) at 5 Dec 09:58 for 4 h, "
                + "until 5 Dec 13:58. Banned for failed SMTP logins (submission) (jail mailwright-opensmtpd) at 5 Dec 09:59 for 4 h, "
                + "until 5 Dec 13:59. Times are the server's clock.");
        assertThat(m.bansSummaryProperty().get()).isEqualTo("3 addresses banned now; each ban ends by itself at the time shown.");
        assertThat(m.bansBusyProperty().get()).isFalse();
    }

    @Test
    void noBanIsSaidInWords() {
        session.banned.clear();

        DashboardModel m = connected();

        assertThat(m.bans()).isEmpty();
        assertThat(m.bansSummaryProperty().get()).isEqualTo("No address is banned now.");
        assertThat(m.bansEmptyProperty().get()).startsWith("Nobody failed to log in often enough to be banned.");
    }

    @Test
    void bansThatCannotBeReadSayWhyInsteadOfAnEmptyList() {
        DashboardModel m = connected();
        session.bansFail = "fail2ban does not answer on root@203.0.113.10:22 (Failed to access socket path): start it with "
                + "systemctl restart fail2ban; journalctl -u fail2ban -n 50 says why it stopped.";

        m.reloadBans();

        assertThat(m.bans()).as("not the list read before").isEmpty();
        assertThat(m.bansSummaryProperty().get()).isEqualTo("Could not read the bans: " + session.bansFail);
        assertThat(m.bansEmptyProperty().get()).isEqualTo("The bans could not be read: see above.");
        assertThat(m.messageProperty().get()).as("the Status's protection check says it too; no banner on every refresh").isEmpty();
        assertThat(m.stateProperty().get()).isEqualTo(State.CONNECTED);
    }

    @Test
    void unbanLiftsTheBanSaysSoAndReadsTheBansAgain() {
        DashboardModel m = connected();

        m.unban(m.bans().get(1));

        assertThat(session.unbanned).containsExactly("203.0.113.7");
        assertThat(m.noticeProperty().get()).isEqualTo("Lifted the ban on 203.0.113.7: it can log in again.");
        assertThat(m.bans()).extracting(DashboardModel.BanRow::address).containsExactly("198.51.100.23", "2001:db8:4c::17");
        assertThat(m.bansSummaryProperty().get()).startsWith("2 addresses banned now");
        assertThat(m.messageProperty().get()).isEmpty();
    }

    @Test
    void unbanOfAnAddressNoLongerBannedSaysSo() {
        DashboardModel m = connected();
        DashboardModel.BanRow ended = m.bans().get(0);
        session.banned.removeIf(b -> b.address().equals("198.51.100.23")); // its ban ended while the list was shown

        m.unban(ended);

        assertThat(session.unbanned).containsExactly("198.51.100.23");
        assertThat(m.noticeProperty().get()).isEqualTo("198.51.100.23 was not banned: its ban had ended, or was lifted meanwhile.");
        assertThat(m.bans()).hasSize(2);
    }

    @Test
    void aFailedUnbanIsABannerAndTheBansStay() {
        DashboardModel m = connected();
        session.unbanFails = "fail2ban did not lift the ban on root@203.0.113.10:22 (Failed to access socket path): is it running? "
                + "systemctl status fail2ban on the server.";

        m.unban(m.bans().get(1));

        assertThat(m.messageProperty().get()).isEqualTo("The ban on 203.0.113.7 was not lifted: " + session.unbanFails);
        assertThat(m.noticeProperty().get()).isEmpty();
        assertThat(m.bans()).hasSize(3);
        assertThat(m.bansBusyProperty().get()).isFalse();
    }

    @Test
    void theProtectionIsExplainedWithTheLoginPorts() {
        assertThat(DashboardModel.bansExplained()).contains("banned from the login ports (465, 587, 993 and 4190)")
                .endsWith("the address Mailwright connects from is never banned.");
    }

    @Test
    void theTrailAddressIsCheckedAsItIsTyped() {
        DashboardModel m = connected();

        m.trailAddressProperty().set("alice@");
        assertThat(m.trailProblemProperty().get()).startsWith("The address 'alice@' is not an address like name@example.com");
        m.findTrail();
        assertThat(session.lastTrailAddress).as("nothing sent").isNull();
        m.trailAddressProperty().set("alice@example.com");
        assertThat(m.trailProblemProperty().get()).isEmpty();
    }

    @Test
    void theTrailListsEachMessageWithItsHops() {
        DashboardModel m = connected();
        m.trailAddressProperty().set("alice@example.com");
        m.trailDayProperty().set(LocalDate.of(2026, 12, 5));

        m.findTrail();

        assertThat(session.lastTrailDay).contains(LocalDate.of(2026, 12, 5));
        assertThat(m.trails()).hasSize(2);
        DashboardModel.TrailRow deferred = m.trails().get(0);
        assertThat(deferred.failed()).isTrue();
        assertThat(deferred.title()).contains("alice@example.com \u2192 bob@partner.example.net");
        assertThat(deferred.hops()).extracting(DashboardModel.HopRow::kind).containsExactly("Submitted", "Scanned", "Deferred");
        assertThat(deferred.hops().get(2).failed()).isTrue();
        DashboardModel.TrailRow delivered = m.trails().get(1);
        assertThat(delivered.failed()).isFalse();
        assertThat(delivered.hops()).extracting(DashboardModel.HopRow::text)
                .contains("rspamd: score 1.2 of 15, no action (DKIM and SPF pass)", "delivered to the mailbox of alice@example.com");
        assertThat(delivered.hops().get(0).time()).isEqualTo("09:55");
        assertThat(m.trailSummaryProperty().get()).isEqualTo("2 messages from or to alice@example.com on 2026-12-05, newest first.");
    }

    @Test
    void backUpNowRunsASnapshotAndChecksAgain() {
        DashboardModel m = connected();
        int before = session.statusRuns;

        m.backupNow();

        assertThat(session.backups).isEqualTo(1);
        assertThat(m.backupFindings()).extracting(f -> f.message()).containsExactly("snapshot 4f2a91c0 made: 1.8 GiB, 14 MiB new, verified");
        assertThat(m.backupMessageProperty().get()).startsWith("Backed up.");
        assertThat(session.statusRuns).isEqualTo(before + 1);
    }

    @Test
    void theRecoverySheetIsSavedForItsOwnerOnly() throws Exception {
        DashboardModel m = connected();
        Path file = tmp.resolve("sheet.html");

        m.saveRecoverySheet(file);

        assertThat(Files.readString(file)).contains("otter-quartz-lamp-9317-tidy");
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(m.backupMessageProperty().get()).startsWith("Saved the recovery sheet to ");
    }

    @Test
    void pickingAnotherServerLogsOutOfTheFirst() throws Exception {
        profiles.save(new ServerProfile("198.51.100.7", 22, "root", "", "example.org", "mail.example.org", Instant.parse("2026-01-01T00:00:00Z")));
        DashboardModel m = connected();
        assertThat(m.profiles()).hasSize(2);

        m.selectedProfileProperty().set(m.profiles().stream().filter(p -> p.host().equals("198.51.100.7")).findFirst().orElseThrow());

        assertThat(m.stateProperty().get()).isEqualTo(State.NOT_CONNECTED);
        assertThat(m.checks()).isEmpty();
        assertThat(m.queue()).isEmpty();
        assertThat(m.bans()).isEmpty();
    }

    @Test
    void agesInWords() {
        Instant now = FakeDashboardSession.NOW;
        assertThat(DashboardModel.age(now.minusSeconds(20), now)).isEqualTo("just now");
        assertThat(DashboardModel.age(now.minus(Duration.ofMinutes(5)), now)).isEqualTo("5 min");
        assertThat(DashboardModel.age(now.minus(Duration.ofHours(2)), now)).isEqualTo("2 h");
        assertThat(DashboardModel.age(now.minus(Duration.ofHours(24)), now)).isEqualTo("1 day");
        assertThat(Optional.of(DashboardModel.addressProblem(""))).contains(Optional.empty());
    }
}
