package org.mailwright.engine.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Probe;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.ServerFacts;
import org.mailwright.facts.ServerFacts.Release;
import org.mailwright.model.Finding;
import org.mailwright.model.Words;

/**
 * What must be true before Debian 12 becomes 13, checked before anything changes (Debian's release notes for trixie,
 * "Preparing for the upgrade": enough space, no held packages, only Debian's own sources). Every problem is reported at
 * once as an ERROR with its fix, and the run stops there. On a server that is already Debian 13 it says so and the run
 * goes on with the Debian 13 configuration and the checks only; an upgrade cut in an earlier run is recognised
 * ({@link UpgradeState}) and goes on.
 *
 * <p>It changes nothing; what it learned is the {@link Upgrade} fact the later upgrade steps read.
 */
public final class UpgradePreflight implements Step {
    /** Free space needed on / and /var: a trixie upgrade of a mail server downloads and unpacks about 1 GiB. */
    static final long MIN_FREE_KB = 2L * 1024 * 1024;

    /**
     * What the upgrade's steps go by.
     *
     * @param needed   whether packages are still to be upgraded (Debian 12, or an upgrade cut before it finished)
     * @param state    the upgrade's state file
     * @param findings what this step found, for its verify
     */
    public record Upgrade(boolean needed, UpgradeState state, List<Finding> findings) {
        public Upgrade {
            findings = List.copyOf(findings);
        }

        /** Whether a snapshot must be made now: the upgrade is still to begin. */
        public boolean beforeStart() {
            return needed && state.phase() == UpgradeState.Phase.NOT_STARTED;
        }
    }

    @Override
    public String id() {
        return "upgrade-preflight";
    }

    @Override
    public String title() {
        return "Check before upgrading";
    }

    @Override
    public Plan plan(StepContext ctx) {
        ServerFacts facts = ctx.facts().require(ServerFacts.class);
        Release release = facts.release().orElseThrow();
        UpgradeState state = UpgradeState.read(ctx.host());
        boolean needed = release == Release.BOOKWORM || state.phase() == UpgradeState.Phase.SOURCES_SWITCHED;
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!needed) {
            findings.add(Finding.ok("Debian release", "already Debian 13 (" + facts.prettyName() + "): only the Debian 13 configuration and the"
                    + " checks are left"));
            notes.add("already Debian 13: no packages to upgrade; the Debian 13 configuration is written and checked");
        } else {
            Map<String, String> probes = new LinkedHashMap<>();
            probes.put("df", "df -Pk / /var");
            probes.put("held", "apt-mark showhold");
            probes.put("sources", AptSources.dumpCommand());
            Map<String, String> out = Probe.run(ctx, probes);
            findings.add(state.phase() == UpgradeState.Phase.SOURCES_SWITCHED
                    ? Finding.ok("Debian release", facts.prettyName() + ": an upgrade to Debian 13 began in an earlier run and goes on now")
                    : Finding.ok("Debian release", facts.prettyName() + ": upgrading to Debian 13 (trixie)"));
            findings.addAll(space(parseFree(out.getOrDefault("df", ""))));
            findings.add(held(parseHeld(out.getOrDefault("held", ""))));
            findings.add(thirdParty(foreignSources(AptSources.splitDump(out.getOrDefault("sources", "")))));
            notes.add(state.phase() == UpgradeState.Phase.SOURCES_SWITCHED
                    ? "an upgrade began in an earlier run: it goes on where it stopped (no new snapshot; the one taken then"
                    + (state.snapshot().isBlank() ? "" : ", " + state.snapshot() + ",") + " is the one to restore)"
                    : "a snapshot of the mail is made first; then Debian's sources say trixie, every package is upgraded, the Debian 13"
                    + " configuration is written and everything is checked (this takes several minutes)");
        }
        ctx.facts().put(Upgrade.class, new Upgrade(needed, state, findings));
        return new Plan(id(), title(), List.of(), notes);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // never called: the plan has no changes
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        return ctx.facts().require(Upgrade.class).findings();
    }

    /**
     * Free KiB per file system from {@code df -Pk / /var} (POSIX output: one line per path after the header), keyed by
     * mount point; / and /var on one file system give one entry.
     */
    static Map<String, Long> parseFree(String df) {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, String> seenDevice = new LinkedHashMap<>();
        for (String line : df.strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 6 || !f[3].matches("\\d+")) {
                continue;
            }
            String device = f[0];
            String mount = f[f.length - 1];
            if (seenDevice.containsKey(device)) {
                continue;
            }
            seenDevice.put(device, mount);
            out.put(mount, Long.parseLong(f[3]));
        }
        return out;
    }

    static List<Finding> space(Map<String, Long> freeKb) {
        if (freeKb.isEmpty()) {
            return List.of(Finding.warn("Free space", "could not read the free space (df)", "Make sure / and /var have 2 GiB free."));
        }
        List<Finding> out = new ArrayList<>();
        freeKb.forEach((mount, kb) -> out.add(kb >= MIN_FREE_KB
                ? Finding.ok("Free space", Words.bytes(kb * 1024) + " free on " + mount)
                : Finding.error("Free space", "only " + Words.bytes(kb * 1024) + " free on " + mount + "; the upgrade needs 2 GiB there",
                "Free space on " + mount + " (apt-get clean, old logs with journalctl --vacuum-size=100M) or grow the disk, then run again.")));
        return out;
    }

    /** Package names from {@code apt-mark showhold}, one a line. */
    static List<String> parseHeld(String out) {
        return out.lines().map(String::strip).filter(l -> l.matches("[a-z0-9][a-z0-9+.:-]*")).toList();
    }

    static Finding held(List<String> held) {
        return held.isEmpty() ? Finding.ok("Held packages", "none")
                : Finding.error("Held packages", Words.count(held.size(), "package is", "packages are") + " held back from upgrades: "
                + String.join(" ", held) + "; Debian's upgrade needs every package free to move",
                "Release them on the server (apt-mark unhold " + String.join(" ", held) + "), then run again.");
    }

    /** The enabled sources that are not Debian's own, nor Mailwright's bookworm-backports file. */
    static List<AptSources.Entry> foreignSources(Map<String, String> files) {
        List<AptSources.Entry> out = new ArrayList<>();
        files.forEach((file, content) -> {
            if (!file.equals(SwitchSources.MAILWRIGHT_BACKPORTS)) {
                AptSources.parse(file, content).stream().filter(e -> e.enabled() && !e.isDebian()).forEach(out::add);
            }
        });
        return out;
    }

    static Finding thirdParty(List<AptSources.Entry> foreign) {
        if (foreign.isEmpty()) {
            return Finding.ok("Package sources", "only Debian's own");
        }
        List<String> each = foreign.stream().map(AptSources.Entry::describe).distinct().toList();
        return Finding.error("Package sources", "not Debian's own: " + String.join("; ", each)
                        + ". A source made for Debian 12 may hold packages that block or break the upgrade",
                "Disable it (or upgrade it to trixie yourself), then run again: rename a .list file to end in .disabled, or add `Enabled: no`"
                        + " to its stanza in a .sources file.");
    }
}
