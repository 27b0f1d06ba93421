package org.mailwright.engine.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.PackageChange;
import org.mailwright.facts.InstalledPackages;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.render.MailLayout;
import org.mailwright.remote.LocalPaths;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.Shell;

/**
 * The certificate the mail services present. With certbot, port 80 is opened only while certbot runs (at issuance
 * and at every renewal, by hooks that also work when ufw is active), and a deploy hook restarts OpenSMTPD and
 * reloads Dovecot after a renewal, since neither rereads its certificate by itself.
 */
public final class Tls implements Step, Packages.PackageHooks {
    static final String HOOKS = "/etc/letsencrypt/renewal-hooks";
    static final String PRE_HOOK = HOOKS + "/pre/mailwright-open-port-80";
    static final String POST_HOOK = HOOKS + "/post/mailwright-close-port-80";
    static final String DEPLOY_HOOK = HOOKS + "/deploy/mailwright-reload-mail";
    static final String ACME_CA = "/usr/local/share/ca-certificates/mailwright-acme-ca.crt";
    /** Renew when fewer than 10 days are left, like certbot's own timer would have long before. */
    static final int MIN_VALID_SECONDS = 10 * 24 * 3600;
    /** certbot's default ACME directory, named in messages when the spec names no other. */
    static final String LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

    private final ServerSpec spec;

    public Tls(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "tls";
    }

    @Override
    public String title() {
        return "TLS certificate";
    }

    public static TlsPaths paths(ServerSpec spec) {
        return switch (spec.tls().mode()) {
            case CERTBOT -> new TlsPaths(MailLayout.letsEncryptCert(spec.hostname()), MailLayout.letsEncryptKey(spec.hostname()));
            case SELF_SIGNED -> STAND_IN;
            case EXISTING -> new TlsPaths(spec.tls().certPath().orElseThrow(), spec.tls().keyPath().orElseThrow());
        };
    }

    @Override
    public Plan plan(StepContext ctx) {
        TlsPaths paths = paths(spec);
        ctx.facts().put(TlsPaths.class, paths);
        List<Change> changes = new ArrayList<>();
        switch (spec.tls().mode()) {
            case EXISTING -> {
                // nothing to make; verify says whether the files are usable
            }
            case SELF_SIGNED -> {
                if (!certValid(ctx, paths)) {
                    changes.add(new CommandChange("make a self-signed certificate for " + spec.hostname(), selfSigned(paths)));
                }
            }
            case CERTBOT -> {
                Optional<Integer> early = issuedAfterPackages(ctx);
                hooks(ctx).forEach(changes::add);
                if (DnsChallenge.applies(spec)) {
                    DnsChallenge.pluginPackage(spec).ifPresent(pkg -> {
                        InstalledPackages installed = InstalledPackages.parse(ctx.run(Command.of(Packages.queryArgs(List.of(pkg)))).stdout());
                        if (!installed.has(pkg)) {
                            changes.add(new PackageChange(List.of(pkg), Optional.empty()));
                        }
                    });
                    DnsChallenge.hook(spec).flatMap(h -> ConfigFiles.plan(ctx, DnsChallenge.HOOK, h, 0755, "root", "root", false))
                            .ifPresent(changes::add);
                    ConfigFiles.plan(ctx, DnsChallenge.credentialsPath(spec), DnsChallenge.credentials(ctx, spec), 0600, "root", "root", true)
                            .ifPresent(changes::add);
                }
                String renewal = renewalConf(spec.hostname());
                ctx.host().readText(renewal).filter(conf -> !reusesKey(conf)).ifPresent(conf -> changes.add(new CommandChange(
                        "keep the key of " + spec.hostname() + "'s certificate across renewals, so its DANE TLSA record stays valid"
                                + " (reuse_key = True in " + renewal + ")", reuseKey(renewal))));
                Optional<String> ca = acmeCaContent();
                if (ca.isPresent()) {
                    Optional<FileChange> file = ConfigFiles.plan(ctx, ACME_CA, ca.get(), 0644, "root", "root", false);
                    file.ifPresent(changes::add);
                    if (file.isPresent() || !ctx.run(TRUSTED).ok()) {
                        changes.add(Services.started(ctx, TRUST_UNIT) && file.isEmpty()
                                ? new CommandChange("trust the ACME server's CA (update-ca-certificates, started while apt worked)", AWAIT_TRUST)
                                : new CommandChange("trust the ACME server's CA", TRUST));
                    }
                }
                ctx.facts().remove(StandIn.class);
                if (!certValid(ctx, paths)) {
                    // certbot failed right after apt: its answer is reported as if it ran now, not asked for again (an
                    // ACME server counts failed validations: Let's Encrypt allows 5 an hour per account and name)
                    changes.add(early.filter(rc -> rc != 0).isPresent()
                            ? new CommandChange("request a certificate for " + spec.hostname() + " with certbot (it ran right after apt; its answer)", EARLY_ANSWER)
                            : new CommandChange("request a certificate for " + spec.hostname() + " with certbot", certbot()));
                    // an earlier certbot failure left the services on the temporary certificate: they stay on it
                    // unless certbot succeeds this time, so a failed retry changes no config
                    if (certExpired(ctx, paths) && certValid(ctx, STAND_IN)) {
                        ctx.facts().put(TlsPaths.class, STAND_IN);
                        ctx.facts().put(StandIn.class, new StandIn(STAND_IN, "no certificate from certbot yet"));
                    }
                }
            }
        }
        return new Plan(id(), title(), changes, List.of());
    }

