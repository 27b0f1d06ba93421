package org.mailwright.engine.upgrade;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Step;
import org.mailwright.engine.backup.CopyToComputer;
import org.mailwright.engine.steps.DnsRecords;
import org.mailwright.engine.steps.MailSteps;
import org.mailwright.engine.steps.Preflight;
import org.mailwright.model.ServerSpec;

/** {@code mailwright upgrade}: the steps that take a Debian 12 mail server to Debian 13 in place, in order. */
public final class UpgradeSteps {
    private UpgradeSteps() {
    }

    /**
     * Preflight and the upgrade's own checks; the backup (set up, a snapshot now, the copy to {@code copyTo}) before
     * anything changes; Debian's sources switched to trixie; every package upgraded; Preflight again, so the later
     * steps see Debian 13 (it replaces the {@code ServerFacts} of the first); then the set-up steps of a normal run
     * (Debian 13's packages, Dovecot 2.4's configuration validated by doveconf, ...) ending with the checks and DNS.
     * Every step plans only what is left, so a run cut anywhere goes on where it stopped when started again.
     *
     * @param dns    how the DNS records are checked at the end
     * @param copyTo a folder on this computer the fresh backup is copied to as well, if any
     */
    public static List<Step> of(ServerSpec spec, DnsRecords.Options dns, Optional<Path> copyTo) {
        List<Step> out = new ArrayList<>();
        out.add(new Preflight());
        out.add(new UpgradePreflight());
        List<Step> after = copyTo.<List<Step>>map(d -> List.of(new CopyToComputer(d))).orElse(List.of());
        List<Step> backup = MailSteps.backup(spec, true, List.of(), after);
        backup.subList(1, backup.size()).forEach(s -> out.add(new BeforeUpgrade(s)));
        out.add(new SwitchSources());
        out.add(new FullUpgrade(copyTo));
        List<Step> setUp = MailSteps.forSpec(spec, dns);
        out.addAll(setUp); // its first step is Preflight: the facts are read again, now of Debian 13
        return List.copyOf(out);
    }
}
