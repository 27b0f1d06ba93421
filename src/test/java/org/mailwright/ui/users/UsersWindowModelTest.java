package org.mailwright.ui.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.users.UsersWindowModel.Form;
import org.mailwright.ui.users.UsersWindowModel.State;

/** The users window's model without JavaFX controls, against the real engine over a fake server. */
class UsersWindowModelTest {
    static final String GOOD = "Another-Good-Pw-1";

    FakeMailServer server;
    UsersWindowModel model;

    @BeforeEach
    void load() {
        server = new FakeMailServer();
        model = UsersWindowModel.over(server.backend(), UiExecutor.sameThread());
        model.reload();
    }

    private void addMailbox(String address, String password) {
        model.openAddMailbox();
        model.formAddressProperty().set(address);
        model.formPasswordProperty().set(password);
        model.submitForm();
    }

    @Test
    void showsTheSelectedDomainsMailboxesWithUsageQuotaVacationAndAliases() {
        assertThat(model.stateProperty().get()).isEqualTo(State.READY);
        assertThat(model.domains()).containsExactly("example.com", "example.org");
        assertThat(model.selectedDomainProperty().get()).isEqualTo("example.com");
        assertThat(model.mailboxes()).extracting(UsersWindowModel.MailboxRow::address).containsExactly("alice@example.com", "bob@example.com");
        UsersWindowModel.MailboxRow alice = model.mailboxes().get(0);
        assertThat(alice.usage()).as("the engine's words, as users list says it").isEqualTo("47.1 MiB of 50.0 MiB (94 %)");
        assertThat(alice.badge()).as("at or above QuotaSize.WARNING_PERCENT").isEqualTo("nearly full");
        assertThat(alice.quota()).isEqualTo("50M");
        assertThat(alice.vacation()).isEmpty();
        assertThat(alice.aliases()).isEqualTo("postmaster@example.com, abuse@example.com, info@example.com");
        UsersWindowModel.MailboxRow bob = model.mailboxes().get(1);
        assertThat(bob.usage()).isEqualTo("912.0 KiB");
        assertThat(bob.badge()).isEmpty();
        assertThat(bob.quota()).isEqualTo("none");
        assertThat(bob.vacation()).isEqualTo("on 2026-12-20 to 2027-01-06");
        assertThat(model.domainQuotaProperty().get()).isEqualTo("none");
        model.selectedDomainProperty().set("example.org");
        assertThat(model.mailboxes()).singleElement().satisfies(r -> {
            assertThat(r.usage()).isEqualTo("1.5 GiB of 2.0 GiB (72 %)");
            assertThat(r.badge()).isEmpty();
            assertThat(r.vacation()).as("changed by hand on the server").isEqualTo("on, settings unknown");
        });
        assertThat(model.domainQuotaProperty().get()).isEqualTo("1G");
    }

    @Test
    void theVacationFormSaysWhatIsWrongAndTurnsTheReplyOnAndOffAtOnce() {
        server.host.on("d=$(mktemp -d", 0, "/tmp/mailwright-sieve.x\n").on("install", 0, "").on("runuser -u vmail -- sievec", 0, "").on("runuser -u vmail -- mkdir", 0, "").on("rm -f", 0, "");
        model.openVacation("alice@example.com");
        assertThat(model.formProblemProperty().get()).isEqualTo("Subject: is empty.");
        model.formSubjectProperty().set("Abwesend – zurück");
        assertThat(model.formProblemProperty().get()).isEqualTo("Text: is empty.");
        model.formTextProperty().set("Grüße");
        model.formFromProperty().set("24.12.2026");
        assertThat(model.formProblemProperty().get()).isEqualTo("From: '24.12.2026' is not a date like 2026-12-24 (YYYY-MM-DD).");
        model.formFromProperty().set("2026-12-24");
        model.formUntilProperty().set("2026-12-01");
        assertThat(model.formProblemProperty().get()).isEqualTo("Until: 2026-12-01 is before From: 2026-12-24.");
        model.formUntilProperty().set("2027-01-02");
        assertThat(model.formProblemProperty().get()).isEmpty();
        model.turnVacationOn();
        assertThat(server.host.content("/tmp/mailwright-sieve.x/vacation.sieve")).get().asString().contains("\"2026-12-24\"", "Grüße");
        assertThat(model.noticeProperty().get()).startsWith("The vacation reply of alice@example.com is on from 2026-12-24 until 2027-01-02");
        assertThat(model.formProperty().get()).isEqualTo(Form.NONE);
        assertThat(model.pending()).as("not staged: it is not a table change").isEmpty();

        model.openVacation("alice@example.com");
        model.turnVacationOff();
        assertThat(server.host.executed()).contains("rm -f -- /var/vmail/example.com/alice/mailwright-sieve/vacation.sieve "
                + "/var/vmail/example.com/alice/mailwright-sieve/vacation.svbin");
        assertThat(model.noticeProperty().get()).isEqualTo("The vacation reply of alice@example.com is off.");
    }