    /**
     * The certificate the services use because certbot failed: the previous one while it is still valid, else a
     * temporary self-signed one. {@code reason} is certbot's own last words.
     */
    record StandIn(TlsPaths paths, String reason) {
        boolean temporary() {
            return paths.equals(STAND_IN);
        }
    }

    static final TlsPaths STAND_IN = new TlsPaths(MailLayout.SELF_SIGNED_DIR + "/fullchain.pem", MailLayout.SELF_SIGNED_DIR + "/privkey.pem");

    /** Missing or past its end date (a certificate near its end is still usable while certbot retries). */
    private boolean certExpired(StepContext ctx, TlsPaths p) {
        return !ctx.run(Command.script("openssl x509 -in " + Shell.quote(p.cert()) + " -noout -checkend 0 >/dev/null 2>&1 && test -s "
                + Shell.quote(p.key()))).ok();
    }

    @Override
    public boolean continuesAfterError(StepContext ctx) {
        return ctx.facts().get(StandIn.class).isPresent();
    }

    private boolean certValid(StepContext ctx, TlsPaths p) {
        CommandResult r = ctx.run(Command.script("openssl x509 -in " + Shell.quote(p.cert()) + " -noout -checkend " + MIN_VALID_SECONDS
                + " -ext subjectAltName 2>/dev/null && test -s " + Shell.quote(p.key())));
        return r.ok() && r.stdout().contains("DNS:" + spec.hostname());
    }

    private Command selfSigned(TlsPaths p) {
        return Command.script("install -d -m 0755 " + Shell.quote(MailLayout.SELF_SIGNED_DIR) + " && umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 825"
                + " -subj " + Shell.quote("/CN=" + spec.hostname()) + " -addext " + Shell.quote("subjectAltName=DNS:" + spec.hostname())
                + " -keyout " + Shell.quote(p.key()) + " -out " + Shell.quote(p.cert()) + " 2>&1 && chmod 0644 " + Shell.quote(p.cert()));
    }

    /** certbot's renewal configuration of the lineage {@code certName} (what {@code certbot renew} reads). */
    static String renewalConf(String certName) {
        return "/etc/letsencrypt/renewal/" + certName + ".conf";
    }

    private static final java.util.regex.Pattern REUSE_KEY = java.util.regex.Pattern.compile("(?m)^\\s*reuse_key\\s*=\\s*True\\s*$");

    /** Whether a renewal configuration keeps the private key on renewal ({@code reuse_key = True} in [renewalparams]). */
    static boolean reusesKey(String renewalConf) {
        return REUSE_KEY.matcher(renewalConf).find();
    }

