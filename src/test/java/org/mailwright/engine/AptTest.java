package org.mailwright.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.CancelledException;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.remote.RemoteCommandException;

/** Waiting for the dpkg lock: said once, retried in short tries, cancellable, and only for the lock. */
class AptTest {
    static final String APT_LOCKED = "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 96 (unattended-upgr)\n"
            + "E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another process using it?";
    static final String DPKG_LOCKED = "dpkg: error: dpkg frontend lock was locked by /usr/bin/apt-get process with pid 199";

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final Cancel cancel = new Cancel();
    private final List<String> said = new ArrayList<>();
    private final StepContext ctx = new StepContext(host, cancel, new Facts(), new RunListener() {
        @Override
        public void message(String stepId, String message) {
            said.add(message);
        }
    });

    private void lockedFor(int tries, String words) {
        AtomicInteger n = new AtomicInteger();
        host.on("env DEBIAN_FRONTEND=noninteractive", c -> n.incrementAndGet() <= tries
                ? new CommandResult(c.line(), 100, "", words) : new CommandResult(c.line(), 0, "pmstatus:redis:50.0:Installing redis\n", ""));
    }

    @Test
    void aHeldLockIsWaitedForInShortTriesAndSaidOnce() {
        lockedFor(2, APT_LOCKED);
        Apt.install(ctx, List.of("redis-server"));

        assertThat(host.executed()).hasSize(3).allMatch(l -> l.contains("DPkg::Lock::Timeout=5"));
        assertThat(said).filteredOn(m -> m.startsWith("Waiting for another package manager")).singleElement()
                .satisfies(m -> assertThat(m).contains("unattended-upgr"));
    }

    @Test
    void dpkgItselfDoesNotWaitSoItsRepairIsRetriedToo() {
        lockedFor(1, DPKG_LOCKED);
        Apt.repair(ctx);

        // two tries of dpkg, then apt-get -f install, which a cut can need even when dpkg configured everything
        assertThat(host.executed()).hasSize(3);
        assertThat(host.executed().subList(0, 2)).allMatch(l -> l.contains("dpkg --configure -a"));
        assertThat(host.executed().get(2)).contains("apt-get").contains("install -f").endsWith(" 3>&1");
        assertThat(said).anyMatch(m -> m.contains("locked by /usr/bin/apt-get"));
    }

    @Test
    void cancellingWhileWaitingStopsBeforeTheNextTry() {
        host.on("env DEBIAN_FRONTEND=noninteractive", c -> {
            cancel.cancel();
            return new CommandResult(c.line(), 100, "", APT_LOCKED);
        });
        assertThatThrownBy(() -> Apt.update(ctx)).isInstanceOf(CancelledException.class);
        assertThat(host.executed()).hasSize(1);
    }

    @Test
    void otherFailuresAreNotRetried() {
        host.on("env DEBIAN_FRONTEND=noninteractive", c -> new CommandResult(c.line(), 100, "", "E: Unable to locate package nope"));
        assertThatThrownBy(() -> Apt.install(ctx, List.of("nope"))).isInstanceOf(RemoteCommandException.class)
                .hasMessageContaining("Unable to locate package nope");
        assertThat(host.executed()).hasSize(1);
    }

    @Test
    void aCutBetweenAPackageAndItsDependencyIsRepairedByApt() {
        host.on("env DEBIAN_FRONTEND=noninteractive dpkg", c -> new CommandResult(c.line(), 1, "",
                "dpkg: dependency problems prevent configuration of dovecot-sieve:\n dovecot-sieve depends on dovecot-core; however:\n"
                        + "  Package dovecot-core is not installed.\n"));
        host.on("env DEBIAN_FRONTEND=noninteractive NEEDRESTART_MODE=a apt-get", 0, "");
        Apt.repair(ctx);

        assertThat(host.executed()).hasSize(2);
        assertThat(host.executed().get(1)).contains("apt-get").contains("install -f");
    }

    @Test
    void otherDpkgFailuresInTheRepairAreNotPapered() {
        host.on("env DEBIAN_FRONTEND=noninteractive dpkg", c -> new CommandResult(c.line(), 2, "", "dpkg: error: no space left on device"));
        assertThatThrownBy(() -> Apt.repair(ctx)).isInstanceOf(RemoteCommandException.class).hasMessageContaining("no space left");
        assertThat(host.executed()).hasSize(1);
    }

    @Test
    void progressOverDownloadAndInstallNeverGoesBack() {
        List<String> lines = List.of("dlstatus:1:0:Retrieving file 1 of 3", "dlstatus:2:50:Retrieving file 2 of 3",
                "dlstatus:3:100:Retrieving file 3 of 3", "pmstatus:redis-server:0:Preparing redis-server",
                "pmstatus:redis-server:60:Installing redis-server", "pmstatus:dpkg-exec:100:Running dpkg");
        List<Double> seen = lines.stream().map(l -> Apt.progress(l).orElseThrow()).toList();

        assertThat(seen).isSorted().first().isEqualTo(0.0);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
    }

    @Test
    void statusLinesAreReadAsWordsOrLeftOutOfTheLog() {
        assertThat(Apt.readable("dlstatus:3:37.5:Retrieving file 3 of 40")).isEmpty();
        assertThat(Apt.readable("pmstatus:dovecot-core:42.8571:Installing dovecot-core (armhf)")).contains("Installing dovecot-core (armhf)");
        assertThat(Apt.readable("Setting up redis-server (5:7.0.15-1) ...")).contains("Setting up redis-server (5:7.0.15-1) ...");
    }
}
