package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mailwright.model.ProtectionSettings;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.Fail2ban;
import org.mailwright.spec.SpecReader;

class ProtectionTest {
    static final String SPEC = """
            server:   { host: 203.0.113.7 }
            hostname: mail.example.com
            domains:  [example.com]
            users:    [ { address: john@example.com, password-hash: "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv" } ]
            tls:      { mode: self-signed }
            """;

    @Test
    void sshIsBannedWhenAskedOffWhenWeInstalledFail2banAndUntouchedWhenItWasThereFirst() {
        ServerSpec plain = SpecReader.read(SPEC);
        ServerSpec optIn = SpecReader.read(SPEC + "protection: { ssh: true }\n");
        assertThat(Protection.ssh(optIn, Optional.empty(), true)).isEqualTo(Fail2ban.Ssh.ON);
        assertThat(Protection.ssh(plain, Optional.empty(), false)).as("Mailwright installs it").isEqualTo(Fail2ban.Ssh.OFF);
        assertThat(Protection.ssh(plain, Optional.empty(), true)).as("the person's fail2ban").isEqualTo(Fail2ban.Ssh.UNTOUCHED);
        String off = Fail2ban.jail(ProtectionSettings.DEFAULT, Fail2ban.Ssh.OFF, List.of(22), List.of());
        String untouched = Fail2ban.jail(ProtectionSettings.DEFAULT, Fail2ban.Ssh.UNTOUCHED, List.of(22), List.of());
        String on = Fail2ban.jail(ProtectionSettings.DEFAULT, Fail2ban.Ssh.ON, List.of(22), List.of());
        // later applies keep what the first decided; an opt-in taken back turns the jail off again
        assertThat(Protection.ssh(plain, Optional.of(off), true)).isEqualTo(Fail2ban.Ssh.OFF);
        assertThat(Protection.ssh(plain, Optional.of(untouched), true)).isEqualTo(Fail2ban.Ssh.UNTOUCHED);
        assertThat(Protection.ssh(plain, Optional.of(on), true)).isEqualTo(Fail2ban.Ssh.OFF);
    }

    @Test
    void runningJailsAreReadFromFail2bansStatus() {
        assertThat(Protection.runningJails("Status\n|- Number of jail:\t2\n`- Jail list:\tdovecot, mailwright-opensmtpd\n"))
                .containsExactly("dovecot", "mailwright-opensmtpd");
        assertThat(Protection.runningJails("ERROR  Failed to access socket path: /var/run/fail2ban/fail2ban.sock")).isEmpty();
    }