    /**
     * Switches an existing lineage to key reuse without a new issuance. {@code certbot reconfigure} would do it through
     * certbot, but it exists only from certbot 2.3 (Debian 12 has 2.1) and makes a test renewal against the ACME
     * server; the setting is the one line certbot itself writes for {@code --reuse-key}, so it is set in place: an
     * existing {@code reuse_key} line is rewritten, else the line goes first in [renewalparams]. The new file is
     * written beside the old one (a name certbot does not read: only *.conf are renewal configurations) and renamed
     * over it; the result must hold the line, else nothing is replaced.
     */
    private static Command reuseKey(String conf) {
        String f = Shell.quote(conf);
        return Command.script("set -e; t=$(mktemp " + f + ".XXXXXX); "
                + "if grep -qE '^[[:space:]]*reuse_key[[:space:]]*=' " + f + "; then "
                + "sed -E 's/^[[:space:]]*reuse_key[[:space:]]*=.*/reuse_key = True/' " + f + " > \"$t\"; "
                + "else awk '{ print } /^\\[renewalparams\\][[:space:]]*$/ { print \"reuse_key = True\" }' " + f + " > \"$t\"; fi; "
                + "if ! grep -qx 'reuse_key = True' \"$t\"; then rm -f \"$t\"; echo 'no [renewalparams] section in " + conf + "' >&2; exit 1; fi; "
                + "chmod --reference=" + f + " \"$t\"; chown --reference=" + f + " \"$t\"; mv -f \"$t\" " + f);
    }

    private Command certbot() {
        return certonly(spec, spec.hostname(), List.of(spec.hostname()), REUSE_KEY_ARGS);
    }

    /** --reuse-key: renewals keep the private key, so the TLSA record (3 1 1: the key's digest) stays valid (RFC 7671 8.1). */
    private static final List<String> REUSE_KEY_ARGS = List.of("--reuse-key");

    /**
     * {@code certbot certonly} of the lineage {@code certName} for {@code names}, the one way Mailwright asks certbot for a
     * certificate: the spec's challenge (DNS-01 through {@link DnsChallenge} with an RFC 2136 server, else HTTP-01 by
     * certbot's standalone server, with the renewal hooks opening port 80 only while it runs; the hooks run only on
     * {@code certbot renew}, so at issuance they are run around certbot here), its e-mail and ACME server.
     *
     * @param extra further certbot options ({@code --reuse-key}, {@code --expand})
     */
    static Command certonly(ServerSpec spec, String certName, List<String> names, List<String> extra) {
        return Command.script(Shell.quote(PRE_HOOK) + "; " + Shell.join(certonlyArgv(spec, certName, names, extra)) + "; rc=$?; " + Shell.quote(POST_HOOK)
                + "; exit $rc");
    }

    /** The words of {@link #certonly}'s certbot run, without the hooks around it. */
    private static List<String> certonlyArgv(ServerSpec spec, String certName, List<String> names, List<String> extra) {
        List<String> argv = new ArrayList<>(List.of("certbot", "certonly"));
        argv.addAll(DnsChallenge.applies(spec) ? DnsChallenge.certbotArgs(spec) : List.of("--standalone"));
        argv.addAll(List.of("--non-interactive", "--agree-tos", "--email", spec.tls().email().orElseThrow(), "--cert-name", certName,
                "--keep-until-expiring"));
        names.forEach(n -> argv.addAll(List.of("--domain", n)));
        argv.addAll(extra);
        spec.tls().acmeServer().ifPresent(s -> argv.addAll(List.of("--server", s)));
        return argv;
    }

    static final Command TRUST = Command.of("update-ca-certificates");
    /** Succeeds when the system's CA bundle was made after {@link #ACME_CA} was written (find -newer: to the nanosecond). */
    static final Command TRUSTED = Command.script("test -n \"$(find /etc/ssl/certs/ca-certificates.crt -newer " + ACME_CA + " 2>/dev/null)\"");
    /** The transient unit that runs {@link #TRUST} while apt works ({@link #beforePackages}). */
    static final String TRUST_UNIT = "mailwright-trust-acme-ca.service";
    /**
     * Waits for {@link #TRUST_UNIT} to end (it is gone once it has: {@code --collect}), then runs {@link #TRUST} here
     * unless the bundle was made after the CA was written, so that a failure is reported in update-ca-certificates'
     * own words.
     */
    static final Command AWAIT_TRUST = Command.script(Services.awaitEnd(TRUST_UNIT) + "\n" + TRUSTED.line() + " || " + TRUST.line());

