package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.PackageChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailLayout;
import org.mailwright.remote.Cancel;
import org.mailwright.model.Severity;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.spec.SpecReader;
import org.junit.jupiter.api.Test;

/** Steps as data: captured server output in, plan out. */
public class StepPlansTest {
    static final String HASH = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";
    static final ServerSpec SPEC = SpecReader.read("""
            server: { host: 203.0.113.7, port: 2222 }
            hostname: mail.example.com
            domains: [example.com]
            users: [ { address: john@example.com, password-hash: "%s" } ]
            tls: { mode: self-signed }
            firewall: { extra-ports: [8443] }
            """.formatted(HASH));

    public static final String BOOKWORM_PROBE = """
            @@mailwright:os
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            ID=debian
            VERSION_CODENAME=bookworm
            @@mailwright:uid
            0
            @@mailwright:df
            Filesystem     1024-blocks    Used Available Capacity Mounted on
            /dev/vda1         25671908 1807132  22541952       8% /
            @@mailwright:mem
            MemTotal:        2014208 kB
            @@mailwright:addr
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            2: ens3    inet 203.0.113.7/24 brd 203.0.113.255 scope global ens3\\       valid_lft forever preferred_lft forever
            2: ens3    inet6 2001:db8::7/64 scope global \\       valid_lft forever preferred_lft forever
            2: ens3    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever
            @@mailwright:route
            default via 203.0.113.1 dev ens3 proto static
            @@mailwright:ss
            LISTEN 0      128          0.0.0.0:2222      0.0.0.0:*    users:(("sshd",pid=612,fd=3))
            LISTEN 0      128             [::]:2222         [::]:*    users:(("sshd",pid=612,fd=4))
            @@mailwright:busy
            unattended-upgr
            """;

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);

    private ServerFacts preflight(String probe) {
        host.on("echo '@@mailwright:os'", 0, probe);
        new Preflight().plan(ctx);
        return ctx.facts().require(ServerFacts.class);
    }

    @Test
    void preflightClearsOnlyTheTemporaryFilesOfAnInterruptedRun() {
        host.on("echo '@@mailwright:os'", 0, BOOKWORM_PROBE + """
                @@mailwright:leftovers
                /etc/dovecot/.dovecot.conf.mailwright-tmp-0a1b2c3d4e5f
                /root/.mailwright-upload-Ab3dE6gH
                /etc/passwd
                /etc/.x.mailwright-tmp-zz; rm -rf /
                """);
        Plan plan = new Preflight().plan(ctx);

        assertThat(plan.changesOf(CommandChange.class)).singleElement().satisfies(c ->
                assertThat(c.command().line()).isEqualTo("rm -rf -- /etc/dovecot/.dovecot.conf.mailwright-tmp-0a1b2c3d4e5f /root/.mailwright-upload-Ab3dE6gH"));
        assertThat(new Preflight().plan(new StepContext(new FakeRemoteHost().on("echo '@@mailwright:os'", 0, BOOKWORM_PROBE), new Cancel(), new Facts(), RunListener.NONE)).isEmpty())
                .as("a clean server: preflight plans nothing").isTrue();
    }

    @Test
    void preflightReadsReleaseInterfaceAddressesAndSshPort() {
        ServerFacts f = preflight(BOOKWORM_PROBE);
        assertThat(f.release()).contains(ServerFacts.Release.BOOKWORM);
        assertThat(f.publicInterface()).isEqualTo("ens3");
        assertThat(f.ipv4()).containsExactly("203.0.113.7");
        assertThat(f.ipv6()).containsExactly("2001:db8::7");
        assertThat(f.sshPorts()).containsExactly(2222);
        assertThat(f.memoryKb()).isEqualTo(2014208);
    }

    @Test
    void preflightSeesSshdOnASocketActivatedPort() {
        // ssh.socket (systemd listens, sshd gets the socket): captured from a Debian 13 lab droplet on 2222 over ssh
        String ss = "LISTEN 0      4096   *:2222 *:* users:((\"sshd\",pid=237,fd=3),(\"systemd\",pid=1,fd=36))\n";
        ServerFacts f = preflight(BOOKWORM_PROBE.replaceFirst("(?s)@@mailwright:ss\n.*?@@mailwright:busy", "@@mailwright:ss\n" + ss + "@@mailwright:busy"));
        assertThat(f.sshPorts()).containsExactly(2222);
    }

    @Test
    void preflightSaysWhenAptIsBusy() {
        host.on("echo '@@mailwright:os'", 0, BOOKWORM_PROBE);
        Plan plan = new Preflight().plan(ctx);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("unattended-upgr").contains("wait"));
    }

    @Test
    void preflightRefusesUbuntuAndOldDebian() {
        for (String os : List.of("PRETTY_NAME=\"Ubuntu 24.04 LTS\"\nID=ubuntu\nVERSION_CODENAME=noble",
                "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\nID=debian\nVERSION_CODENAME=bullseye")) {
            FakeRemoteHost h = new FakeRemoteHost().on("echo '@@mailwright:os'", 0, "@@mailwright:os\n" + os + "\n@@mailwright:uid\n0\n");
            StepContext c = new StepContext(h, new Cancel(), new Facts(), RunListener.NONE);
            assertThatThrownBy(() -> new Preflight().plan(c)).isInstanceOf(StepFailedException.class)
                    .hasMessageContaining("Debian 12 (bookworm) and Debian 13 (trixie) only");
        }
    }

    @Test
    void packagesOnBookwormComeWithBackportsOpensmtpdAndExtras() {
        preflight(BOOKWORM_PROBE);
        host.on("sh -c 'dpkg-query", 0, "redis-server ii 5:7.0.15-1~deb12u1\nopensmtpd ii 6.8.0p2-4\n");
        host.on("grep -rhoE", 0, "URIs: http://mirror.example.net/debian\n");
        Plan plan = new Packages().plan(ctx);
        PackageChange install = plan.changesOf(PackageChange.class).get(0);
        assertThat(install.packages()).contains("opensmtpd/bookworm-backports", "opensmtpd-extras", "rspamd", "dovecot-imapd")
                .doesNotContain("redis-server", "opensmtpd", "opensmtpd-table-passwd");
        assertThat(plan.changesOf(Change.FileChange.class).get(0).after())
                .contains("URIs: http://mirror.example.net/debian").contains("Suites: bookworm-backports");
    }

    @Test
    void packagesOnTrixieNeedTablePasswdAndNoBackports() {
        preflight(BOOKWORM_PROBE.replace("bookworm", "trixie").replace("12", "13"));
        host.on("sh -c 'dpkg-query", 0, "");
        Plan plan = new Packages().plan(ctx);
        assertThat(plan.changesOf(PackageChange.class).get(0).packages()).contains("opensmtpd", "opensmtpd-table-passwd")
                .doesNotContain("opensmtpd-extras", "opensmtpd/bookworm-backports");
        assertThat(plan.changesOf(Change.FileChange.class)).isEmpty();
    }

    @Test
    void packagesPlanNothingWhenAllAreInstalled() {
        preflight(BOOKWORM_PROBE.replace("bookworm", "trixie"));
        StringBuilder all = new StringBuilder();
        Packages.wanted(ServerFacts.Release.TRIXIE).forEach(p -> all.append(p).append(" ii 1.0-1\n"));
        org.mailwright.render.Fail2ban.PACKAGES.forEach(p -> all.append(p).append(" ii 1.0-1\n"));
        host.on("sh -c 'dpkg-query", 0, all.toString().replace("opensmtpd ii 1.0-1", "opensmtpd ii 7.6.0p1-1"));
        assertThat(new Packages().plan(ctx).isEmpty()).isTrue();
    }

    /** A Debian 13 server with none of the packages. */
    private void freshTrixie() {
        preflight(BOOKWORM_PROBE.replace("bookworm", "trixie").replace("12", "13"));
        host.on("sh -c 'dpkg-query", 0, "");
    }

    /** Whether {@code check} held on the server when apt ran its install (false until it runs). */
    private java.util.concurrent.atomic.AtomicBoolean whenAptInstalls(java.util.function.BooleanSupplier check) {
        host.on("install -d", 0, "");
        java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean();
        host.on("env DEBIAN_FRONTEND", c -> {
            if (c.line().contains(" install --no-install-recommends ")) {
                held.set(check.getAsBoolean());
            }
            return new org.mailwright.remote.CommandResult(c.line(), 0, "", "");
        });
        return held;
    }

    @Test
    void rspamdsFilesAreInPlaceBeforeItsPackageFirstStartsItAndItsStepThenHasNothingToDo() {
        freshTrixie();
        var filesBeforeInstall = whenAptInstalls(() -> host.content(MailLayout.RSPAMD_LOCAL + "/dkim_signing.conf").isPresent()
                && host.content(MailLayout.RSPAMD_LOCAL + "/actions.conf").isPresent());
        Rspamd rspamd = new Rspamd(SPEC);
        Dkim dkim = new Dkim(SPEC);
        Packages packages = new Packages(List.of(rspamd, dkim));
        Plan plan = packages.plan(ctx);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("rspamd's configuration (the files of its step below) is written before its package"));
        packages.apply(ctx, plan);
        assertThat(filesBeforeInstall).as("rspamd's files were there when apt installed (and started) it").isTrue();
        assertThat(rspamd.plan(ctx).isEmpty()).as("no restart that would throw its first start's work away").isTrue();

        // the DKIM keys were made while apt worked: the DKIM step's plan takes them
        var early = ctx.facts().get(Dkim.EarlyKeys.class).orElseThrow().join();
        assertThat(early).containsOnlyKeys(SPEC.domains());
        host.on("for f in", 0, "");
        Plan keys = dkim.plan(ctx);
        assertThat(keys.changesOf(Change.FileChange.class)).extracting(Change.FileChange::after)
                .containsExactlyInAnyOrderElementsOf(early.values().stream().map(org.mailwright.accounts.DkimKeyGenerator.DkimKey::privatePem).toList());

        Plan planned = new Packages().plan(ctx);
        assertThat(planned.notes()).noneSatisfy(n -> assertThat(n).startsWith("rspamd's configuration"));
    }

    @Test
    void dovecotsAndOpenSmtpdsDropInsAreInPlaceBeforeTheirPackagesSoTheirStepsNeedNoDaemonReloadForThem() {
        freshTrixie();
        var dropInsBeforeInstall = whenAptInstalls(() -> host.content(Dovecot.LIMITS).equals(java.util.Optional.of(Dovecot.LIMITS_TEXT))
                && host.content(OpenSmtpd.NETWORK_DROP_IN).equals(java.util.Optional.of(OpenSmtpd.NETWORK_DROP_IN_TEXT)));
        Dovecot dovecot = new Dovecot(SPEC);
        OpenSmtpd opensmtpd = new OpenSmtpd(SPEC, CONFIRMED);
        Packages packages = new Packages(List.of(dovecot, opensmtpd));
        Plan plan = packages.plan(ctx);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("Dovecot's unit drop-in"))
                .anySatisfy(n -> assertThat(n).startsWith("OpenSMTPD's unit drop-in"));
        packages.apply(ctx, plan);
        assertThat(dropInsBeforeInstall).as("both drop-ins were there when apt installed (and started) the services").isTrue();

        // written once: a second package run (nothing missing) neither notes nor writes them
        List<String> before = host.executed();
        dovecot.beforePackages(ctx, List.of(Dovecot.PACKAGE));
        opensmtpd.beforePackages(ctx, List.of("opensmtpd"));
        assertThat(host.executed().subList(before.size(), host.executed().size())).noneSatisfy(l -> assertThat(l).startsWith("install -d"));
        assertThat(new Packages().plan(ctx).notes()).noneSatisfy(n -> assertThat(n).contains("unit drop-in"));
    }

    @Test
    void fail2banComesWithTheOtherPackagesItsJailsWrittenFirstSoItsStepThenHasNothingToDoButNotForABackup() {
        freshTrixie();
        host.on("a=${SSH_CLIENT", 0, "198.51.100.7");
        var jailsBeforeInstall = whenAptInstalls(() -> host.content(org.mailwright.render.Fail2ban.JAIL).isPresent());
        Protection protection = new Protection(SPEC);
        Packages packages = new Packages(List.of(protection));
        Plan plan = packages.plan(ctx);
        assertThat(plan.changesOf(PackageChange.class).get(0).packages()).contains("rspamd", "fail2ban", "nftables", "python3-systemd");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("fail2ban's jails (the files of the brute-force protection step below) are written before its package"));
        assertThat(ctx.facts().get(Packages.Planned.class)).hasValueSatisfying(p -> assertThat(p.packages()).contains("fail2ban"));
        packages.apply(ctx, plan);
        assertThat(jailsBeforeInstall).as("Mailwright's jails were there when apt installed (and started) fail2ban").isTrue();
        assertThat(host.content(org.mailwright.render.Fail2ban.JAIL).orElseThrow()).as("the connecting address is never banned").contains("198.51.100.7");
        assertThat(host.executed()).noneSatisfy(l -> assertThat(l).contains("systemctl mask"));

        // installed and started by its package with these jails: the step finds nothing to do
        host.on("sh -c 'dpkg-query", 0, "fail2ban ii 1.1.0-8\nnftables ii 1.1.3-1\npython3-systemd ii 235-1\n");
        host.on("systemctl is-active --quiet fail2ban", 0, "");
        assertThat(protection.plan(ctx).changes()).isEmpty();

        host.on("sh -c 'dpkg-query", 0, "");
        Plan backup = new Packages().plan(ctx);
        assertThat(backup.changesOf(PackageChange.class).get(0).packages()).contains("restic").doesNotContain("fail2ban");
        assertThat(backup.notes()).noneSatisfy(n -> assertThat(n).contains("fail2ban"));
    }

    /** A certbot spec whose ACME server has its own CA ({@code tls.acme-ca}, as the lab's pebble). */
    private static ServerSpec privateAcme(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path ca = dir.resolve("acme-ca.pem");
        java.nio.file.Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nMIIBxTCCAWugAwIBAgIJAKNxPrivateAcmeCa\n-----END CERTIFICATE-----\n");
        return SpecReader.read("""
                server: { host: 203.0.113.7, port: 2222 }
                hostname: mail.example.com
                domains: [example.com]
                users: [ { address: john@example.com, password-hash: "%s" } ]
                tls: { mode: certbot, email: john@example.com, acme-server: "https://acme.test/dir", acme-ca: %s }
                """.formatted(HASH, ca));
    }

    @Test
    void aPrivateAcmeCaIsTrustedBesideAptAndTheTlsStepWaitsForItThenTrustsItItselfIfThatFailed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        ServerSpec spec = privateAcme(dir);
        freshTrixie();
        host.on("sh -c 'dpkg-query", 0, "ca-certificates ii 20250419\n");
        host.on("systemd-run", 0, "");
        var trustStartedBeforeInstall = whenAptInstalls(() -> host.content(Tls.ACME_CA).isPresent()
                && host.executed().stream().anyMatch(l -> l.startsWith("systemd-run") && l.contains(Tls.TRUST_UNIT)));
        Tls tls = new Tls(spec);
        Packages packages = new Packages(List.of(tls));
        Plan plan = packages.plan(ctx);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("the ACME server's CA (tls.acme-ca) is put in the system's trust store"));
        packages.apply(ctx, plan);
        assertThat(trustStartedBeforeInstall).as("the CA was written and update-ca-certificates started before apt's install").isTrue();

        // the bundle is not newer than the CA yet: the step waits for the unit (and runs it itself if it failed)
        host.on(Tls.TRUSTED.line(), 1, "");
        host.on("openssl x509", 1, "");
        List<CommandChange> trust = tls.plan(ctx).changesOf(CommandChange.class).stream().filter(c -> c.why().startsWith("trust")).toList();
        assertThat(trust).singleElement().satisfies(c -> assertThat(c.command()).isEqualTo(Tls.AWAIT_TRUST));
        assertThat(Tls.AWAIT_TRUST.line()).endsWith("|| update-ca-certificates");

        // trusted: nothing to do; and a later run (no unit started) whose bundle is stale trusts it itself
        host.on(Tls.TRUSTED.line(), 0, "");
        assertThat(tls.plan(ctx).changesOf(CommandChange.class)).noneSatisfy(c -> assertThat(c.why()).startsWith("trust"));
        host.on(Tls.TRUSTED.line(), 1, "");
        ctx.facts().remove(Services.Started.class);
        assertThat(tls.plan(ctx).changesOf(CommandChange.class)).filteredOn(c -> c.why().startsWith("trust")).singleElement()
                .satisfies(c -> assertThat(c.command()).isEqualTo(Tls.TRUST));
    }

    @Test
    void aPrivateAcmeCaGoesInBeforeCaCertificatesWhosePostinstTrustsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        ServerSpec spec = privateAcme(dir);
        freshTrixie();
        host.on("env DEBIAN_FRONTEND", 0, "");
        host.on("install -d", 0, "");
        new Tls(spec).beforePackages(ctx, List.of("rspamd", "ca-certificates"));
        assertThat(host.content(Tls.ACME_CA)).isPresent();
        assertThat(host.executed()).noneSatisfy(l -> assertThat(l).startsWith("systemd-run"));
        assertThat(Services.started(ctx, Tls.TRUST_UNIT)).isFalse();
    }

    /** apt's install line in a run. */
    private static final java.util.function.Predicate<String> APT_INSTALL = l -> l.startsWith("env DEBIAN_FRONTEND") && l.contains(" install --no-install-recommends ");

    /** The line that starts the transient unit {@code unit} (Services.startInBackground). */
    private static java.util.function.Predicate<String> starts(String unit) {
        return l -> l.startsWith("systemd-run") && l.contains(unit);
    }

    /** Where the first command so far that {@code line} matches was run, in the order of the run. */
    private int ran(java.util.function.Predicate<String> line) {
        List<String> run = host.executed();
        return run.stream().filter(line).findFirst().map(run::indexOf).orElseThrow();
    }

    /** Plans and applies the package step with {@code hook} (apt and systemd-run succeed); gives its plan. */
    private Plan packageStepWith(Packages.PackageHooks hook) {
        host.on("env DEBIAN_FRONTEND", 0, "");
        host.on("systemd-run", 0, "");
        Packages packages = new Packages(List.of(hook));
        Plan plan = packages.plan(ctx);
        packages.apply(ctx, plan);
        return plan;
    }

    @Test
    void theBackupRepositoryIsMadeInTheBackgroundRightAfterAptAndItsStepWaitsForItThenMakesItItselfIfThatFailed() {
        freshTrixie();
        host.on("stat -c '%n %a'", 0, "");
        host.on("test -s /etc/mailwright/backup/password", 1, "");
        host.on("test -f /var/backups/mailwright/config", 1, "");
        host.on("install -d", 0, "");
        host.on("umask 077", 0, "");
        Backups backups = new Backups(SPEC);
        Plan plan = packageStepWith(backups);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("the backup repository (the backups step below) is made right after apt"));
        int init = ran(starts(Backups.INIT_UNIT));
        assertThat(init).as("restic init starts after apt installed restic, with its password made first").isGreaterThan(ran(APT_INSTALL))
                .isGreaterThan(ran(l -> l.contains("/dev/urandom")));
        assertThat(host.executed().get(init)).contains("restic init").contains("--collect");

        // the step waits for the unit, then reads the server: made, so it plans no init
        host.on("while [", 0, "");
        host.on("test -s /etc/mailwright/backup/password", 0, "");
        host.on("test -f /var/backups/mailwright/config", 0, "");
        host.on("stat -c '%n %a'", 0, "/etc/mailwright/backup 700\n/var/backups/mailwright 700\n");
        Plan made = backups.plan(ctx);
        assertThat(host.executed()).anySatisfy(l -> assertThat(l).startsWith("while [").contains(Backups.INIT_UNIT));
        assertThat(made.changesOf(CommandChange.class)).noneSatisfy(c -> assertThat(c.why()).startsWith("make"));
        assertThat(made.notes()).as("the password was made in this run, after apt: the person still hears of the recovery sheet")
                .anySatisfy(n -> assertThat(n).contains("save the recovery sheet"));

        // the unit failed: the plan makes it in the foreground, where restic's error is reported
        host.on("test -f /var/backups/mailwright/config", 1, "");
        assertThat(backups.plan(ctx).changesOf(CommandChange.class)).anySatisfy(c -> assertThat(c.command().line()).contains("restic init")
                .doesNotContain("systemd-run"));

        // restic there already (a restore put it back, with its password and repository): nothing in the background
        List<String> before = List.copyOf(host.executed());
        backups.afterPackages(ctx, List.of("rspamd"));
        assertThat(host.executed()).hasSameSizeAs(before);
    }

    @Test
    void aFreshServersFirstCertificateIsRequestedRightAfterAptAndAFailureIsReportedNotAskedForAgain() {
        ServerSpec spec = SpecReader.read("""
                server: { host: 203.0.113.7, port: 2222 }
                hostname: mail.example.com
                domains: [example.com]
                users: [ { address: john@example.com, password-hash: "%s" } ]
                tls: { mode: certbot, email: john@example.com }
                """.formatted(HASH));
        freshTrixie();
        Tls tls = new Tls(spec);
        assertThat(packageStepWith(tls).notes()).anySatisfy(n -> assertThat(n).startsWith("the certificate (the TLS step below) is requested right after apt"));
        int unit = ran(starts(Tls.CERTBOT_UNIT));
        assertThat(unit).as("certbot starts once apt has installed it").isGreaterThan(ran(APT_INSTALL));
        assertThat(host.executed().get(unit)).contains("certbot certonly --standalone").contains("--reuse-key").contains("--cert-name mail.example.com")
                .as("a lineage there already, or ufw on: the step decides").contains("/etc/letsencrypt/renewal/mail.example.com.conf").contains("Status: active")
                .contains(Tls.EARLY_RC).doesNotContain(Tls.PRE_HOOK);

        // it succeeded: the step waits for it, and its certificate is there, so nothing is asked again
        host.on("while [", 0, "0\n");
        host.on("openssl x509", 0, "X509v3 Subject Alternative Name:\n    DNS:mail.example.com\n");
        Plan issued = tls.plan(ctx);
        assertThat(host.executed()).anySatisfy(l -> assertThat(l).startsWith("while [").contains(Tls.CERTBOT_UNIT));
        assertThat(issued.changesOf(CommandChange.class)).noneSatisfy(c -> assertThat(c.why()).contains("certbot"));
        assertThat(host.executed()).anySatisfy(l -> assertThat(l).contains(Tls.CERTBOT_UNIT).contains("|| rm -f " + Tls.EARLY_RC + " " + Tls.EARLY_OUT));

        // it failed: its own answer is what the step runs, where the failure is reported; certbot is not run again
        ctx.facts().put(Services.Started.class, new Services.Started(java.util.Set.of(Tls.CERTBOT_UNIT)));
        host.on("while [", 0, "1\n");
        host.on("openssl x509", 1, "");
        assertThat(tls.plan(ctx).changesOf(CommandChange.class)).filteredOn(c -> c.why().contains("certbot")).singleElement()
                .satisfies(c -> assertThat(c.command()).isEqualTo(Tls.EARLY_ANSWER));

        // skipped by the unit (no status written), or no unit: certbot in the foreground, as before
        ctx.facts().put(Services.Started.class, new Services.Started(java.util.Set.of(Tls.CERTBOT_UNIT)));
        host.on("while [", 0, "");
        assertThat(tls.plan(ctx).changesOf(CommandChange.class)).filteredOn(c -> c.why().contains("certbot")).singleElement()
                .satisfies(c -> assertThat(c.command().line()).contains("certbot certonly").contains(Tls.PRE_HOOK));

        // certbot there already: nothing in the background
        List<String> before = List.copyOf(host.executed());
        tls.afterPackages(ctx, List.of("rspamd"));
        assertThat(host.executed()).hasSameSizeAs(before);
    }

    @Test
    void aFreshUfwGetsItsRulesInTheBackgroundRightAfterAptAndTheFirewallStepThenOnlyTurnsItOn() {
        freshTrixie();
        Firewall firewall = new Firewall(SPEC);
        assertThat(packageStepWith(firewall).notes()).anySatisfy(n -> assertThat(n).startsWith("the firewall's rules (the firewall step below) are added right after apt"));
        int rules = ran(starts(Firewall.RULES_UNIT));
        assertThat(rules).as("the rules are added after apt installed ufw").isGreaterThan(ran(APT_INSTALL));
        assertThat(host.executed().get(rules)).contains("--collect").contains("LC_ALL=C ufw status").contains("Status: inactive")
                .contains("ufw allow 2222/tcp").contains("ufw allow 25/tcp").contains("ufw allow 8443/tcp").doesNotContain("enable");

        // the step waits for the unit, then reads ufw: every rule is in, so it only turns ufw on
        String added = "Status: inactive\n@@added\nAdded user rules (see 'ufw status' for running firewall):\n"
                + java.util.stream.Stream.of(2222, 25, 465, 587, 993, 4190, 8443).map(p -> "ufw allow " + p + "/tcp\n").collect(java.util.stream.Collectors.joining());
        host.on("while [", 0, "");
        host.on("command -v ufw", 0, added);
        List<String> lines = firewall.plan(ctx).changesOf(CommandChange.class).stream().map(c -> c.command().line()).toList();
        assertThat(lines).containsExactly("ufw --force enable");
        assertThat(ran(l -> l.startsWith("while [") && l.contains(Firewall.RULES_UNIT))).as("the plan reads ufw once the background has ended")
                .isLessThan(ran(l -> l.startsWith("command -v ufw")));

        // the background added nothing (ufw was on, or it failed): the plan adds every rule itself, where errors show
        host.on("command -v ufw", 0, "Status: inactive\n");
        assertThat(firewall.plan(ctx).changesOf(CommandChange.class)).hasSize(8);

        // ufw there already: nothing in the background
        List<String> before = List.copyOf(host.executed());
        firewall.afterPackages(ctx, List.of("rspamd"));
        assertThat(host.executed()).hasSameSizeAs(before);
    }

    @Test
    void firewallOpensTheSshPortInUseBeforeEnabling() {
        preflight(BOOKWORM_PROBE);
        host.on("command -v ufw", 0, "Status: inactive\n");
        Plan plan = new Firewall(SPEC).plan(ctx);
        List<String> lines = plan.changesOf(CommandChange.class).stream().map(c -> c.command().line()).toList();
        assertThat(lines).containsExactly("ufw allow 2222/tcp", "ufw allow 25/tcp", "ufw allow 465/tcp", "ufw allow 587/tcp",
                "ufw allow 993/tcp", "ufw allow 4190/tcp", "ufw allow 8443/tcp", "ufw --force enable");
    }

    @Test
    void firewallSeesRulesAddedWhileInactive() {
        preflight(BOOKWORM_PROBE);
        host.on("command -v ufw", 0, "Status: inactive\n@@added\nAdded user rules (see 'ufw status' for running firewall):\n"
                + "ufw allow 2222/tcp\nufw allow 25/tcp\nufw allow from 10.0.0.1 to any port 465\n");
        List<String> lines = new Firewall(SPEC).plan(ctx).changesOf(CommandChange.class).stream().map(c -> c.command().line()).toList();
        assertThat(lines).containsExactly("ufw allow 465/tcp", "ufw allow 587/tcp", "ufw allow 993/tcp", "ufw allow 4190/tcp", "ufw allow 8443/tcp", "ufw --force enable");
    }

    @Test
    void firewallRefusesToEnableWhenSshRuleIsMissing() {
        preflight(BOOKWORM_PROBE);
        host.on("command -v ufw", 0, "Status: inactive\n");
        Plan onlyEnable = new Plan("firewall", "Firewall", List.of(new CommandChange("enable the firewall",
                org.mailwright.remote.Command.of("ufw", "--force", "enable"))), List.of());
        assertThatThrownBy(() -> new Firewall(SPEC).apply(ctx, onlyEnable)).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("2222");
        assertThat(host.executed()).doesNotContain("ufw --force enable");
    }

    @Test
    void firewallPlansNothingWhenActiveWithAllPorts() {
        preflight(BOOKWORM_PROBE);
        StringBuilder status = new StringBuilder("Status: active\n\nTo                         Action      From\n--                         ------      ----\n");
        for (int p : List.of(2222, 25, 465, 587, 993, 4190, 8443)) {
            status.append(String.format("%-27sALLOW       Anywhere%n", p + "/tcp"));
            status.append(String.format("%-27sALLOW       Anywhere (v6)%n", p + "/tcp (v6)"));
        }
        host.on("command -v ufw", 0, status + "@@added\nAdded user rules (see 'ufw status' for running firewall):\n(None)\n");
        assertThat(new Firewall(SPEC).plan(ctx).isEmpty()).isTrue();
    }

    /** Every IPv6 address's reverse DNS forward-confirmed: no DNS is asked in a unit test. */
    static final OpenSmtpd.ReverseDns CONFIRMED = (host, addresses) -> addresses.stream()
            .map(a -> new org.mailwright.dns.DnsChecker.PtrCheck(a, true, org.mailwright.model.Finding.ok("PTR " + a, "confirmed"))).toList();

    @Test
    void opensmtpdSendsOverIpv4OnlyAndSaysWhyWhenTheIpv6PtrIsMissing() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        List<java.net.InetAddress> asked = new java.util.ArrayList<>();
        OpenSmtpd.ReverseDns missing = (h, addresses) -> {
            asked.addAll(addresses);
            return addresses.stream().map(a -> new org.mailwright.dns.DnsChecker.PtrCheck(a, false,
                    org.mailwright.model.Finding.error("PTR 2001:db8::7", "2001:db8::7 has no reverse DNS (NXDOMAIN)", "ask"))).toList();
        };
        Plan plan = new OpenSmtpd(SPEC, missing).plan(ctx);
        assertThat(asked).extracting(java.net.InetAddress::getHostAddress).containsExactly("2001:db8:0:0:0:0:0:7");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("mail leaves over IPv4 only (ipv6.send: auto): 2001:db8::7 has no reverse DNS")
                .contains("IPv6AuthError").contains("ipv6: { send: off }"));
        assertThat(plan.changesOf(Change.FileChange.class).get(0).after()).contains("\nmta limit inet4\n");
    }

    @Test
    void opensmtpdPlanListsEveryAccountItAddsByAddress() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        Plan plan = new OpenSmtpd(SPEC, CONFIRMED).plan(ctx);
        assertThat(plan.changesOf(Change.Account.class)).extracting(Change::summary)
                .contains("+ domain example.com", "+ mailbox john@example.com",
                        "+ alias postmaster@example.com -> john@example.com (required by RFC 2142 and was missing)");
        assertThat(plan.notes()).containsExactly("mail to root and the server's other accounts (cron, unattended-upgrades, certbot,"
                + " bounces) goes to postmaster@example.com");
        assertThat(plan.render()).contains("\n   + mailbox john@example.com\n").doesNotContain("secret content", HASH);
        assertThat(plan.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path)
                .containsExactly("/etc/smtpd.conf", OpenSmtpd.NETWORK_DROP_IN, "/usr/local/bin/mailwright-quota-filter", "/etc/mail/srs.conf",
                        "/etc/mailname", "/etc/mail/aliases", "/etc/mail/domains", "/etc/mail/virtuals", "/etc/mail/credentials", "/etc/mail/quotas");
        assertThat(plan.changesOf(Change.FileChange.class).get(8).diff()).doesNotContain(HASH);
        assertThat(plan.changesOf(Change.FileChange.class).get(0).after()).doesNotContain("mta limit");
        assertThat(plan.changesOf(Change.FileChange.class).get(1).after()).contains("After=network-online.target");
        assertThat(plan.changesOf(Change.FileChange.class).get(0).after()).contains("listen on ens3 tls");
        Change.FileChange filter = plan.changesOf(Change.FileChange.class).get(2);
        assertThat(filter.mode()).isEqualTo(0755);
        assertThat(filter.owner()).isEqualTo("root");
        assertThat(filter.after()).startsWith("#!/usr/bin/perl\n");
    }

    @Test
    void dovecotIsSetUpBeforeOpensmtpdHandsItMailOverLmtp() {
        List<String> ids = MailSteps.forSpec(SPEC).stream().map(org.mailwright.engine.Step::id).toList();
        assertThat(ids.indexOf("dovecot")).isPositive().isLessThan(ids.indexOf("opensmtpd"));
        assertThat(ids.indexOf("packages")).isLessThan(ids.indexOf("dovecot"));
        assertThat(Packages.wanted(ServerFacts.Release.BOOKWORM)).contains("dovecot-lmtpd", "dovecot-sieve", "dovecot-managesieved");
        assertThat(Packages.wanted(ServerFacts.Release.TRIXIE)).contains("dovecot-lmtpd", "dovecot-sieve", "dovecot-managesieved");
    }

    @Test
    void dovecotPlansItsConfigTheSpamScriptAndTheScriptsDirectory() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/dovecot/sieve/before.d", 1, "");
        Plan plan = new Dovecot(SPEC).plan(ctx);
        assertThat(plan.changesOf(CommandChange.class)).extracting(CommandChange::why).containsExactly("create /etc/dovecot/sieve/before.d");
        assertThat(plan.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path)
                .containsExactly("/etc/dovecot/dovecot.conf", Dovecot.LIMITS, "/etc/dovecot/sieve/before.d/10-spam.sieve",
                        "/usr/local/bin/mailwright-quota-warning");
        assertThat(plan.changesOf(Change.FileChange.class).get(0).after()).contains("protocols = imap lmtp");
        assertThat(plan.changesOf(Change.FileChange.class).get(2).after()).contains("fileinto \"Junk\"");
        Change.FileChange warning = plan.changesOf(Change.FileChange.class).get(3);
        assertThat(warning.mode()).isEqualTo(0755);
        assertThat(warning.after()).startsWith("#!/bin/sh\n").contains("from=postmaster@example.com\n", "Auto-Submitted: auto-generated");
    }

    @Test
    void opensmtpdReloadsOnlyTheTableWhenOnlyUsersChanged() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        OpenSmtpd step = new OpenSmtpd(SPEC, CONFIRMED);
        Plan first = step.plan(ctx);
        first.changesOf(Change.FileChange.class).forEach(f -> host.file(f.path(), f.after(), f.mode(), f.owner(), f.group()));
        host.file("/etc/mail/virtuals", "# old\n", 0644, "root", "root");
        Plan second = step.plan(ctx);
        assertThat(second.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path).containsExactly("/etc/mail/virtuals");
        assertThat(second.changesOf(Change.ServiceChange.class).get(0).action()).isEqualTo(Change.ServiceAction.RELOAD);
    }

    private static final java.util.regex.Pattern SRS_LINE = java.util.regex.Pattern.compile("(?m)^srs key \"([0-9a-f]{64})\"$");

    @Test
    void opensmtpdMakesOneSrsSecretAsASecretFileThatNoPlanShows() {
        preflight(BOOKWORM_PROBE);
        OpenSmtpd step = new OpenSmtpd(SPEC, CONFIRMED);
        Plan plan = step.plan(ctx);
        Change.FileChange srs = plan.changesOf(Change.FileChange.class).stream().filter(f -> f.path().equals("/etc/mail/srs.conf"))
                .findFirst().orElseThrow();
        var m = SRS_LINE.matcher(srs.after());
        assertThat(m.find()).as(srs.after()).isTrue();
        String secret = m.group(1);
        assertThat(srs.secret()).isTrue();
        assertThat(List.of(srs.mode(), srs.owner(), srs.group())).containsExactly(0600, "root", "root");
        assertThat(plan.render()).contains("create /etc/mail/srs.conf (0600 root:root)").doesNotContain(secret);
        assertThat(org.mailwright.logging.Secrets.redact("key " + secret)).doesNotContain(secret);
        // a second plan in the same run (the one apply carries out) writes the same secret
        assertThat(step.plan(ctx).changesOf(Change.FileChange.class)).filteredOn(f -> f.path().equals("/etc/mail/srs.conf"))
                .extracting(Change.FileChange::after).containsExactly(srs.after());
        // smtpd.conf only includes it
        assertThat(plan.changesOf(Change.FileChange.class).get(0).after()).contains("include \"/etc/mail/srs.conf\"").doesNotContain(secret);
    }

    @Test
    void opensmtpdNeverReplacesTheServersSrsSecret() {
        preflight(BOOKWORM_PROBE);
        String theirs = "# made by hand\nsrs key \"an0therSecretTheyMadeThemselvesLongEnough\"\n";
        host.file("/etc/mail/srs.conf", theirs, 0644, "root", "root");
        Plan plan = new OpenSmtpd(SPEC, CONFIRMED).plan(ctx);
        Change.FileChange srs = plan.changesOf(Change.FileChange.class).stream().filter(f -> f.path().equals("/etc/mail/srs.conf"))
                .findFirst().orElseThrow();
        assertThat(srs.after()).isEqualTo(theirs);
        assertThat(srs.contentUnchanged()).isTrue();
        assertThat(srs.summary()).startsWith("fix owner/mode of /etc/mail/srs.conf (0600 root:root)");
        assertThat(plan.render()).doesNotContain("an0therSecret");
    }

    @Test
    void opensmtpdKeepsTheServersRootLineAndAddsNothingToItsAliases() {
        preflight(BOOKWORM_PROBE);
        String theirs = "# mine\nroot: ops@elsewhere.org\nwww-data: web@elsewhere.org\n";
        host.file("/etc/mail/aliases", theirs, 0644, "root", "root");
        Plan plan = new OpenSmtpd(SPEC, CONFIRMED).plan(ctx);
        assertThat(plan.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path).doesNotContain("/etc/mail/aliases");
        assertThat(plan.notes()).contains("kept the server's root: ops@elsewhere.org (the spec says postmaster@example.com;"
                + " edit /etc/mail/aliases on the server to change it)");
    }

    @Test
    void opensmtpdAddsAMissingRootLineAndKeepsEveryOtherLine() {
        preflight(BOOKWORM_PROBE);
        host.file("/etc/mail/aliases", "# mine\nwww-data: web@elsewhere.org\n", 0644, "root", "root");
        Plan plan = new OpenSmtpd(SPEC, CONFIRMED).plan(ctx);
        assertThat(plan.changesOf(Change.FileChange.class)).filteredOn(f -> f.path().equals("/etc/mail/aliases"))
                .extracting(Change.FileChange::after).containsExactly("# mine\nwww-data: web@elsewhere.org\nroot: postmaster@example.com\n");
        assertThat(plan.notes()).contains("mail to root goes to postmaster@example.com (a line added to the server's aliases table)");
    }

    @Test
    void opensmtpdSendsRootMailWhereTheSpecSays() {
        preflight(BOOKWORM_PROBE);
        ServerSpec spec = SpecReader.read("""
                server: { host: 203.0.113.7 }
                hostname: mail.example.com
                domains: [example.com]
                users: [ { address: john@example.com, password-hash: "%s" } ]
                tls: { mode: self-signed }
                root-mail: ops@elsewhere.org
                """.formatted(HASH));
        Plan plan = new OpenSmtpd(spec, CONFIRMED).plan(ctx);
        assertThat(plan.changesOf(Change.FileChange.class)).filteredOn(f -> f.path().equals("/etc/mail/aliases"))
                .extracting(Change.FileChange::after).singleElement().asString().contains("\nroot: ops@elsewhere.org\n@: root\n");
        assertThat(plan.changesOf(Change.FileChange.class)).filteredOn(f -> f.path().equals("/etc/mailname"))
                .extracting(Change.FileChange::after).containsExactly("mail.example.com\n");
    }

    @Test
    void opensmtpdRestartsForTheMailNameAndReloadsOnlyTheAliasesTable() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        OpenSmtpd step = new OpenSmtpd(SPEC, CONFIRMED);
        step.plan(ctx).changesOf(Change.FileChange.class).forEach(f -> host.file(f.path(), f.after(), f.mode(), f.owner(), f.group()));
        host.file("/etc/mailname", "debian\n", 0644, "root", "root");
        Plan mailname = step.plan(ctx);
        assertThat(mailname.changesOf(Change.ServiceChange.class).get(0).action()).isEqualTo(Change.ServiceAction.RESTART);
        host.file("/etc/mailname", "mail.example.com\n", 0644, "root", "root");
        host.file("/etc/mail/aliases", "# emptied by hand\n", 0644, "root", "root");
        Plan aliases = step.plan(ctx);
        assertThat(aliases.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path).containsExactly("/etc/mail/aliases");
        assertThat(aliases.changesOf(Change.ServiceChange.class).get(0).action()).isEqualTo(Change.ServiceAction.RELOAD);
        host.on("smtpd -n", 0, "configuration OK\n");
        host.on("systemctl is-active", 0, "active\n");
        host.on("smtpctl update table", 0, "");
        host.on("install -d -m 0755 /etc/systemd/system/opensmtpd.service.d", 0, "");
        step.apply(ctx, aliases);
        assertThat(host.executed()).contains("smtpctl update table aliases").doesNotContain("systemctl restart opensmtpd");
    }

    @Test
    void packagesPlanSaysWhichMailServerAptRemoves() {
        preflight(TRIXIE_PROBE());
        host.on("env LC_ALL=C apt-get -s -q install", 0, """
                NOTE: This is only a simulation!
                Remv exim4-daemon-light [4.98.2-1+deb13u6] [bsd-mailx:amd64 ]
                Remv exim4-config [4.98.2-1+deb13u6] [exim4-base:amd64 bsd-mailx:amd64 ]
                Inst opensmtpd (7.6.0p1-1 Debian:13.8/stable [amd64]) [exim4-base:amd64 ]
                Remv exim4-base [4.98.2-1+deb13u6] []
                Inst opensmtpd-table-passwd (1.0.2-1+b1 Debian:13.8/stable [amd64])
                """);
        Plan plan = new Packages().plan(ctx);
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n)
                .startsWith("installing these packages removes exim4-daemon-light exim4-config exim4-base (apt-get -s says so)"));
        assertThat(host.executed()).anySatisfy(c -> assertThat(c).contains("apt-get -s -q install --no-install-recommends").contains("opensmtpd"));
    }

    @Test
    void packagesPlanAsksAptAboutTheBackportsPackageByItsName() {
        preflight(BOOKWORM_PROBE);
        new Packages().plan(ctx);
        assertThat(host.executed()).anySatisfy(c -> assertThat(c).contains("apt-get -s").contains(" opensmtpd ").doesNotContain("bookworm-backports"));
    }

    @Test
    void packagesPlanSaysWhenAptCannotSimulate() {
        preflight(TRIXIE_PROBE());
        host.on("env LC_ALL=C apt-get -s", 100, "E: Unable to locate package opensmtpd-table-passwd\n");
        assertThat(new Packages().plan(ctx).notes()).anySatisfy(n -> assertThat(n).startsWith("apt could not simulate"));
    }

    @Test
    void packagesPlanHasNoRemovalNoteWhenAptRemovesNothing() {
        preflight(TRIXIE_PROBE());
        host.on("env LC_ALL=C apt-get -s", 0, "Inst opensmtpd (7.6.0p1-1 Debian:13.8/stable [amd64])\n");
        assertThat(new Packages().plan(ctx).notes()).noneSatisfy(n -> assertThat(n).contains("removes"));
    }

    private static String TRIXIE_PROBE() {
        return BOOKWORM_PROBE.replace("12 (bookworm)", "13 (trixie)").replace("=bookworm", "=trixie");
    }

    @Test
    void checkSaysByAddressWhichSpecAccountsTheServerLacks() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        host.on("smtpd -n", 0, "configuration OK\n");
        host.on("systemctl is-active", 0, "active\n");
        OpenSmtpd step = new OpenSmtpd(SPEC, CONFIRMED);
        step.plan(ctx).changesOf(Change.FileChange.class).forEach(f -> host.file(f.path(), f.after(), f.mode(), f.owner(), f.group()));
        assertThat(step.verify(ctx)).noneMatch(f -> f.severity() != Severity.OK)
                .anySatisfy(f -> assertThat(f.message()).startsWith("1 mailbox, 5 aliases, 1 domain;"));
        // john removed on the server (users remove), still in the spec
        host.file("/etc/mail/credentials", "", 0440, "opensmtpd", "dovecot");
        assertThat(step.verify(ctx)).filteredOn(f -> f.severity() == Severity.WARN).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("+ mailbox john@example.com").doesNotContain(HASH))
                .satisfies(f -> assertThat(f.fix()).contains("spec pull"));
    }

    @Test
    void mailTablesWithUnreadableLinesStopThePlanNamingTheLinesAndAreLeftAlone() {
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        host.file("/etc/mail/virtuals", "john@example.com: vmail\ninfo@example.com: john@example.com,,\n", 0644, "root", "root");
        assertThatThrownBy(() -> new OpenSmtpd(SPEC, CONFIRMED).plan(ctx)).isInstanceOf(StepFailedException.class)
                .hasMessageContaining("virtuals").hasMessageContaining("line 2").hasMessageContaining("left as they are");
        assertThat(host.content("/etc/mail/virtuals")).contains("john@example.com: vmail\ninfo@example.com: john@example.com,,\n");
    }

    @Test
    void sshPortParserIgnoresOtherDaemons() {
        assertThat(ServerFacts.parseSshPorts("LISTEN 0 4096 127.0.0.1:6379 0.0.0.0:* users:((\"redis-server\",pid=1,fd=6))\n"
                + "LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=2,fd=3))")).isEqualTo(Set.of(22));
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    /** SPEC with a relay whose password file is {@code passwordFile} (which may not exist). */
    private static ServerSpec relaySpec(java.nio.file.Path passwordFile) {
        return SpecReader.read(org.mailwright.spec.SpecWriter.write(SPEC, "x") + "relay: { host: smtp.relay.example.net, port: 587, user: ops@example.com,"
                + " password-file: " + passwordFile + " }\n");
    }

    private static String relayPassword() {
        return "Rel:ay-'\"$(id)-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private Change.FileChange secretsOf(Plan plan) {
        return plan.changesOf(Change.FileChange.class).stream().filter(f -> f.path().equals("/etc/mail/secrets")).findFirst().orElseThrow();
    }

    @Test
    void opensmtpdWritesTheRelayLoginAsASecretThatNoPlanOrTranscriptShows() throws Exception {
        String password = relayPassword();
        ServerSpec spec = relaySpec(java.nio.file.Files.writeString(tmp.resolve("relay"), password + "\n"));
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        host.on("install -d -m 0755 /etc/systemd/system/opensmtpd.service.d", 0, "");
        host.on("smtpd -n", 0, "configuration OK");
        host.on("systemctl", 0, "");
        host.on(OpenSmtpd.SCHEDULE_QUEUE, 0, "");
        assertThat(MailSteps.forSpec(spec).stream().map(org.mailwright.engine.Step::id).toList()).startsWith("preflight", "relay-password");
        assertThat(new RelayPassword(spec).plan(ctx).isEmpty()).isTrue();
        OpenSmtpd step = new OpenSmtpd(spec);
        Plan plan = step.plan(ctx);
        Change.FileChange secrets = secretsOf(plan);
        assertThat(secrets.secret()).isTrue();
        assertThat(List.of(secrets.mode(), secrets.owner(), secrets.group())).containsExactly(0640, "root", "opensmtpd");
        assertThat(plan.render()).contains("create /etc/mail/secrets (0640 root:opensmtpd)").doesNotContain(password).doesNotContain("Rel:ay");
        step.apply(ctx, plan);
        assertThat(host.content("/etc/mail/secrets")).get().asString().endsWith("\nrelay ops@example.com:" + password + "\n");
        assertThat(host.content("/etc/smtpd.conf")).get().asString()
                .contains("relay host smtp+tls://relay@smtp.relay.example.net:587 auth <secrets>").doesNotContain(password);
        assertThat(host.transcript().render()).contains("/etc/mail/secrets").doesNotContain(password).doesNotContain("Rel:ay");
        assertThat(org.mailwright.logging.Secrets.redact("auth failed for " + password)).doesNotContain(password);
    }

    @Test
    void opensmtpdKeepsTheServersRelayLoginWhenThePasswordFileIsNotOnThisComputer() {
        ServerSpec spec = relaySpec(tmp.resolve("not-here"));
        String theirs = "# theirs\nrelay ops@example.com:Th3irsOnTheServer\n";
        host.file("/etc/mail/secrets", theirs, 0640, "root", "opensmtpd");
        preflight(BOOKWORM_PROBE);
        new RelayPassword(spec).plan(ctx);
        Plan plan = new OpenSmtpd(spec).plan(ctx);
        assertThat(plan.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path).doesNotContain("/etc/mail/secrets");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("not-here is not on this computer", "/etc/mail/secrets) is kept"));
        assertThat(plan.render()).doesNotContain("Th3irsOnTheServer");
    }

    @Test
    void aRelayWithoutAPasswordHereOrOnTheServerStopsBeforeAnythingChanges() {
        ServerSpec spec = relaySpec(tmp.resolve("not-here"));
        preflight(BOOKWORM_PROBE);
        assertThatThrownBy(() -> new RelayPassword(spec).plan(ctx)).isInstanceOf(StepFailedException.class)
                .satisfies(e -> assertThat(((StepFailedException) e).finding().message()).contains("not-here is not on this computer",
                        "no relay login"))
                .satisfies(e -> assertThat(((StepFailedException) e).finding().fix()).contains("Put the relay password alone in"));
        assertThat(host.uploads()).isEmpty();
    }

    @Test
    void aBadRelayPasswordFileIsRefusedWithoutQuotingIt() throws Exception {
        String password = relayPassword();
        ServerSpec spec = relaySpec(java.nio.file.Files.writeString(tmp.resolve("relay"), password + "\nsecond line\n"));
        preflight(BOOKWORM_PROBE);
        assertThatThrownBy(() -> new RelayPassword(spec).plan(ctx)).isInstanceOf(StepFailedException.class)
                .satisfies(e -> assertThat(((StepFailedException) e).finding().message()).contains("more than one line").doesNotContain(password));
    }

    @Test
    void aNewRelayPasswordOnlyReloadsTheSecretsTable() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("relay"), relayPassword());
        ServerSpec spec = relaySpec(file);
        preflight(BOOKWORM_PROBE);
        host.on("test -d /etc/mail", 0, "");
        host.on("systemctl is-active", 0, "");
        host.on("install -d -m 0755 /etc/systemd/system/opensmtpd.service.d", 0, "");
        host.on("smtpd -n", 0, "configuration OK");
        host.on("smtpctl update table", 0, "");
        new OpenSmtpd(spec).plan(ctx).changesOf(Change.FileChange.class).forEach(f -> host.file(f.path(), f.after(), f.mode(), f.owner(), f.group()));
        java.nio.file.Files.writeString(file, relayPassword());
        StepContext next = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);
        host.on("echo '@@mailwright:os'", 0, BOOKWORM_PROBE);
        new Preflight().plan(next);
        OpenSmtpd step = new OpenSmtpd(spec);
        Plan plan = step.plan(next);
        assertThat(plan.changesOf(Change.FileChange.class)).extracting(Change.FileChange::path).containsExactly("/etc/mail/secrets");
        assertThat(plan.changesOf(Change.ServiceChange.class).get(0).action()).isEqualTo(Change.ServiceAction.RELOAD);
        step.apply(next, plan);
        assertThat(host.executed()).contains("smtpctl update table secrets");
    }

    @Test
    void theDnsPlanIncludesTheRelaysSpfNameWhenTheSpecGivesOne() {
        ServerFacts facts = preflight(BOOKWORM_PROBE);
        ServerSpec spec = SpecReader.read(org.mailwright.spec.SpecWriter.write(SPEC, "x") + "relay: { host: smtp.relay.example.net, port: 465,"
                + " user: ops, password-file: /p, spf-include: spf.relay.example.net }\n");
        assertThat(DnsRecords.setupFor(spec, facts, java.util.Map.of()).options().spf()).isEqualTo("v=spf1 mx include:spf.relay.example.net -all");
        assertThat(DnsRecords.setupFor(SPEC, facts, java.util.Map.of()).options().spf()).isEqualTo("v=spf1 mx -all");
    }
}