    @Test
    void theConnectingAddressIsFoundThroughSudoWhichDropsSshClient() throws Exception {
        // the shell that runs the script has no SSH_CLIENT (as under sudo's env_reset); its parent has it
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", "env -u SSH_CLIENT sh -c \"$1\"; :", "sh", Protection.CONNECTING_ADDRESS);
        pb.environment().put("SSH_CLIENT", "198.51.100.23 50123 22");
        Process p = pb.start();
        assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("198.51.100.23");
        pb = new ProcessBuilder("sh", "-c", Protection.CONNECTING_ADDRESS);
        pb.environment().put("SSH_CLIENT", "2001:db8::5 50123 22");
        assertThat(new String(pb.start().getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2001:db8::5");
        pb = new ProcessBuilder("sh", "-c", Protection.CONNECTING_ADDRESS);
        pb.environment().remove("SSH_CLIENT");
        String none = new String(pb.start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(none).as("no SSH anywhere up the chain (unless this test itself runs over SSH)")
                .matches(System.getenv("SSH_CLIENT") == null ? "" : ".*");
    }
    private static List<String> applied(List<org.mailwright.engine.Change> changes) {
        var host = new org.mailwright.remote.FakeRemoteHost().on("env DEBIAN_FRONTEND", 0, "").on("fail2ban-client", 0, "")
                .on("systemctl", 0, "").on("for i in", 0, "");
        var ctx = new org.mailwright.engine.StepContext(host, new org.mailwright.remote.Cancel(), new org.mailwright.engine.Facts(),
                org.mailwright.engine.RunListener.NONE);
        new Protection(SpecReader.read(SPEC)).apply(ctx, new org.mailwright.engine.Plan("protection", "Brute-force protection", changes, List.of()));
        return host.executed();
    }

    @Test
    void fail2banJustInstalledIsNotRestartedButOneThatRanIs() {
        var start = new org.mailwright.engine.Change.ServiceChange("fail2ban", org.mailwright.engine.Change.ServiceAction.ENABLE_START);
        List<String> fresh = applied(List.of(new org.mailwright.engine.Change.PackageChange(List.of("fail2ban"), Optional.empty()), start));
        assertThat(fresh).as("its package started it with Mailwright's jails in place").contains(Protection.ENABLE_START)
                .doesNotContain(Protection.RESTART);
        assertThat(fresh.indexOf(Protection.ENABLE_START)).isGreaterThan(fresh.indexOf("fail2ban-client -t"));
        assertThat(Protection.ENABLE_START).contains("systemctl is-active --quiet fail2ban || systemctl restart fail2ban");

        List<String> there = applied(List.of(new org.mailwright.engine.Change.ServiceChange("fail2ban",
                org.mailwright.engine.Change.ServiceAction.RESTART)));
        assertThat(there).contains(Protection.RESTART).doesNotContain(Protection.ENABLE_START);
    }
    @Test
    void fail2banHeldByThePackageStepGetsMailwrightsJailsThenIsUnmaskedEnabledAndStarted() {
        var host = new org.mailwright.remote.FakeRemoteHost()
                .on("sh -c 'dpkg-query", 0, "fail2ban ii 1.1.0-8\nnftables ii 1.1.3-1\npython3-systemd ii 235-1\n")
                .on("systemctl is-active --quiet fail2ban", 3, "")
                .on("systemctl is-enabled fail2ban.service", 0, Protection.HELD + "\n")
                .on("a=${SSH_CLIENT", 0, "198.51.100.7\n");
        var ctx = new org.mailwright.engine.StepContext(host, new org.mailwright.remote.Cancel(), new org.mailwright.engine.Facts(),
                org.mailwright.engine.RunListener.NONE);
        ctx.facts().put(Packages.Planned.class, new Packages.Planned(List.of("rspamd", "fail2ban", "nftables", "python3-systemd")));
        var plan = new Protection(SpecReader.read(SPEC)).plan(ctx);
        assertThat(plan.changesOf(org.mailwright.engine.Change.PackageChange.class)).as("installed already").isEmpty();
        assertThat(plan.changesOf(org.mailwright.engine.Change.CommandChange.class)).isEmpty();
        assertThat(plan.changesOf(org.mailwright.engine.Change.ServiceChange.class)).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(org.mailwright.engine.Change.ServiceAction.ENABLE_START));
        String jail = plan.changesOf(org.mailwright.engine.Change.FileChange.class).stream()
                .filter(f -> f.path().equals(Fail2ban.JAIL)).findFirst().orElseThrow().after();
        assertThat(Fail2ban.hasSshSection(jail)).as("held means Mailwright installed it: SSH is off, as Debian's jail never ran").isTrue();
        assertThat(Protection.ENABLE_START).startsWith("systemctl unmask --runtime --quiet fail2ban.service && systemctl enable");
    }

    @Test
    void fail2banThePackageStepWillInstallIsNotInstalledTwiceInThePlan() {
        var host = new org.mailwright.remote.FakeRemoteHost().on("sh -c 'dpkg-query", 0, "").on("systemctl", 3, "").on("a=${SSH_CLIENT", 0, "");
        var ctx = new org.mailwright.engine.StepContext(host, new org.mailwright.remote.Cancel(), new org.mailwright.engine.Facts(),
                org.mailwright.engine.RunListener.NONE);
        ctx.facts().put(Packages.Planned.class, new Packages.Planned(List.of("fail2ban", "nftables", "python3-systemd")));
        var plan = new Protection(SpecReader.read(SPEC)).plan(ctx);
        assertThat(plan.changesOf(org.mailwright.engine.Change.PackageChange.class)).isEmpty();
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("fail2ban comes with the other packages"));

        ctx.facts().put(Packages.Planned.class, new Packages.Planned(List.of()));
        assertThat(new Protection(SpecReader.read(SPEC)).plan(ctx).changesOf(org.mailwright.engine.Change.PackageChange.class))
                .as("without the package step, the step installs it itself").singleElement()
                .satisfies(p -> assertThat(p.packages()).contains("fail2ban"));
    }
}