    /** The transient unit that asks for a fresh server's first certificate right after apt ({@link #afterPackages}). */
    static final String CERTBOT_UNIT = "mailwright-certbot.service";
    /** Where {@link #CERTBOT_UNIT} leaves certbot's exit status and output (tmpfs, root only). */
    static final String EARLY_RC = "/run/mailwright-certbot.rc";
    static final String EARLY_OUT = "/run/mailwright-certbot.out";
    /** certbot's answer from {@link #CERTBOT_UNIT} given again, as its own run would give it: its output and exit status. */
    static final Command EARLY_ANSWER = Command.script("cat " + EARLY_OUT + " 2>/dev/null; rc=$(cat " + EARLY_RC + " 2>/dev/null); rm -f " + EARLY_OUT
            + " " + EARLY_RC + "; exit ${rc:-1}");

    /**
     * When apt has just installed certbot, for HTTP-01 ({@code --standalone}, no {@code dns:}): starts the first request
     * of the certificate in a transient unit ({@link #CERTBOT_UNIT}), so its 3-4 s (Python's start, and certbot's own
     * one-second waits while the ACME server validates and signs) pass while the steps before this one run. The unit
     * does nothing when a renewal configuration of the lineage exists already (a restore, or certbot there before:
     * this step's plan decides then), nor when ufw is on (port 80 would be closed: the pre hook opens it only around
     * this step's own certbot run). With {@code tls.acme-ca}, it first waits for the CA to be trusted ({@link
     * #AWAIT_TRUST}). certbot's exit status and output go to {@link #EARLY_RC} and {@link #EARLY_OUT}; this step's
     * plan waits for the unit and reads them.
     */
    @Override
    public void afterPackages(StepContext ctx, List<String> packages) {
        if (!issuesAfterPackages(packages)) {
            return;
        }
        String script = "rm -f " + EARLY_RC + " " + EARLY_OUT + "\n"
                + "test -e " + Shell.quote(renewalConf(spec.hostname())) + " && exit 0\n"
                + "LC_ALL=C ufw status 2>/dev/null | grep -q '^Status: active' && exit 0\n"
                + (privateCa() ? "{ " + AWAIT_TRUST.line() + "; } >/dev/null 2>&1 || exit 0\n" : "")
                + "umask 077\n" + Shell.join(certonlyArgv(spec, spec.hostname(), List.of(spec.hostname()), REUSE_KEY_ARGS)) + " > " + EARLY_OUT
                + " 2>&1\necho $? > " + EARLY_RC + "\n";
        if (Services.startInBackground(ctx, CERTBOT_UNIT, Command.script(script))) {
            ctx.say("requesting the certificate in the background (certbot, right after apt)");
        }
    }

    /**
     * When {@link #afterPackages} started certbot: waits for {@link #CERTBOT_UNIT} to end and gives certbot's exit
     * status, or empty when it did not run (the unit skipped it, or no unit was started). A success's files are
     * removed; a failure's stay for {@link #EARLY_ANSWER}.
     */
    private Optional<Integer> issuedAfterPackages(StepContext ctx) {
        return Services.awaitStarted(ctx, CERTBOT_UNIT, "rc=$(cat " + EARLY_RC + " 2>/dev/null); echo \"$rc\"; [ \"$rc\" != 0 ] || rm -f " + EARLY_RC + " "
                + EARLY_OUT, Duration.ofMinutes(6)).map(r -> r.stdout().strip()).filter(rc -> rc.matches("\\d+")).map(Integer::parseInt);
    }

    /** certbot with another ACME server's own CA ({@code tls.acme-ca}), which the system must trust. */
    private boolean privateCa() {
        return spec.tls().mode() == TlsMode.CERTBOT && spec.tls().acmeCa().isPresent();
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        List<String> notes = new ArrayList<>();
        if (privateCa()) {
            notes.add("the ACME server's CA (tls.acme-ca) is put in the system's trust store (update-ca-certificates, about 3 s) while apt works");
        }
        if (issuesAfterPackages(missing)) {
            notes.add("the certificate (the TLS step below) is requested right after apt, in the background while the DKIM keys and rspamd"
                    + " are set up; a failure is reported by the TLS step, and certbot is not asked twice");
        }
        return notes.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", notes));
    }

    /** Whether {@link #afterPackages} starts certbot when apt installs {@code packages}: certbot among them, HTTP-01. */
    private boolean issuesAfterPackages(List<String> packages) {
        return spec.tls().mode() == TlsMode.CERTBOT && !DnsChallenge.applies(spec) && packages.contains("certbot");
    }

