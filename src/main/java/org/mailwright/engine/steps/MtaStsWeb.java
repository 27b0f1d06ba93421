package org.mailwright.engine.steps;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailwright.dns.MalformedRecordException;
import org.mailwright.dns.MtaStsPolicy;
import org.mailwright.engine.Apt;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.PackageChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.StepContext;
import org.mailwright.export.ClientSettings;
import org.mailwright.export.ThunderbirdAutoconfig;
import org.mailwright.facts.InstalledPackages;
import org.mailwright.facts.ServerFacts;
import org.mailwright.facts.ServerFacts.Release;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;
import org.mailwright.render.PolicyWebServer;
import org.mailwright.render.PolicyWebServer.Certificate;

/**
 * MTA-STS (RFC 8461) on the mail host, when the spec says {@code mta-sts: { mode: testing | enforce }}: a small nginx
 * from Debian ({@code nginx-light} on 12, {@code nginx} on 13, where nginx-light is only a transitional name) serves
 * each domain's policy at {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} and Thunderbird's autoconfig file at
 * {@code https://autoconfig.DOMAIN/mail/config-v1.1.xml} ({@link PolicyWebServer} has the configuration and its
 * hardening), with a certbot certificate of its own ({@value PolicyWebServer#CERT_NAME}) for those names.
 *
 * <p>The certificate is kept apart from the mail host's: HTTP-01 validates every name of an order, so a policy host
 * whose DNS is not there yet would otherwise stop the mail certificate from being issued or renewed. Only the names
 * that already resolve to this server are asked for; the others are named in the plan and {@code check}, and the next
 * apply adds them once they resolve. A certbot failure here is reported and does not stop the apply: mail works
 * without MTA-STS. Debian's default site is disabled, since it listens on port 80, which certbot's standalone
 * challenge (issuance and every renewal) needs.
 *
 * <p>With {@code mta-sts} off (the default) the step plans nothing and checks nothing.
 */
public final class MtaStsWeb extends ConfigStep {
    static final String DEPLOY_HOOK = Tls.HOOKS + "/deploy/mailwright-reload-nginx";
    static final String SERVICE = "nginx";

    private final ServerSpec spec;

    /** @param spec the spec whose {@code mta-sts.mode}, domains, mail host name and certbot settings are used */
    public MtaStsWeb(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "mta-sts";
    }

    @Override
    public String title() {
        return "MTA-STS policy (HTTPS)";
    }

    /** The nginx package of {@code release}: nginx-light on Debian 12; on 13 nginx-light only pulls in {@code nginx}. */
    static String nginxPackage(Release release) {
        return release == Release.BOOKWORM ? "nginx-light" : "nginx";
    }

    /** The policy this spec serves, the same for every domain (they share the one mail host). */
    MtaStsPolicy policy() {
        return MtaStsPolicy.of(spec.mtaSts().mode(), spec.hostname());
    }

    /** What plan learned, for apply and verify of the same run. */
    record State(boolean nginxInstalled, List<String> resolving, List<String> notResolving, Set<String> certNames, boolean ipv6) {
        /** Whether a certificate covering at least one policy host is there. */
        boolean hasCert() {
            return !certNames.isEmpty();
        }
    }

    private State state(StepContext ctx) {
        return ctx.facts().get(State.class).orElseGet(() -> read(ctx));
    }

    private State read(StepContext ctx) {
        ServerFacts facts = ctx.facts().require(ServerFacts.class);
        String pkg = nginxPackage(facts.release().orElseThrow());
        boolean installed = InstalledPackages.parse(ctx.run(Command.of(Packages.queryArgs(List.of(pkg)))).stdout()).has(pkg);
        List<String> names = spec.domains().stream().flatMap(d -> PolicyWebServer.names(d).stream()).toList();
        Map<String, Set<String>> resolved = resolve(ctx, names);
        Set<String> ours = new LinkedHashSet<>();
        facts.mailAddresses(spec.server().host()).forEach(a -> ours.add(canonical(a)));
        List<String> yes = new ArrayList<>();
        List<String> no = new ArrayList<>();
        for (String n : names) {
            Set<String> got = resolved.getOrDefault(n, Set.of());
            (!got.isEmpty() && ours.containsAll(got) ? yes : no).add(n);
        }
        State s = new State(installed, yes, no, certNames(ctx), !facts.ipv6().isEmpty() || ctx.run(Command.script("test -e /proc/net/if_inet6")).ok());
        ctx.facts().put(State.class, s);
        return s;
    }

