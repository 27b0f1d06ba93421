package org.mailwright.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.engine.backup.BackupLayout;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.engine.steps.Preflight;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.spec.SpecReader;

/** The upgrade's checks and plans as data: what the server says in, findings and plans out. */
class UpgradeStepsTest {
    static final ServerSpec SPEC = SpecReader.read("""
            server: { host: 203.0.113.7 }
            hostname: mail.example.com
            domains: [example.com]
            users: [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
            tls: { mode: self-signed }
            """);
    static final String DEBIAN_SOURCES = AptSourcesTest.CLOUD_SOURCES;
    static final String DF_OK = """
            Filesystem     1024-blocks    Used Available Capacity Mounted on
            /dev/vda1         25671908 1807132  22541952       8% /
            /dev/vda1         25671908 1807132  22541952       8% /
            """;

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);

    private void on(ServerFacts.Release release) {
        String codename = release == ServerFacts.Release.BOOKWORM ? "bookworm" : "trixie";
        ctx.facts().put(ServerFacts.class, new ServerFacts("debian", codename, "Debian GNU/Linux " + codename, true, 1 << 24, 1 << 21,
                "eth0", List.of("203.0.113.7"), List.of(), java.util.Set.of(22)));
    }

    private void probe(String df, String held, Map<String, String> sources) {
        StringBuilder dump = new StringBuilder();
        sources.forEach((f, c) -> dump.append("@@mailwright-source:").append(f).append('\n').append(c).append('\n'));
        host.on("echo '@@mailwright:df'", 0, "@@mailwright:df\n" + df + "@@mailwright:held\n" + held + "@@mailwright:sources\n" + dump);
        host.on("for f in /etc/apt/sources.list", 0, dump.toString());
    }

    private List<Finding> preflight() {
        UpgradePreflight p = new UpgradePreflight();
        p.plan(ctx);
        return p.verify(ctx);
    }

    @Test
    void aCleanDebian12IsReadyAndNeedsTheWholeUpgrade() {
        on(ServerFacts.Release.BOOKWORM);
        probe(DF_OK, "", Map.of("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES,
                SwitchSources.MAILWRIGHT_BACKPORTS, "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\n"));

        List<Finding> f = preflight();

        assertThat(f).extracting(Finding::severity).containsOnly(Severity.OK);
        assertThat(f).extracting(Finding::check).contains("Free space", "Held packages", "Package sources");
        assertThat(ctx.facts().require(UpgradePreflight.Upgrade.class).beforeStart()).isTrue();
    }

    @Test
    void tooLittleSpaceIsAnErrorWithTheFigure() {
        on(ServerFacts.Release.BOOKWORM);
        probe("""
                Filesystem     1024-blocks    Used Available Capacity Mounted on
                /dev/vda1         10000000 9000000    900000      91% /
                /dev/vdb1         10000000 1000000   9000000      10% /var
                """, "", Map.of("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES));

        List<Finding> f = preflight();

        assertThat(f).filteredOn(x -> x.severity() == Severity.ERROR).singleElement()
                .satisfies(x -> assertThat(x.message()).contains("only 878.9 MiB free on /").contains("2 GiB"));
        assertThat(f).filteredOn(x -> x.message().contains("on /var")).singleElement().matches(x -> x.severity() == Severity.OK);
    }

    @Test
    void heldPackagesAreListedWithTheCommandThatReleasesThem() {
        on(ServerFacts.Release.BOOKWORM);
        probe(DF_OK, "linux-image-amd64\nopensmtpd\n", Map.of("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES));

        assertThat(preflight()).filteredOn(x -> x.severity() == Severity.ERROR).singleElement().satisfies(x -> {
            assertThat(x.message()).contains("2 packages are held").contains("linux-image-amd64 opensmtpd");
            assertThat(x.fix()).contains("apt-mark unhold linux-image-amd64 opensmtpd");
        });
    }

    @Test
    void aThirdPartySourceIsNamedByFileAndUri() {
        on(ServerFacts.Release.BOOKWORM);
        probe(DF_OK, "", Map.of("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES,
                "/etc/apt/sources.list.d/docker.list", "deb [signed-by=/etc/apt/keyrings/docker.asc] https://download.docker.com/linux/debian bookworm stable\n"));

        assertThat(preflight()).filteredOn(x -> x.severity() == Severity.ERROR).singleElement().satisfies(x -> {
            assertThat(x.message()).contains("/etc/apt/sources.list.d/docker.list: https://download.docker.com/linux/debian bookworm");
            assertThat(x.fix()).startsWith("Disable it (or upgrade it to trixie yourself), then run again");
        });
    }

    @Test
    void debian13IsAlreadyThereAndOnlyTheConfigurationIsLeft() {
        on(ServerFacts.Release.TRIXIE);

        List<Finding> f = preflight();

        assertThat(f).singleElement().satisfies(x -> assertThat(x.message()).startsWith("already Debian 13"));
        assertThat(new SwitchSources().plan(ctx).isEmpty()).isTrue();
        assertThat(host.executed()).noneMatch(l -> l.contains("apt-mark"));
    }

    @Test
    void switchingRewritesDebiansSourcesRecordsTheStartAndDropsTheBackportsFile() {
        on(ServerFacts.Release.BOOKWORM);
        host.file("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES, 0644, "root", "root");
        host.file(BackupLayout.STATUS_FILE, "result=ok\nsnapshot=0123456789abcdef\n", 0600, "root", "root");
        host.on("install -d", 0, "");
        probe(DF_OK, "", Map.of("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES, SwitchSources.MAILWRIGHT_BACKPORTS, "Types: deb\n"));
        preflight();
        SwitchSources s = new SwitchSources();

        Plan plan = s.plan(ctx);
        host.on("rm -f -- " + SwitchSources.MAILWRIGHT_BACKPORTS, 0, "");
        s.apply(ctx, plan);

        assertThat(plan.changesOf(FileChange.class)).extracting(FileChange::path)
                .containsExactly(UpgradeState.FILE, "/etc/apt/sources.list.d/debian.sources");
        assertThat(host.content("/etc/apt/sources.list.d/debian.sources")).get().asString()
                .contains("Suites: trixie trixie-updates trixie-backports").contains("Suites: trixie-security").doesNotContain("bookworm");
        assertThat(host.uploads().get(0)).isEqualTo(UpgradeState.FILE);
        assertThat(UpgradeState.read(host)).isEqualTo(new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, "01234567"));
        assertThat(plan.changesOf(CommandChange.class)).singleElement().satisfies(c -> assertThat(c.command().line()).contains("rm -f"));
        assertThat(host.content("/etc/apt/sources.list.d/debian.sources.mailwright-backup-1")).contains(DEBIAN_SOURCES);
    }

    @Test
    void aResumedUpgradeMakesNoNewSnapshotAndSwitchesNothingTwice() {
        on(ServerFacts.Release.BOOKWORM);
        String trixie = AptSources.toTrixie("/etc/apt/sources.list.d/debian.sources", DEBIAN_SOURCES);
        host.file(UpgradeState.FILE, new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, "01234567").text(), 0600, "root", "root");
        host.file("/etc/apt/sources.list.d/debian.sources", trixie, 0644, "root", "root");
        probe(DF_OK, "", Map.of("/etc/apt/sources.list.d/debian.sources", trixie));

        List<Finding> f = preflight();
        Step snapshot = UpgradeSteps.of(SPEC, DnsRecords.Options.defaults(), Optional.empty()).stream()
                .filter(x -> x.id().equals("snapshot")).findFirst().orElseThrow();

        assertThat(f).extracting(Finding::severity).containsOnly(Severity.OK);
        assertThat(snapshot.plan(ctx).isEmpty()).isTrue();
        assertThat(snapshot.plan(ctx).notes()).singleElement().asString().contains("01234567");
        assertThat(new SwitchSources().plan(ctx).isEmpty()).isTrue();
    }

    @Test
    void theFullUpgradePlanOnASwitchedServerStopsSmtpdUpgradesAndStartsItAgain() {
        on(ServerFacts.Release.BOOKWORM);
        host.file(UpgradeState.FILE, new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, "01234567").text(), 0600, "root", "root");
        ctx.facts().put(UpgradePreflight.Upgrade.class, new UpgradePreflight.Upgrade(true, UpgradeState.read(host), List.of()));
        host.on("ls -A /var/lib/dpkg/updates", 1, "");

        Plan plan = new FullUpgrade(Optional.empty()).plan(ctx);

        assertThat(plan.changesOf(CommandChange.class)).extracting(CommandChange::why)
                .containsExactly(FullUpgrade.STOP, FullUpgrade.UPGRADE, FullUpgrade.START);
    }

    @Test
    void afterACutDuringTheUpgradeTheNextPlanFinishesDpkgAndRemovesOurPolicyFirst() {
        on(ServerFacts.Release.TRIXIE);
        host.file(UpgradeState.FILE, new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, "01234567").text(), 0600, "root", "root");
        host.file(FullUpgrade.POLICY, FullUpgrade.POLICY_TEXT, 0755, "root", "root");
        ctx.facts().put(UpgradePreflight.Upgrade.class, new UpgradePreflight.Upgrade(true, UpgradeState.read(host), List.of()));
        host.on("ls -A /var/lib/dpkg/updates", 0, "");

        Plan plan = new FullUpgrade(Optional.empty()).plan(ctx);

        assertThat(plan.changesOf(CommandChange.class)).extracting(CommandChange::why)
                .containsExactly(FullUpgrade.LEFTOVER, FullUpgrade.REPAIR, FullUpgrade.STOP, FullUpgrade.UPGRADE, FullUpgrade.START);
    }

    @Test
    void aCancelDuringAptStillRemovesOurPolicyAndSaysHowToGoOn() {
        on(ServerFacts.Release.BOOKWORM);
        host.file(UpgradeState.FILE, new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, "01234567").text(), 0600, "root", "root");
        ctx.facts().put(UpgradePreflight.Upgrade.class, new UpgradePreflight.Upgrade(true, UpgradeState.read(host), List.of()));
        host.on("ls -A /var/lib/dpkg/updates", 1, "");
        host.on("systemctl stop opensmtpd", 0, "");
        host.on("rm -f -- " + FullUpgrade.POLICY, 0, "");
        host.on("env DEBIAN_FRONTEND=noninteractive", c -> {
            ctx.cancel().cancel();
            throw new org.mailwright.remote.CancelledException("Cancelled.");
        });
        FullUpgrade step = new FullUpgrade(Optional.empty());
        Plan plan = step.plan(ctx);

        assertThatThrownBy(() -> step.apply(ctx, plan)).isInstanceOf(org.mailwright.remote.CancelledException.class)
                .hasMessageContaining("Cancelled while apt-get update").hasMessageContaining("OpenSMTPD stays stopped")
                .hasMessageContaining("goes on where it stopped");
        assertThat(host.executed()).last().isEqualTo("rm -f -- " + FullUpgrade.POLICY);
    }

    @Test
    void someoneElsesPolicyRcdIsNotALeftoverOfOurs() {
        on(ServerFacts.Release.TRIXIE);
        host.file(FullUpgrade.POLICY, "#!/bin/sh\nexit 101\n", 0755, "root", "root");
        host.file(UpgradeState.FILE, new UpgradeState(UpgradeState.Phase.PACKAGES_UPGRADED, "01234567").text(), 0600, "root", "root");
        ctx.facts().put(UpgradePreflight.Upgrade.class, new UpgradePreflight.Upgrade(false, UpgradeState.read(host), List.of()));
        host.on("ls -A /var/lib/dpkg/updates", 1, "");
        host.on("systemctl is-active --quiet opensmtpd", 0, "");

        assertThat(new FullUpgrade(Optional.empty()).plan(ctx).isEmpty()).isTrue();
    }

    @Test
    void aFailedAptRunSaysWhereItStoppedAndNamesTheSnapshot() {
        on(ServerFacts.Release.BOOKWORM);
        host.file(UpgradeState.FILE, new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, "01234567").text(), 0600, "root", "root");
        ctx.facts().put(UpgradePreflight.Upgrade.class, new UpgradePreflight.Upgrade(true, UpgradeState.read(host), List.of()));
        host.on("ls -A /var/lib/dpkg/updates", 1, "");
        host.on("systemctl stop opensmtpd", 0, "");
        host.on("rm -f -- " + FullUpgrade.POLICY, c -> {
            host.fileAt(FullUpgrade.POLICY);
            return new CommandResult(c.line(), 0, "", "");
        });
        host.on("env DEBIAN_FRONTEND=noninteractive", c -> c.line().contains(" update")
                ? new CommandResult(c.line(), 0, "", "")
                : new CommandResult(c.line(), 100, "", "E: Sub-process /usr/bin/dpkg returned an error code (1)"));
        FullUpgrade step = new FullUpgrade(Optional.of(java.nio.file.Path.of("/home/me/mail-backup")));
        Plan plan = step.plan(ctx);

        assertThatThrownBy(() -> step.apply(ctx, plan)).isInstanceOfSatisfying(StepFailedException.class, e -> {
            assertThat(e.finding().message()).startsWith("The upgrade stopped while apt-get upgrade / full-upgrade").contains("dpkg returned")
                    .endsWith("OpenSMTPD stays stopped until the upgrade finishes: mail sent meanwhile waits at the senders' servers, which retry.");
            assertThat(e.finding().fix()).contains("mailwright upgrade SPEC` again: it goes on where it stopped")
                    .contains("--from /home/me/mail-backup --snapshot 01234567").contains("fresh Debian 13 server");
        });
        assertThat(host.executed()).anyMatch(l -> l.equals("rm -f -- " + FullUpgrade.POLICY));
        assertThat(host.executed()).filteredOn(l -> l.contains("apt-get")).allMatch(l -> l.contains("--force-confold"));
        // the release upgrade's status lines come on fd 3: with Status-Fd=1 trixie's base-files postinst died on echo
        assertThat(host.executed()).filteredOn(l -> l.contains("--without-new-pkgs")).singleElement()
                .satisfies(l -> assertThat(l).contains("APT::Status-Fd=3").endsWith(" 3>&1"));
    }

    @Test
    void aNewerKernelThanTheRunningOneAsksForARebootAndAContainerDoesNot() {
        assertThat(FullUpgrade.rebootFinding("6.1.0-41-amd64", "6.12.57+deb13-amd64")).get()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN)).satisfies(f -> assertThat(f.fix()).contains("systemctl reboot"));
        assertThat(FullUpgrade.rebootFinding("6.12.57+deb13-amd64", "6.12.57+deb13-amd64")).isEmpty();
        assertThat(FullUpgrade.rebootFinding("6.8.0-lab", "")).isEmpty();
        // as the server prints them: uname -r, then the newest of /lib/modules (nothing in a container)
        assertThat(FullUpgrade.rebootFinding("6.8.0-lab\n")).isEmpty();
        assertThat(FullUpgrade.rebootFinding("")).isEmpty();
        assertThat(FullUpgrade.rebootFinding("6.1.0-41-amd64\n6.12.57+deb13-amd64\n")).isPresent();
    }

    @Test
    void theListRunsChecksBackupSwitchUpgradeThenTheSetUpFromAFreshPreflight() {
        List<Step> steps = UpgradeSteps.of(SPEC, DnsRecords.Options.defaults(), Optional.of(java.nio.file.Path.of("/tmp/b")));

        assertThat(steps).extracting(Step::id).startsWith("preflight", "upgrade-preflight", "packages", "backups", "snapshot", "copy-backup",
                "switch-sources", "full-upgrade", "preflight", "packages");
        assertThat(steps.get(8)).isInstanceOf(Preflight.class);
        assertThat(steps.get(steps.size() - 2).id()).isEqualTo("verify");
    }
}