    /**
     * With certbot and {@code tls.acme-ca}: writes the CA to {@link #ACME_CA} and lets the system trust it while apt
     * works: update-ca-certificates forks about 600 processes (3-4 s on a lab droplet) and needs nothing apt installs
     * here but ca-certificates. When apt is about to install ca-certificates, its postinst runs update-ca-certificates
     * and takes the CA in; else a transient unit ({@code systemd-run}, {@link #TRUST_UNIT}) runs it beside apt, and
     * this step's apply waits for it ({@link #AWAIT_TRUST}). This step's plan asks the bundle, not a fact, whether
     * the CA is trusted ({@link #TRUSTED}), so a run cut off in between trusts it the next time.
     */
    @Override
    public void beforePackages(StepContext ctx, List<String> packages) {
        if (!privateCa()) {
            return;
        }
        Optional<FileChange> file = ConfigFiles.plan(ctx, ACME_CA, acmeCaContent().orElseThrow(), 0644, "root", "root", false);
        if (file.isEmpty() && ctx.run(TRUSTED).ok()) {
            return;
        }
        file.ifPresent(f -> Packages.writeBeforeInstall(ctx, Command.of("install", "-d", "-m", "0755", ACME_CA.substring(0, ACME_CA.lastIndexOf('/'))), List.of(f)));
        if (packages.contains("ca-certificates")) {
            return;
        }
        // a unit of that name still running (a run cut off here, retried at once) makes systemd-run fail: the step then runs it itself
        Services.startInBackground(ctx, TRUST_UNIT, TRUST);
    }