    @Test
    void marksForwardersWhoseTargetsLeaveTheServer() {
        assertThat(model.aliases()).filteredOn(UsersWindowModel.AliasRow::forwarder).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo("sales@example.com");
            assertThat(a.targetsText()).isEqualTo("bob@example.com, partner@partner.example.net (outside)");
        });
        assertThat(model.aliases()).filteredOn(a -> a.address().equals("info@example.com")).singleElement()
                .satisfies(a -> assertThat(a.kind()).isEqualTo("Alias"));
    }

    @Test
    void stagesAMailboxWithADiffThatHidesThePasswordAndItsHash() {
        addMailbox("dave@example.com", GOOD);
        assertThat(model.pending()).containsExactly("Add mailbox dave@example.com");
        assertThat(model.diffProperty().get()).contains("+dave@example.com: vmail", "1 line added (dave@example.com)")
                .doesNotContain(GOOD).doesNotContain("$2");
        assertThat(model.mailboxes()).filteredOn(UsersWindowModel.MailboxRow::staged).extracting(UsersWindowModel.MailboxRow::address)
                .containsExactly("dave@example.com");
        assertThat(model.formPasswordProperty().get()).as("clear text forgotten once staged").isEmpty();
        assertThat(model.formProperty().get()).isEqualTo(Form.NONE);
    }

    @Test
    void nothingReachesTheServerBeforeApply() {
        addMailbox("dave@example.com", GOOD);
        model.openAlias("");
        model.formAddressProperty().set("team@example.com");
        model.formTargetsProperty().set("alice@example.com, friend@elsewhere.example");
        model.submitForm();
        model.removeMailbox("bob@example.com", false);
        assertThat(model.pending()).hasSize(3);
        assertThat(server.host.uploads()).isEmpty();
        assertThat(server.host.executed()).noneMatch(c -> c.startsWith("smtpctl") || c.startsWith("if [ -d"));
        assertThat(server.applies).isZero();
    }

    @Test
    void applyWritesEverythingStagedThenReloads() {
        addMailbox("dave@example.com", GOOD);
        model.removeMailbox("bob@example.com", false);
        model.apply();
        assertThat(server.applies).isEqualTo(1);
        assertThat(server.host.content("/etc/mail/credentials").orElseThrow()).contains("dave@example.com:").doesNotContain("bob@example.com");
        assertThat(server.host.executed()).anyMatch(c -> c.startsWith("if [ -d /var/vmail/example.com/bob ]"));
        assertThat(model.pending()).isEmpty();
        assertThat(model.diffProperty().get()).isEmpty();
        assertThat(model.mailboxes()).extracting(UsersWindowModel.MailboxRow::address).containsExactly("alice@example.com", "dave@example.com")
                .allSatisfy(a -> assertThat(a).isNotNull());
        assertThat(model.mailboxes()).noneMatch(UsersWindowModel.MailboxRow::staged);
        assertThat(model.noticeProperty().get()).startsWith("Applied 2 changes");
    }

    @Test
    void discardDropsEveryStagedChange() {
        addMailbox("dave@example.com", GOOD);
        model.removeAlias("info@example.com");
        model.discard();
        assertThat(model.pending()).isEmpty();
        assertThat(model.diffProperty().get()).isEmpty();
        assertThat(model.canApplyProperty().get()).isFalse();
        assertThat(model.aliases()).extracting(UsersWindowModel.AliasRow::address).contains("info@example.com");
        model.apply();
        assertThat(server.applies).isZero();
    }

    @Test
    void formSaysWhatIsWrongBeforeStaging() {
        model.openAddMailbox();
        assertThat(model.formProblemProperty().get()).isEqualTo("Enter the new mailbox's address.");
        model.formAddressProperty().set("dave@elsewhere.example");
        assertThat(model.formProblemProperty().get()).startsWith("dave@elsewhere.example is not in one of this server's domains [example.com, example.org]: add the domain first");
        model.formAddressProperty().set("bob@example.com");
        assertThat(model.formProblemProperty().get()).isEqualTo("bob@example.com is a mailbox already.");
        model.formAddressProperty().set("info@example.com");
        assertThat(model.formProblemProperty().get()).contains("is an alias already");
        model.formAddressProperty().set("dave@example.com");
        assertThat(model.formProblemProperty().get()).isEqualTo("Enter a password, or press Generate.");
        model.formPasswordProperty().set("short");
        assertThat(model.formProblemProperty().get()).startsWith("The password: ").contains("too short");
        model.submitForm();
        assertThat(model.pending()).isEmpty();
        assertThat(model.formProperty().get()).isEqualTo(Form.ADD_MAILBOX);
    }

    @Test
    void theEnginesRefusalIsShownAndTheOtherChangesStay() {
        addMailbox("dave@example.com", GOOD);
        model.removeMailbox("alice@example.com", false); // postmaster points only at alice
        assertThat(model.pending()).containsExactly("Add mailbox dave@example.com");
        assertThat(model.messageProperty().get()).startsWith("Not staged: postmaster@example.com is required (RFC 2142)");
        assertThat(model.messageProperty().get()).as("the window's words, not a command").doesNotContain("aliases add").endsWith("point it at another mailbox first");
    }

    @Test
    void strengthMeterAndGeneratorFollowThePassword() {
        model.openAddMailbox();
        model.formPasswordProperty().set("aaaaaaaaaa");
        int weak = model.strengthProperty().get();
        model.generatePassword();
        assertThat(model.strengthProperty().get()).isGreaterThan(weak).isGreaterThanOrEqualTo(3);
        assertThat(model.shownPasswordProperty().get()).hasSize(20).isEqualTo(model.formPasswordProperty().get());
        model.formPasswordProperty().set("typed over it");
        assertThat(model.shownPasswordProperty().get()).isEmpty();
        model.closeForm();
        assertThat(model.formPasswordProperty().get()).isEmpty();
    }

    @Test
    void aTableChangedOnTheServerStopsTheApplyAndOffersReload() {
        model.removeAlias("info@example.com");
        server.changeBeforeApply = "/etc/mail/virtuals";
        model.apply();
        assertThat(model.stateProperty().get()).isEqualTo(State.STALE);
        assertThat(model.messageProperty().get()).startsWith("/etc/mail/virtuals changed on the server since it was read").contains("Press Reload");
        assertThat(model.actionsDisabledProperty().get()).isTrue();
        assertThat(model.canApplyProperty().get()).isFalse();
        assertThat(server.host.executed()).noneMatch(c -> c.startsWith("smtpctl"));
        model.reload();
        assertThat(model.stateProperty().get()).isEqualTo(State.READY);
        assertThat(model.pending()).isEmpty();
        assertThat(model.messageProperty().get()).isEmpty();
    }

    @Test
    void aTableThatCannotBeReadNamesTheLineAndDisablesEverything() {
        server.host.file("/etc/mail/virtuals", FakeMailServer.VIRTUALS + "foo\n", 0644, "root", "root");
        model.reload();
        assertThat(model.stateProperty().get()).isEqualTo(State.PARSE_ERROR);
        assertThat(model.messageProperty().get()).contains("virtuals line 11: 'foo' has no target", "Nothing was written");
        assertThat(model.actionsDisabledProperty().get()).isTrue();
        assertThat(model.mailboxes()).isEmpty();
        model.openAddMailbox();
        assertThat(model.formProperty().get()).isEqualTo(Form.NONE);
        model.removeMailbox("bob@example.com", false);
        assertThat(model.pending()).isEmpty();
        assertThat(server.host.uploads()).isEmpty();
    }

    @Test
    void addingADomainShowsItsDkimRecordAfterApply() {
        model.openAddDomain();
        model.formDomainProperty().set("example.net");
        assertThat(model.formPostmasterProperty().get()).isEqualTo("alice@example.com");
        model.submitForm();
        assertThat(model.pending()).containsExactly("Add domain example.net (postmaster \u2192 alice@example.com)");
        assertThat(model.diffProperty().get()).contains("+example.net", "+postmaster@example.net: alice@example.com",
                "publish the DKIM key of example.net: dkim._domainkey.example.net.\t3600\tIN\tTXT\t\"v=DKIM1; k=rsa; p=");
        model.apply();
        assertThat(model.domains()).contains("example.net");
        assertThat(model.dnsRecords()).anyMatch(r -> r.contains("dkim._domainkey.example.net.\t3600\tIN\tTXT\t"));
    }

    @Test
    void aCatchAllIsStagedWithItsSpamWarningAndOneForADomainNotServedIsRefused() {
        model.openAlias("");
        model.formAddressProperty().set("@example.net");
        model.formTargetsProperty().set("bob@example.com");
        model.submitForm();
        assertThat(model.formProblemProperty().get()).contains("@example.net is a catch-all for example.net, which is not one of this server's domains");
        assertThat(model.pending()).isEmpty();
        model.formAddressProperty().set("@example.com");
        model.submitForm();
        assertThat(model.pending()).containsExactly("Add alias @example.com \u2192 bob@example.com");
        assertThat(model.noticeProperty().get()).startsWith("Note: the catch-all @example.com takes mail to every address of example.com")
                .contains("draws spam");
    }

    @Test
    void editingAnAliasStartsFromItsTargets() {
        model.openAlias("sales@example.com");
        assertThat(model.formTargetsProperty().get()).isEqualTo("bob@example.com, partner@partner.example.net");
        model.formTargetsProperty().set("bob@example.com");
        model.submitForm();
        assertThat(model.pending()).containsExactly("Point alias sales@example.com \u2192 bob@example.com");
        assertThat(model.aliases()).filteredOn(a -> a.address().equals("sales@example.com")).singleElement()
                .satisfies(a -> assertThat(a.forwarder()).isFalse());
    }

    @Test
    void aWindowOpenedWithoutASessionAsksHowToLogIn() {
        var service = new org.mailwright.ui.FakeSetupService();
        service.askHostKey = false;
        UsersWindowModel m = UsersWindowModel.connecting(service, org.mailwright.model.ServerSpec.DkimSettings.DEFAULT, UiExecutor.sameThread());
        assertThat(m.stateProperty().get()).isEqualTo(State.NOT_CONNECTED);
        assertThat(m.actionsDisabledProperty().get()).isTrue();
        m.connect();
        assertThat(m.messageProperty().get()).isEqualTo("Enter the server's IP address or host name.");
        m.hostProperty().set("203.0.113.10");
        m.passwordProperty().set("pw");
        m.connect();
        assertThat(m.stateProperty().get()).isEqualTo(State.READY);
        assertThat(m.passwordProperty().get()).isEmpty();
        assertThat(m.mailboxes()).hasSize(2);
        assertThat(List.copyOf(m.domains())).containsExactly("example.com", "example.org");
    }

    @Test
    void theWindowsOwnLoginTakesAnEncryptedKeyWithItsPassphrase() {
        var service = new org.mailwright.ui.FakeSetupService();
        service.askHostKey = false;
        UsersWindowModel m = UsersWindowModel.of(new org.mailwright.ui.wizard.ManageUsers.Request(service,
                org.mailwright.model.ServerSpec.DkimSettings.DEFAULT, false, java.util.Optional.empty()), UiExecutor.sameThread());
        m.hostProperty().set("203.0.113.10");
        m.useKeyProperty().set(true);
        m.keyPathProperty().set("~/.ssh/id_ed25519");
        m.passphraseProperty().set("pass phrase");
        m.connect();
        assertThat(m.stateProperty().get()).isEqualTo(State.READY);
        assertThat(service.lastLogin.keyPath()).contains(java.nio.file.Path.of(System.getProperty("user.home"), ".ssh", "id_ed25519"));
        assertThat(service.lastLogin.passphrase()).isEqualTo("pass phrase".toCharArray());
        assertThat(m.passphraseProperty().get()).as("forgotten once used").isEmpty();
    }

    @Test
    void aMailboxsQuotaIsStagedWithItsDiffAndShownAgainstWhatItUses() {
        model.openQuota("alice@example.com");
        assertThat(model.formQuotaProperty().get()).as("its limit now").isEqualTo("50M");
        assertThat(model.formNoteProperty().get()).isEqualTo("It uses 47.1 MiB of 50.0 MiB (94 %) now.");
        model.formQuotaProperty().set("2.5G");
        assertThat(model.formProblemProperty().get()).as("QuotaSize's words").isEqualTo("Quota: '2.5G' is not a size; write a whole number "
                + "with a unit, such as 500M or 2G (K, M, G, T; 1G = 1024M), or none.");
        model.formQuotaProperty().set("0M");
        assertThat(model.formProblemProperty().get()).isEqualTo("Quota: '0M' is out of range; a quota is between 1M and 1024T.");
        model.formQuotaProperty().set("");
        assertThat(model.formProblemProperty().get()).isEqualTo("Enter a size such as 500M or 2G, or none for no limit.");
        model.submitForm();
        assertThat(model.pending()).as("nothing staged while the size is wrong").isEmpty();
        model.formQuotaProperty().set("2G");
        model.submitForm();
        assertThat(model.pending()).containsExactly("Quota of alice@example.com: 2G");
        assertThat(model.diffProperty().get()).contains("quota of alice@example.com: 50M -> 2G").doesNotContain("$2");
        assertThat(model.mailboxes().get(0)).satisfies(r -> {
            assertThat(r.usage()).isEqualTo("47.1 MiB of 2.0 GiB (2 %)");
            assertThat(r.badge()).isEmpty();
            assertThat(r.quota()).isEqualTo("2G");
        });
        model.openQuota("bob@example.com");
        assertThat(model.formQuotaProperty().get()).isEqualTo("none");
        model.openQuota("alice@example.com");
        model.formQuotaProperty().set("None");
        model.submitForm();
        assertThat(model.pending()).last().isEqualTo("Quota of alice@example.com: no limit");
        assertThat(model.mailboxes().get(0).usage()).isEqualTo("47.1 MiB");
        assertThat(server.host.uploads()).as("staged, not written").isEmpty();
    }

    @Test
    void theSelectedDomainsDefaultQuotaIsStagedAndGivenToMailboxesAddedThere() {
        model.openDomainQuota();
        assertThat(model.formDomainProperty().get()).isEqualTo("example.com");
        assertThat(model.formQuotaProperty().get()).isEqualTo("none");
        model.formQuotaProperty().set("5 GiB");
        model.submitForm();
        assertThat(model.pending()).containsExactly("Default quota of new mailboxes of example.com: 5G");
        assertThat(model.domainQuotaProperty().get()).isEqualTo("5G");
        assertThat(model.diffProperty().get()).contains("+example.com: 5G");
        addMailbox("dave@example.com", GOOD);
        assertThat(model.pending()).last().isEqualTo("Add mailbox dave@example.com");
        assertThat(model.mailboxes()).filteredOn(r -> r.address().equals("dave@example.com")).singleElement()
                .satisfies(r -> assertThat(r.quota()).isEqualTo("5G"));
        model.selectedDomainProperty().set("example.org");
        assertThat(model.domainQuotaProperty().get()).isEqualTo("1G");
    }

    @Test
    void theAddFormTakesAQuotaOrNoneInsteadOfTheDomainsDefault() {
        model.selectedDomainProperty().set("example.org");
        model.openAddMailbox();
        model.formAddressProperty().set("erin@example.org");
        model.formPasswordProperty().set(GOOD);
        model.formQuotaProperty().set("500");
        assertThat(model.formProblemProperty().get()).startsWith("Quota: '500' is not a size;");
        model.formQuotaProperty().set("500M");
        model.submitForm();
        model.openAddMailbox();
        model.formAddressProperty().set("fred@example.org");
        model.formPasswordProperty().set(GOOD);
        model.formQuotaProperty().set("none");
        model.submitForm();
        addMailbox("gina@example.org", GOOD);
        assertThat(model.pending()).containsExactly("Add mailbox erin@example.org, quota 500M", "Add mailbox fred@example.org, quota none",
                "Add mailbox gina@example.org");
        assertThat(model.mailboxes()).extracting(UsersWindowModel.MailboxRow::address, UsersWindowModel.MailboxRow::quota).contains(
                org.assertj.core.groups.Tuple.tuple("erin@example.org", "500M"), org.assertj.core.groups.Tuple.tuple("fred@example.org", "none"),
                org.assertj.core.groups.Tuple.tuple("gina@example.org", "1G"));
    }

    @Test
    void theVacationFormStartsFromTheRepliesOnTheServer() {
        model.openVacation("bob@example.com");
        assertThat(model.formSubjectProperty().get()).isEqualTo(FakeMailServer.BOB_AWAY.subject());
        assertThat(model.formTextProperty().get()).isEqualTo(FakeMailServer.BOB_AWAY.text());
        assertThat(model.formFromProperty().get()).isEqualTo("2026-12-20");
        assertThat(model.formUntilProperty().get()).isEqualTo("2027-01-06");
        assertThat(model.formNoteProperty().get()).startsWith("The reply is on 2026-12-20 to 2027-01-06.");
        assertThat(model.formProblemProperty().get()).isEmpty();

        model.openVacation("carol@example.org");
        assertThat(model.formSubjectProperty().get()).isEmpty();
        assertThat(model.formNoteProperty().get()).contains("changed on the server by hand").contains("Turn on replaces it");

        model.openVacation("alice@example.com");
        assertThat(model.formSubjectProperty().get()).isEmpty();
        assertThat(model.formNoteProperty().get()).isEmpty();
    }

    @Test
    void turningAReplyOnOrOffShowsInTheTableAtOnce() {
        server.host.on("d=$(mktemp -d", 0, "/tmp/mailwright-sieve.x\n").on("runuser -u vmail -- sievec", 0, "").on("runuser -u vmail -- mkdir", 0, "");
        model.openVacation("alice@example.com");
        model.formSubjectProperty().set("Away");
        model.formTextProperty().set("Back soon.");
        model.formFromProperty().set("2026-12-22");
        model.turnVacationOn();
        assertThat(model.mailboxes().get(0).vacation()).isEqualTo("on from 2026-12-22");
        model.openVacation("alice@example.com");
        assertThat(model.formSubjectProperty().get()).isEqualTo("Away");
        model.turnVacationOff();
        assertThat(model.mailboxes().get(0).vacation()).isEmpty();
        model.reload();
        assertThat(model.mailboxes().get(0).vacation()).as("as the server says after a reload").isEmpty();
        assertThat(model.mailboxes().get(1).vacation()).isEqualTo("on 2026-12-20 to 2027-01-06");
    }
}
