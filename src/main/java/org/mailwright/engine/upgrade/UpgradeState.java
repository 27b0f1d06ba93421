package org.mailwright.engine.upgrade;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.backup.BackupLayout;
import org.mailwright.engine.backup.BackupStatus;
import org.mailwright.remote.RemoteHost;

/**
 * How far an upgrade to Debian 13 has come on this server, kept in {@link #FILE} so that a run cut at any point (the
 * connection, the laptop's lid) goes on where it stopped instead of starting over: the upgrade's steps read it in their
 * plans. It also names the snapshot taken before the upgrade began, which every later failure message points at.
 *
 * @param phase    where the upgrade is
 * @param snapshot the restic id of the snapshot taken before the sources were switched; empty when none is known
 */
public record UpgradeState(Phase phase, String snapshot) {
    /** Root only, beside the backup status; made by the Backups step ({@code /var/lib/mailwright}). */
    public static final String FILE = "/var/lib/mailwright/upgrade-to-13";

    /** Where an upgrade is. */
    public enum Phase {
        /** Nothing done yet (or this server was never upgraded by Mailwright). */
        NOT_STARTED("not-started"),
        /** Debian's sources say trixie: packages are being (or are still to be) upgraded. */
        SOURCES_SWITCHED("sources-switched"),
        /** apt full-upgrade finished: only the Debian 13 configuration and the checks are left. */
        PACKAGES_UPGRADED("packages-upgraded");

        final String word;

        Phase(String word) {
            this.word = word;
        }

        static Phase of(String word) {
            for (Phase p : values()) {
                if (p.word.equals(word)) {
                    return p;
                }
            }
            return NOT_STARTED;
        }
    }

    /** No upgrade recorded: the file is missing. */
    public static final UpgradeState NONE = new UpgradeState(Phase.NOT_STARTED, "");

    /** Parses the file's {@code key=value} lines; anything unknown reads as not started. */
    public static UpgradeState parse(String text) {
        Map<String, String> v = new HashMap<>();
        text.lines().forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                v.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        });
        return new UpgradeState(Phase.of(v.getOrDefault("phase", "")), v.getOrDefault("snapshot", ""));
    }

    /** The state on {@code host}: {@link #NONE} when the file is missing. */
    public static UpgradeState read(RemoteHost host) {
        return host.readText(FILE).map(UpgradeState::parse).orElse(NONE);
    }

    /** This state in {@code phase}. */
    public UpgradeState at(Phase next) {
        return new UpgradeState(next, snapshot);
    }

    /** The file's content. */
    public String text() {
        return "# Mailwright: how far `mailwright upgrade` has come (Debian 12 -> 13); read by the next run\nphase=" + phase.word
                + "\nsnapshot=" + snapshot + "\n";
    }

    /** Writes this state to the server (root only), atomically. */
    public void write(StepContext ctx) {
        ctx.run(org.mailwright.remote.Command.of("install", "-d", "-m", "0700", "/var/lib/mailwright")).orThrow();
        ctx.host().uploadAtomic(FILE, text().getBytes(StandardCharsets.UTF_8), 0600, "root", "root");
    }

    /** The id of the last good snapshot on the server, from the backup script's status file; empty when none. */
    public static String lastSnapshot(RemoteHost host) {
        return host.readText(BackupLayout.STATUS_FILE).map(t -> BackupStatus.parse(t).shortSnapshot())
                .orElse("");
    }

    /**
     * The sentence every failure after the switch ends with: run again, or restore the snapshot taken before.
     *
     * @param copyTo the folder on this computer the backup was copied to in this run, if any
     */
    public String howToFinish(java.util.Optional<java.nio.file.Path> copyTo) {
        String snap = snapshot.isBlank() ? "the snapshot taken before the upgrade" : "snapshot " + snapshot + " (taken before the upgrade)";
        String from = copyTo.map(d -> "--from " + d).orElse("--from DIR");
        String copy = copyTo.isPresent() ? "" : "copy the backups to this computer (mailwright backup SPEC --no-snapshot --to DIR), then ";
        return "Run `mailwright upgrade SPEC` again: it goes on where it stopped. Or restore " + snap + " onto a fresh Debian 13 server: "
                + copy + "mailwright restore NEW-SPEC " + from + (snapshot.isBlank() ? "" : " --snapshot " + snapshot) + ".";
    }
}
