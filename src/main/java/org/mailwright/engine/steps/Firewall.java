package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.facts.ServerFacts;
import org.mailwright.facts.UfwStatus;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Command;
import org.mailwright.remote.Shell;

/**
 * ufw with the mail ports open. Every port sshd listens on, and the one this session came in on, is allowed before
 * ufw is enabled, and enabling is refused if that rule is not in place: the person must never be locked out.
 *
 * <p>When apt has just installed ufw, its rules are added right after apt in the background while ufw is still off
 * ({@link #afterPackages}): every {@code ufw} call starts Python (about 0.17 s each on a small droplet), and a fresh
 * server's six or seven rules then cost nothing on the run's path. This step's plan waits for them and reads ufw as
 * always, so a rule the background missed is added here, where its error is reported, and ufw is only turned on here,
 * after the check that the SSH port is allowed.
 */
public final class Firewall implements Step, Packages.PackageHooks {
    static final List<Integer> MAIL_PORTS = org.mailwright.model.MailPorts.FIREWALL;
    /** HTTPS, allowed only with {@code mta-sts} on: senders fetch the MTA-STS policy there (RFC 8461 section 3.3). */
    static final int HTTPS = 443;
    /** The transient unit that adds a fresh ufw's rules right after apt ({@link #afterPackages}). */
    static final String RULES_UNIT = "mailwright-firewall-rules.service";
    private final ServerSpec spec;

    public Firewall(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "firewall";
    }

    @Override
    public String title() {
        return "Firewall";
    }

    Set<Integer> sshPorts(StepContext ctx) {
        Set<Integer> ports = new LinkedHashSet<>();
        ports.add(spec.server().port());
        ports.addAll(ctx.facts().require(ServerFacts.class).sshPorts());
        return ports;
    }

    List<Integer> wantedPorts(StepContext ctx) {
        List<Integer> ports = new ArrayList<>(sshPorts(ctx));
        MAIL_PORTS.stream().filter(p -> !ports.contains(p)).forEach(ports::add);
        spec.firewall().extraPorts().stream().filter(p -> !ports.contains(p)).forEach(ports::add);
        if (spec.mtaSts().on() && !ports.contains(HTTPS)) {
            ports.add(HTTPS); // the MTA-STS policy (MtaStsWeb); closed otherwise
        }
        return ports;
    }

    private UfwStatus status(StepContext ctx) {
        var r = ctx.run(Command.script("command -v ufw >/dev/null || exit 3; ufw status; echo @@added; ufw show added"));
        if (r.exitStatus() == 3) {
            return new UfwStatus(false, false, Set.of());
        }
        String[] parts = r.stdout().split("@@added\n", 2);
        return UfwStatus.parse(parts[0], parts.length > 1 ? parts[1] : "");
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return missing.contains("ufw")
                ? Optional.of("the firewall's rules (the firewall step below) are added right after apt, in the background while ufw is still"
                        + " off; the firewall step turns it on once the SSH port's rule is in")
                : Optional.empty();
    }

    /**
     * When apt has just installed ufw: starts adding every wanted rule in a transient unit ({@link #RULES_UNIT},
     * {@link Services#startInBackground}), which does nothing unless ufw is off, as a fresh package leaves it. Rules
     * added while ufw is off change no packet filter (ufw(8): they are written to its rules files), and a concurrent
     * {@code ufw allow} of the TLS step's certbot hook only happens when ufw is on.
     */
    @Override
    public void afterPackages(StepContext ctx, List<String> packages) {
        if (!packages.contains("ufw")) {
            return;
        }
        String allows = wantedPorts(ctx).stream().map(p -> Shell.join(List.of("ufw", "allow", p + "/tcp")) + " >/dev/null").collect(Collectors.joining(" && "));
        Command rules = Command.script("LC_ALL=C ufw status | grep -q '^Status: inactive' || exit 0; " + allows);
        if (Services.startInBackground(ctx, RULES_UNIT, rules)) {
            ctx.say("adding the firewall's rules in the background (ufw is off until the firewall step)");
        }
    }

    @Override
    public Plan plan(StepContext ctx) {
        Services.awaitStarted(ctx, RULES_UNIT, "", java.time.Duration.ofMinutes(2));
        UfwStatus ufw = status(ctx);
        List<Change> changes = new ArrayList<>();
        for (int port : wantedPorts(ctx)) {
            if (!ufw.allows(port)) {
                String why = sshPorts(ctx).contains(port) ? "keep SSH reachable"
                        : port == HTTPS && spec.mtaSts().on() ? "HTTPS for the MTA-STS policy" : "mail port";
                changes.add(new CommandChange("allow " + port + "/tcp (" + why + ")", Command.of("ufw", "allow", port + "/tcp")));
            }
        }
        if (!ufw.active()) {
            changes.add(new CommandChange("enable the firewall", Command.of("ufw", "--force", "enable")));
        }
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            if (c.command().line().contains("enable")) {
                UfwStatus now = status(ctx);
                for (int ssh : sshPorts(ctx)) {
                    if (!now.allows(ssh)) {
                        throw new StepFailedException(Finding.error(title(), "port " + ssh + " (SSH) is not allowed, so ufw was not enabled",
                                "Allow it with `ufw allow " + ssh + "/tcp` and run apply again."));
                    }
                }
            }
            ctx.say(c.why());
            ctx.run(c.command()).orThrow();
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        UfwStatus ufw = status(ctx);
        List<Finding> out = new ArrayList<>();
        out.add(ufw.active() ? Finding.ok(title(), "ufw is active")
                : Finding.error(title(), "ufw is not active", "Run apply again."));
        List<Integer> closed = wantedPorts(ctx).stream().filter(p -> !ufw.allows(p)).toList();
        out.add(closed.isEmpty() ? Finding.ok("Open ports", wantedPorts(ctx).toString())
                : Finding.error("Open ports", "not allowed: " + closed, "Run apply again."));
        return out;
    }
}