    /** Each name's addresses as the server's resolver answers ({@code getent ahosts}); a name that does not resolve has none. */
    static Map<String, Set<String>> resolve(StepContext ctx, List<String> names) {
        StringBuilder script = new StringBuilder();
        for (String n : names) {
            script.append("printf '%s' ").append(Shell.quote(n + " ")).append("; getent ahosts ").append(Shell.quote(n))
                    .append(" | awk '{print $1}' | sort -u | tr '\\n' ' '; echo; ");
        }
        return parseResolved(ctx.run(Command.script(script.toString())).stdout());
    }

    /** Lines {@code NAME ADDR ADDR ...} to name and addresses (canonical text); a name without addresses maps to none. */
    static Map<String, Set<String>> parseResolved(String out) {
        Map<String, Set<String>> map = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 0 || w[0].isEmpty()) {
                continue;
            }
            Set<String> addrs = new LinkedHashSet<>();
            for (int i = 1; i < w.length; i++) {
                addrs.add(canonical(w[i]));
            }
            map.put(w[0].toLowerCase(Locale.ROOT), addrs);
        }
        return map;
    }

    private static String canonical(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress(); // an IP literal: no lookup
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    /** The DNS names of the policy hosts' certificate when it is valid for more than 10 days; none otherwise. */
    private static Set<String> certNames(StepContext ctx) {
        Certificate c = Certificate.CERTBOT;
        CommandResult r = ctx.run(Command.script("openssl x509 -in " + Shell.quote(c.cert()) + " -noout -checkend " + Tls.MIN_VALID_SECONDS
                + " -ext subjectAltName 2>/dev/null && test -s " + Shell.quote(c.key())));
        return r.ok() ? sanNames(r.stdout()) : Set.of();
    }

    /** The {@code DNS:} names of openssl's {@code -ext subjectAltName} output. */
    static Set<String> sanNames(String opensslOut) {
        Set<String> out = new LinkedHashSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("DNS:([^,\\s]+)").matcher(opensslOut);
        while (m.find()) {
            out.add(m.group(1).toLowerCase(Locale.ROOT));
        }
        return out;
    }

    @Override
    protected List<Wanted> files(StepContext ctx) {
        State s = state(ctx);
        return files(s.hasCert(), s.ipv6());
    }

    private List<Wanted> files(boolean withCert, boolean ipv6) {
        List<Wanted> out = new ArrayList<>();
        out.add(Wanted.config(PolicyWebServer.CONF, PolicyWebServer.conf(spec.domains(),
                withCert ? Optional.of(Certificate.CERTBOT) : Optional.empty(), ipv6)));
        ClientSettings client = ClientSettings.from(spec);
        for (String d : spec.domains()) {
            out.add(Wanted.config(PolicyWebServer.policyFile(d), policy().text()));
            out.add(Wanted.config(PolicyWebServer.autoconfigFile(d), ThunderbirdAutoconfig.render(client, d, d + " mail")));
        }
        out.add(new Wanted(DEPLOY_HOOK, "#!/bin/sh\n# " + MailLayout.HEADER + "\n# nginx rereads its certificate only on reload.\n"
                + "systemctl try-reload-or-restart nginx\nexit 0\n", 0755, "root", "root", false));
        return out;
    }

    @Override
    protected List<CommandChange> prepare(StepContext ctx) {
        List<String> dirs = new ArrayList<>();
        for (String d : spec.domains()) {
            dirs.add(PolicyWebServer.root(d) + "/.well-known");
            dirs.add(PolicyWebServer.root(d) + "/mail");
        }
        // one command for every domain's directories, not one each
        List<String> missing = ctx.run(Command.script("for d in " + Shell.join(dirs) + "; do [ -d \"$d\" ] || printf '%s\\n' \"$d\"; done"))
                .stdout().lines().filter(l -> !l.isBlank()).toList();
        if (missing.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("install", "-d", "-m", "0755"));
        argv.addAll(missing);
        return List.of(new CommandChange("make the folders the policy and autoconfig files are served from", Command.of(argv)));
    }

    @Override
    protected Optional<Command> validator(StepContext ctx) {
        return Optional.of(Command.of("nginx", "-t", "-q"));
    }

    @Override
    protected String validatorName() {
        return "nginx -t";
    }

    @Override
    protected String service() {
        return SERVICE;
    }

    @Override
    protected Change.ServiceAction actionFor(List<FileChange> changed) {
        return Change.ServiceAction.RELOAD;
    }

    static final String DISABLE_DEFAULT = "disable Debian's default nginx site (it listens on port 80, which certbot needs)";
    /** The start of the certbot change's words: apply runs it last, after nginx has let go of port 80. */
    static final String REQUEST_CERT = "request a certificate for ";

    @Override
    public Plan plan(StepContext ctx) {
        if (!spec.mtaSts().on()) {
            return Plan.empty(this);
        }
        ctx.facts().remove(State.class);
        State s = read(ctx);
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Release release = ctx.facts().require(ServerFacts.class).release().orElseThrow();
        if (!s.nginxInstalled()) {
            changes.add(new PackageChange(List.of(nginxPackage(release)), Optional.empty()));
        }
        if (!s.nginxInstalled() || ctx.run(Command.of("test", "-e", PolicyWebServer.DEFAULT_SITE)).ok()) {
            changes.add(new CommandChange(DISABLE_DEFAULT, Command.of("rm", "-f", PolicyWebServer.DEFAULT_SITE)));
        }
        for (String n : s.notResolving()) {
            notes.add(n + " does not point at this server yet, so its certificate is not requested now: publish " + n + " CNAME "
                    + spec.hostname() + ". and the next apply adds it");
        }
        if (!s.resolving().isEmpty() && !s.certNames().containsAll(s.resolving())) {
            changes.add(new CommandChange(REQUEST_CERT + String.join(", ", s.resolving()) + " with certbot",
                    certbot(s.resolving())));
        }
        Plan files = super.plan(ctx);
        changes.addAll(files.changes());
        if (!s.nginxInstalled() && changes.stream().noneMatch(c -> c instanceof Change.ServiceChange)) {
            changes.add(new Change.ServiceChange(SERVICE, Change.ServiceAction.RELOAD));
        }
        notes.add("the MTA-STS policy says mode " + policy().mode() + ", id " + policy().id());
        return new Plan(id(), title(), changes, notes);
    }

    private Command certbot(List<String> names) {
        // the mail host certificate's challenge and hooks (port 80 only while certbot runs, or DNS-01)
        return Tls.certonly(spec, PolicyWebServer.CERT_NAME, names, List.of("--expand"));
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        State s = state(ctx);
        for (PackageChange p : plan.changesOf(PackageChange.class)) {
            // the package lists may be old when the packages step had nothing to install in this run
            Apt.updateOnce(ctx);
            Apt.install(ctx, p.packages());
        }
        CommandChange certbot = null;
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            if (c.why().startsWith(REQUEST_CERT)) {
                certbot = c;
                continue;
            }
            ctx.say(c.why());
            ctx.run(c.command()).orThrow();
        }
        List<FileChange> files = plan.changesOf(FileChange.class);
        if (!files.isEmpty()) {
            ConfigFiles.write(ctx, files, validator(ctx), validatorName());
        }
        if (!files.isEmpty() || !plan.changesOf(PackageChange.class).isEmpty()
                || plan.changesOf(CommandChange.class).stream().anyMatch(c -> c.why().equals(DISABLE_DEFAULT))) {
            // a restart, not a reload: the default site's port 80 must be free before certbot runs
            ctx.say("restart nginx");
            ctx.run(Command.of("systemctl", "restart", SERVICE)).orThrow();
        }
        if (certbot == null) {
            return;
        }
        ctx.say(certbot.why());
        CommandResult r = ctx.run(certbot.command(), Duration.ofMinutes(5));
        if (!r.ok()) {
            // mail works without MTA-STS: the failure is reported by verify and the next apply tries again
            ctx.say("certbot could not get the certificate for the policy hosts; the next apply tries again: " + Tls.lastLines(r.stdout() + r.stderr()));
            return;
        }
        // the certificate is there now: serve the policy hosts with it
        List<FileChange> withCert = new ArrayList<>();
        for (Wanted w : files(true, s.ipv6())) {
            ConfigFiles.plan(ctx, w.path(), w.content(), w.mode(), w.owner(), w.group(), w.secret()).ifPresent(withCert::add);
        }
        if (!withCert.isEmpty()) {
            ConfigFiles.write(ctx, withCert, validator(ctx), validatorName());
            ctx.say("reload nginx");
            ctx.run(Command.of("systemctl", "reload-or-restart", SERVICE)).orThrow();
        }
        ctx.facts().put(State.class, new State(true, s.resolving(), s.notResolving(), certNames(ctx), s.ipv6()));
    }

    /**
     * Mail works without MTA-STS (senders fall back to opportunistic TLS), so a policy host that is not served yet is
     * reported and the run goes on: the firewall, brute-force protection and the checks after it still run.
     */
    @Override
    public boolean continuesAfterError(StepContext ctx) {
        return true;
    }

    /** Whether every domain's policy was fetched and valid in this run's verify: the DNS step's enforce offer reads it. */
    public record Served(boolean allValid) {
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        if (!spec.mtaSts().on()) {
            return List.of();
        }
        ctx.facts().remove(State.class);
        State s = read(ctx);
        List<Finding> out = new ArrayList<>(super.verify(ctx));
        boolean all = true;
        for (String n : s.notResolving()) {
            out.add(Finding.warn(title() + " " + n, n + " does not point at this server yet, so it has no certificate and is not served",
                    "Publish " + n + " CNAME " + spec.hostname() + ". at your DNS provider, then run apply again."));
            if (n.startsWith("mta-sts.")) {
                all = false;
            }
        }
        for (String d : spec.domains()) {
            Finding f = checkServed(ctx, d, s);
            all &= f.severity() == org.mailwright.model.Severity.OK;
            out.add(f);
        }
        ctx.facts().put(Served.class, new Served(all));
        return out;
    }

    /**
     * Fetches {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} on the server itself (openssl s_client to 127.0.0.1
     * with the name as SNI and Host; curl is not on a minimal Debian) and checks it as a sender would: HTTP 200,
     * {@code text/plain} (RFC 8461 section 3.3), a policy that parses (section 3.2), is this spec's, and names the mail
     * host, and a certificate covering the name.
     */
    private Finding checkServed(StepContext ctx, String d, State s) {
        String host = "mta-sts." + d;
        String check = "MTA-STS policy " + d;
        if (!s.certNames().contains(host)) {
            // not yet in DNS is the normal first apply (the records are published after it): a warning, not a failed apply
            return s.notResolving().contains(host)
                    ? Finding.warn(check, "no certificate for " + host + " yet (the name does not point at this server), so senders"
                            + " cannot fetch the policy", "Publish " + host + " CNAME " + spec.hostname() + ". at your DNS provider, then run apply again.")
                    : Finding.error(check, "no certificate for " + host + " yet, so senders cannot fetch the policy",
                            "Run apply again; if certbot fails, its message says why.");
        }
        String request = "GET " + MtaStsPolicy.PATH + " HTTP/1.1\\r\\nHost: " + host + "\\r\\nConnection: close\\r\\n\\r\\n";
        CommandResult r = ctx.run(Command.script("printf " + Shell.quote(request) + " | timeout 15 openssl s_client -connect 127.0.0.1:443 -servername "
                + Shell.quote(host) + " -quiet 2>/dev/null"));
        Fetched f = Fetched.parse(r.stdout());
        String url = "https://" + host + MtaStsPolicy.PATH;
        if (f.status() != 200) {
            return Finding.error(check, url + " answered " + (f.status() < 0 ? "nothing" : "HTTP " + f.status()) + " on the server",
                    "Run apply again; `journalctl -u nginx -n 50` on the server says why nginx fails.");
        }
        if (!f.contentType().toLowerCase(Locale.ROOT).startsWith("text/plain")) {
            return Finding.error(check, url + " is served as " + f.contentType() + ", not text/plain (RFC 8461 section 3.3)",
                    "Run apply again to restore Mailwright's nginx configuration.");
        }
        try {
            MtaStsPolicy got = MtaStsPolicy.parse(f.body());
            if (!got.matches(spec.hostname())) {
                return Finding.error(check, "the policy at " + url + " does not name the mail host " + spec.hostname() + " as mx",
                        "Run apply again to restore the policy.");
            }
            if (!f.body().equals(policy().text())) {
                return Finding.error(check, "the policy at " + url + " is not this spec's (mode " + got.mode() + ")", "Run apply again.");
            }
            return Finding.ok(check, url + " serves a valid policy: mode " + got.mode() + ", mx " + String.join(" ", got.mx())
                    + ", max_age " + got.maxAgeSeconds() + " s (fetched on the server, certificate for " + host + ")");
        } catch (MalformedRecordException e) {
            return Finding.error(check, "the policy at " + url + " is not valid: " + e.getMessage(), "Run apply again to restore the policy.");
        }
    }

    /**
     * An HTTP/1.1 response as read off the wire.
     *
     * @param status      the status code; -1 when nothing (or no status line) came back
     * @param contentType the Content-Type header, empty when absent
     * @param body        the body (nginx sends Content-Length for a static file; no chunked decoding is needed)
     */
    record Fetched(int status, String contentType, String body) {
        static Fetched parse(String raw) {
            int end = raw.indexOf("\r\n\r\n");
            if (!raw.startsWith("HTTP/") || end < 0) {
                return new Fetched(-1, "", "");
            }
            List<String> head = raw.substring(0, end).lines().toList();
            String[] statusLine = head.get(0).split(" ");
            int status = statusLine.length > 1 && statusLine[1].matches("[0-9]{3}") ? Integer.parseInt(statusLine[1]) : -1;
            String type = head.stream().skip(1).filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    .map(h -> h.substring(h.indexOf(':') + 1).strip()).findFirst().orElse("");
            return new Fetched(status, type, raw.substring(end + 4));
        }
    }
}
