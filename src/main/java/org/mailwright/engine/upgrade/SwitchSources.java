package org.mailwright.engine.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.upgrade.UpgradePreflight.Upgrade;
import org.mailwright.facts.FileState;
import org.mailwright.model.Finding;
import org.mailwright.remote.Command;

/**
 * Points Debian's own apt sources at trixie ({@code bookworm}, {@code bookworm-updates}, {@code bookworm-security}
 * become {@code trixie...}; Debian's release notes, "Preparing APT source-list files"), each file backed up beside
 * itself first and written atomically, and removes Mailwright's bookworm-backports source: trixie has OpenSMTPD 7.6, and
 * a bookworm source left behind would offer Debian 12 packages to a Debian 13 system. Before it changes a source it
 * records in {@link UpgradeState} that the upgrade began (with the snapshot's id), so a later run goes on from here.
 *
 * <p>Plans nothing when the sources already say trixie.
 */
public final class SwitchSources implements Step {
    /** Mailwright's bookworm-backports source, written by the Packages step on Debian 12 (its BACKPORTS_FILE). */
    public static final String MAILWRIGHT_BACKPORTS = org.mailwright.engine.steps.Packages.BACKPORTS_FILE;

    @Override
    public String id() {
        return "switch-sources";
    }

    @Override
    public String title() {
        return "Switch apt to Debian 13";
    }

    @Override
    public Plan plan(StepContext ctx) {
        Upgrade upgrade = ctx.facts().require(Upgrade.class);
        if (!upgrade.needed()) {
            return Plan.empty(this);
        }
        List<Change> changes = new ArrayList<>();
        if (upgrade.state().phase() == UpgradeState.Phase.NOT_STARTED) {
            // the record that the upgrade began, with the snapshot to restore: written before any source changes
            UpgradeState started = new UpgradeState(UpgradeState.Phase.SOURCES_SWITCHED, UpgradeState.lastSnapshot(ctx.host()));
            ConfigFiles.plan(ctx, UpgradeState.FILE, started.text(), 0600, "root", "root", false).ifPresent(changes::add);
        }
        Map<String, String> files = AptSources.splitDump(ctx.run(Command.script(AptSources.dumpCommand())).stdout());
        for (Map.Entry<String, String> f : files.entrySet()) {
            if (f.getKey().equals(MAILWRIGHT_BACKPORTS)) {
                continue;
            }
            List<AptSources.Entry> entries = AptSources.parse(f.getKey(), f.getValue());
            if (entries.stream().anyMatch(AptSources.Entry::onBookworm) && entries.stream().allMatch(e -> !e.enabled() || e.isDebian())) {
                FileState now = FileState.read(ctx.host(), f.getKey());
                String after = AptSources.toTrixie(f.getKey(), now.content().orElse(f.getValue()));
                // the file keeps its own mode and owner: only the suites change
                ConfigFiles.plan(ctx, f.getKey(), after, now.exists() ? now.mode() : 0644, now.exists() ? now.owner() : "root",
                        now.exists() ? now.group() : "root", false).ifPresent(changes::add);
            }
        }
        if (files.containsKey(MAILWRIGHT_BACKPORTS)) {
            changes.add(new CommandChange("remove Mailwright's bookworm-backports source: Debian 13 has OpenSMTPD 7.6 itself",
                    Command.of("rm", "-f", "--", MAILWRIGHT_BACKPORTS)));
        }
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        Upgrade upgrade = ctx.facts().require(Upgrade.class);
        for (FileChange f : plan.changesOf(FileChange.class)) {
            if (f.path().equals(UpgradeState.FILE)) {
                // first: from here on a cut run goes on from here (and makes no snapshot of a half-upgraded system)
                ctx.run(Command.of("install", "-d", "-m", "0700", "/var/lib/mailwright")).orThrow();
                ConfigFiles.write(ctx, List.of(f), Optional.empty(), "");
                UpgradeState started = UpgradeState.read(ctx.host());
                ctx.facts().put(Upgrade.class, new Upgrade(true, started, upgrade.findings()));
                ctx.say("the upgrade has begun" + (started.snapshot().isBlank() ? "" : "; snapshot " + started.snapshot() + " holds the mail as it was"));
            }
        }
        for (FileChange f : plan.changesOf(FileChange.class)) {
            if (!f.path().equals(UpgradeState.FILE)) {
                ctx.say("pointing " + f.path() + " at trixie");
                ConfigFiles.write(ctx, List.of(f), Optional.empty(), "");
            }
        }
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            ctx.say(c.why());
            ctx.run(c.command()).orThrow();
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        if (!ctx.facts().require(Upgrade.class).needed()) {
            return List.of();
        }
        Map<String, String> files = AptSources.splitDump(ctx.run(Command.script(AptSources.dumpCommand())).stdout());
        List<String> left = new ArrayList<>();
        files.forEach((file, content) -> AptSources.parse(file, content).stream().filter(e -> e.enabled() && e.onBookworm())
                .forEach(e -> left.add(e.describe())));
        return List.of(left.isEmpty() ? Finding.ok("Package sources", "Debian's sources say trixie")
                : Finding.error("Package sources", "still on bookworm: " + String.join("; ", left),
                "Run `mailwright upgrade SPEC` again; if it stays, point these at trixie by hand."));
    }
}
