package org.mailwright.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.remote.Command;

/**
 * The packages apt would remove to install others, as apt itself answers in a simulation ({@code apt-get -s install},
 * apt-get(8): "No action; perform a simulation of events that would occur"). Installing OpenSMTPD removes the mail
 * server already there (exim4 on many images, or postfix): Debian allows one {@code mail-transport-agent}.
 *
 * @param removed the package names of the simulation's {@code Remv} lines, in apt's order
 */
public record AptRemovals(List<String> removed) {
    private static final Pattern REMV = Pattern.compile("^Remv (\\S+)");

    public AptRemovals {
        removed = List.copyOf(removed);
    }

    /**
     * The simulation of installing {@code packages} (a {@code name/release} word is simulated as {@code name}: the
     * release may only be added to apt's sources later in the run, and a package's conflicts are the same). Runs as
     * any user, changes nothing; exits non-zero when apt cannot resolve the request.
     */
    public static Command command(List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("env", "LC_ALL=C", "apt-get", "-s", "-q", "install", "--no-install-recommends"));
        packages.forEach(p -> argv.add(p.contains("/") ? p.substring(0, p.indexOf('/')) : p));
        return Command.of(argv);
    }

    /** The {@code Remv} lines of {@code apt-get -s} output ({@code Remv exim4-daemon-light [4.96-15] [bsd-mailx:amd64 ]}). */
    public static AptRemovals parse(String simulation) {
        List<String> out = new ArrayList<>();
        for (String line : simulation.split("\n")) {
            Matcher m = REMV.matcher(line.strip());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return new AptRemovals(out);
    }
}