    private Optional<String> acmeCaContent() {
        if (spec.tls().acmeCa().isEmpty()) {
            return Optional.empty();
        }
        Path file = LocalPaths.SYSTEM.expandHomePath(spec.tls().acmeCa().get());
        try {
            String pem = Files.readString(file);
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new StepFailedException(Finding.error(title(), file + " is not a PEM certificate", "Point tls.acme-ca at the ACME server's CA certificate (PEM)."));
            }
            return Optional.of(pem);
        } catch (IOException e) {
            throw new StepFailedException(Finding.error(title(), "cannot read tls.acme-ca " + file + ": " + e.getMessage(),
                    "Point tls.acme-ca at a readable PEM file on this computer."));
        }
    }

    private List<FileChange> hooks(StepContext ctx) {
        String marker = "/run/mailwright-certbot-opened-80";
        String pre = DnsChallenge.applies(spec)
                ? "#!/bin/sh\n# " + MailLayout.HEADER + "\n# The certificate is renewed by DNS-01 (dns: in the spec): port 80 stays closed.\nexit 0\n"
                : "#!/bin/sh\n# " + MailLayout.HEADER + "\n# HTTP-01 needs port 80 while certbot runs; open it only if ufw is active and it is not open already.\n"
                + "if ufw status 2>/dev/null | grep -q '^Status: active' && ! ufw status | grep -qE '^80(/tcp)? +ALLOW'; then\n"
                + "  ufw allow 80/tcp >/dev/null && touch " + marker + "\nfi\nexit 0\n";
        String post = "#!/bin/sh\n# " + MailLayout.HEADER + "\n# Close port 80 again, but only if the pre hook opened it.\n"
                + "if [ -e " + marker + " ]; then\n  ufw delete allow 80/tcp >/dev/null; rm -f " + marker + "\nfi\nexit 0\n";
        String deploy = "#!/bin/sh\n# " + MailLayout.HEADER + "\n# OpenSMTPD reads its certificate only at start; Dovecot rereads it on reload.\n"
                + "systemctl try-restart opensmtpd\nsystemctl try-reload-or-restart dovecot\nexit 0\n";
        List<FileChange> out = new ArrayList<>();
        ConfigFiles.plan(ctx, PRE_HOOK, pre, 0755, "root", "root", false).ifPresent(out::add);
        ConfigFiles.plan(ctx, POST_HOOK, post, 0755, "root", "root", false).ifPresent(out::add);
        ConfigFiles.plan(ctx, DEPLOY_HOOK, deploy, 0755, "root", "root", false).ifPresent(out::add);
        return out;
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (PackageChange p : plan.changesOf(PackageChange.class)) {
            org.mailwright.engine.Apt.install(ctx, p.packages());
        }
        List<FileChange> files = plan.changesOf(FileChange.class);
        if (!files.isEmpty()) {
            ctx.run(Command.of("install", "-d", "-m", "0755", HOOKS + "/pre", HOOKS + "/post", HOOKS + "/deploy", DnsChallenge.HOOK_DIR)).orThrow();
            ConfigFiles.write(ctx, files, Optional.empty(), "");
        }
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            ctx.say(c.why());
            CommandResult r = ctx.run(c.command(), Duration.ofMinutes(5));
            if (c.why().contains("certbot")) {
                if (r.ok()) {
                    ctx.facts().put(TlsPaths.class, paths(spec));
                    ctx.facts().remove(StandIn.class);
                } else {
                    standIn(ctx, lastLines(r.stdout() + r.stderr()));
                }
                continue;
            }
            r.orThrow();
        }
    }

    /**
     * certbot failed (ACME server down, port 80 unreachable, DNS not there yet): the mail services must still start,
     * so they get the previous certificate while it is valid, or a temporary self-signed one. The next apply retries.
     */
    private void standIn(StepContext ctx, String reason) {
        TlsPaths le = paths(spec);
        if (!certExpired(ctx, le)) {
            ctx.say("certbot failed; the current certificate is still valid and stays in use: " + reason);
            ctx.facts().put(TlsPaths.class, le);
            ctx.facts().put(StandIn.class, new StandIn(le, reason));
            return;
        }
        ctx.say("certbot failed; the mail services get a temporary self-signed certificate until it works: " + reason);
        if (!certValid(ctx, STAND_IN)) {
            CommandResult made = ctx.run(selfSigned(STAND_IN), Duration.ofMinutes(2));
            if (!made.ok()) {
                CertbotFailure why = failure(reason);
                throw new StepFailedException(Finding.error(title(), "certbot could not get a certificate (" + why.message()
                        + ") and no temporary certificate could be made: " + lastLines(made.stdout() + made.stderr()), why.fix()));
            }
        }
        ctx.facts().put(TlsPaths.class, STAND_IN);
        ctx.facts().put(StandIn.class, new StandIn(STAND_IN, reason));
    }

    /** certbot's failure as a sentence with the fix for its cause (one reading for the CLI and the window). */
    private CertbotFailure failure(String reason) {
        return CertbotFailure.explain(reason, spec.tls().acmeServer().orElse(LETS_ENCRYPT), spec.hostname());
    }

    /** certbot's own last words, without its boilerplate about where its log is and where to ask for help. */
    static String lastLines(String text) {
        List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isBlank())
                .filter(l -> !l.startsWith("Saving debug log") && !l.startsWith("Ask for help") && !l.startsWith("See the logfile")
                        && !l.startsWith("Some challenges have failed"))
                .toList();
        return String.join(" ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        TlsPaths p = ctx.facts().get(TlsPaths.class).orElse(paths(spec));
        Optional<StandIn> standIn = ctx.facts().get(StandIn.class);
        CommandResult r = ctx.run(Command.script("openssl x509 -in " + Shell.quote(p.cert()) + " -noout -enddate -issuer -ext subjectAltName 2>&1"));
        if (!r.ok()) {
            return List.of(Finding.error(title(), "no readable certificate at " + p.cert(), spec.tls().mode() == TlsMode.EXISTING
                    ? "Check tls.cert and tls.key: they must be paths on the server." : "Run apply again."));
        }
        if (!r.stdout().contains("DNS:" + spec.hostname())) {
            return List.of(Finding.error(title(), "the certificate at " + p.cert() + " is not for " + spec.hostname(),
                    "Use a certificate whose names include " + spec.hostname() + "."));
        }
        String end = r.stdout().lines().filter(l -> l.startsWith("notAfter=")).findFirst().orElse("").replace("notAfter=", "");
        if (standIn.isPresent()) {
            CertbotFailure why = failure(standIn.get().reason());
            return List.of(standIn.get().temporary()
                    ? Finding.error(title(), "certbot could not get a certificate: " + why.message()
                            + ". Meanwhile mail works with a temporary self-signed certificate (mail apps will warn about it).", why.fix())
                    : Finding.warn(title(), "certbot could not renew the certificate: " + why.message()
                            + ". The current one stays in use, valid until " + end + ".", why.fix()));
        }
        return List.of(spec.tls().mode() == TlsMode.SELF_SIGNED
                ? Finding.warn(title(), "self-signed, valid until " + end, "Mail apps will warn about it; use certbot once DNS points here.")
                : Finding.ok(title(), "valid until " + end));
    }
}
