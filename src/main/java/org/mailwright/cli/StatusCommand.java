package org.mailwright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.bans.Ban;
import org.mailwright.engine.bans.Bans;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.StepOutcome;
import org.mailwright.engine.status.ServerStatus;
import org.mailwright.engine.status.StatusCheck;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.Cancellation;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mailwright status SPEC}: the dashboard's Status tab on the command line, grouped (System, Network, each
 * domain), each problem with its fix; {@code --json} prints the same as one JSON document for scripts and monitoring.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = {
        "The server's status: services, disk, memory, updates, certificate, ports and TLS, backups, SSH, and each domain's DNS,"
                + " DNSSEC and blocklists, all checked at once. Changes nothing.",
        "Exit status: 0 no errors (warnings allowed), 1 an error found or the server unreachable, 2 bad input (nothing sent)."})
final class StatusCommand extends RunCommand {
    @Option(names = "--json", description = "Print the checks as JSON on standard output (the progress lines go to standard error).")
    boolean json;

    private ServerStatus status;
    /** The bans now; null when they could not be read (the protection check says why). */
    private List<Ban> bans;

    @Override
    boolean keepsTranscript() {
        return false; // read-only and run often (monitoring): a transcript only when --transcript asks for one
    }

    @Override
    void couldNotRun(PrintWriter out, ServerSpec spec, String message) {
        if (json) {
            // scripts still get a document: the worst severity, and why there are no checks
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("host", spec.server().host());
            doc.put("checkedAt", java.time.Instant.now().toString());
            doc.put("worst", "ERROR");
            doc.put("error", message);
            doc.put("checks", List.of());
            try {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a map of strings always serializes", e);
            }
            out.flush();
        }
    }

    @Override
    Runner.Mode mode() {
        return Runner.Mode.CHECK;
    }

    @Override
    String summaryExtra() {
        long skipped = status == null ? 0 : status.checks().stream().filter(StatusCheck::isSkipped).count();
        return skipped == 0 ? "" : ", " + skipped + " not checked (a check they depend on failed)";
    }

    @Override
    PrintWriter humanOut(PrintWriter out, PrintWriter err) {
        return json ? err : out;
    }

    @Override
    RunReport execute(SshSession session, ServerSpec spec, RunListener listener, Cancellation cancel) {
        long start = System.nanoTime();
        status = session.status(spec, c -> { }, cancel);
        List<Finding> ran = status.checks().stream().filter(c -> !c.isSkipped()).map(StatusCheck::finding).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new RunReport(Runner.Mode.CHECK, List.of(new StepOutcome("status", "Status", new Plan("status", "Status", List.of(), List.of()), false, ran, took)),
                cancel.isCancelled(), took);
    }

    @Override
    int after(PrintWriter out, PrintWriter err, SshSession session, ServerSpec spec, RunReport report, int exit) {
        try {
            bans = session.bans();
        } catch (org.mailwright.session.SessionException e) {
            bans = null; // fail2ban missing or stopped: the "Brute-force protection" check above says so, with its fix
        }
        if (json) {
            out.println(json(status, bans));
        } else {
            print(out, status);
            print(out, bans);
        }
        out.flush();
        return exit;
    }

    /** The status as people read it: a heading per group, one line per check, the fix under each problem. */
    static void print(PrintWriter out, ServerStatus status) {
        status.groups().forEach((group, checks) -> {
            out.println();
            out.println(group);
            for (StatusCheck c : checks) {
                String badge = c.isSkipped() ? "skip " : switch (c.severity()) {
                    case OK -> "ok   ";
                    case WARN -> "WARN ";
                    case ERROR -> "ERROR";
                };
                out.println("  " + badge + " " + c.finding().check() + ": " + c.finding().message());
                if (!c.isSkipped() && !c.finding().fix().isBlank()) {
                    out.println("         fix: " + c.finding().fix());
                }
            }
        });
    }

    /**
     * The addresses banned now, one line each with its jail and when the ban ends, and how to lift one; nothing when
     * {@code bans} is null (unread).
     */
    static void print(PrintWriter out, List<Ban> bans) {
        if (bans == null) {
            return;
        }
        out.println();
        out.println("Bans");
        if (bans.isEmpty()) {
            out.println("  no address is banned now");
            return;
        }
        int width = bans.stream().mapToInt(b -> b.address().length()).max().orElse(0);
        for (Ban b : bans) {
            out.println("  " + String.format("%-" + width + "s", b.address()) + "  until " + b.until() + "  (" + b.seconds() / 60
                    + " min, failed " + Bans.describe(b.jail()) + ")");
        }
        out.println("  lift one with: mailwright unban SPEC ADDRESS");
    }

    static String json(ServerStatus status) {
        return json(status, null);
    }

    /**
     * {@code {"host", "checkedAt", "worst", "checks": [{"id", "group", "severity", "check", "message", "fix", "skippedBecause"}],
     * "bans": [{"address", "jail", "since", "seconds", "until"}]}}: camelCase like {@code queue --json}; severity is OK,
     * WARN, ERROR or SKIPPED; {@code bans} only when they could be read (times are the server's local time).
     */
    static String json(ServerStatus status, List<Ban> bans) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("host", status.host());
        doc.put("checkedAt", status.at().toString());
        doc.put("worst", status.worst().name());
        List<Map<String, Object>> checks = new ArrayList<>();
        for (StatusCheck c : status.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("group", c.group());
            m.put("severity", c.isSkipped() ? "SKIPPED" : c.severity().name());
            m.put("check", c.finding().check());
            m.put("message", c.finding().message());
            m.put("fix", c.finding().fix());
            m.put("skippedBecause", c.skippedBecause());
            checks.add(m);
        }
        doc.put("checks", checks);
        if (bans != null) {
            doc.put("bans", bans);
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
