package org.mailwright.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.DnsPublishing;
import org.mailwright.session.DnsSetup;
import org.mailwright.session.SessionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mailwright dns show|publish SPEC}: the records the server needs, printed in the zone-file, table or JSON form
 * (the window's "Export zone snippet" and {@code domains add} print the same records), or published through the DNS
 * provider the spec names.
 */
@Command(name = "dns", mixinStandardHelpOptions = true, description = "Show the DNS records the server needs, or publish them at your DNS provider.",
        subcommands = {DnsCommand.Show.class, DnsCommand.Publish.class})
final class DnsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What both subcommands share: the server's records, read from it once logged in. */
    abstract static class OnServer extends ServerCommand {
        abstract int run(ServerSpec spec, DnsSetup records, PrintWriter out, PrintWriter err);

        @Override
        int run(ServerSpec spec, org.mailwright.session.SshSession session, PrintWriter out, PrintWriter err) {
            DnsSetup records;
            try {
                records = session.dnsRecords(spec);
            } catch (IllegalArgumentException e) {
                err.println("Cannot plan the records: " + e.getMessage());
                return MailwrightCommand.FAILED;
            }
            if (records.problem().isPresent()) {
                err.println(records.problem().get());
                return MailwrightCommand.FAILED;
            }
            return run(spec, records, out, err);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, header = "Print the DNS records the server needs.", description = {
        "Print every record the server needs for each domain it serves (those added with domains add too), with its DKIM keys:",
        "as lines for a BIND zone file (default), an aligned table, or JSON. Reverse DNS (PTR) is set at the hosting provider,",
        "not in the zone: the zone form shows it as a comment.",
        "Exit status: 0 printed, 1 the server could not be read, 2 bad input (nothing sent to the server)."})
    static final class Show extends OnServer {
        enum Format { zone, table, json }

        @Option(names = "--format", paramLabel = "zone|table|json", defaultValue = "zone",
                description = "zone (default): BIND zone-file lines; table: name, type, TTL, value; json: one document for scripts.")
        Format format;

        @Override
        int run(ServerSpec spec, DnsSetup records, PrintWriter out, PrintWriter err) {
            switch (format) {
                case zone -> out.print(records.zoneSnippet());
                case table -> out.print(records.table());
                case json -> {
                    try {
                        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(
                                java.util.Map.of("host", spec.hostname(), "records", records.jsonRecords())));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException("maps of strings and numbers always serialize", e);
                    }
                }
            }
            return MailwrightCommand.OK;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true, header = "Publish the DNS records at the provider the spec names.", description = {
        "Read each zone at the DNS provider (spec key dns), show what changes record by record (+ create, - replaced,",
        "= already right, ! conflict), make the changes, then wait until every authoritative server answers the new values.",
        "Only the records Mailwright plans are written: a TXT of another purpose at the same name (a site verification) and",
        "every other name are left alone, and nothing else is deleted. Reverse DNS (PTR) is set at the hosting provider.",
        "Exit status: 0 published (or nothing to change), 1 the provider refused, a conflict, or the servers did not answer",
        "the new values in time, 2 bad input (nothing sent)."})
    static final class Publish extends OnServer {
        @Option(names = "--dry-run", description = "Show what would change and stop.")
        boolean dryRun;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long to wait for the authoritative servers to answer the new values (default: ${DEFAULT-VALUE}; 0: do not wait).")
        int waitSeconds;

        @Override
        String inputProblem() {
            return waitSeconds < 0 ? "--wait: give the seconds to wait, 0 or more, not " + waitSeconds + "." : null;
        }

        @Override
        String specProblem(ServerSpec spec) {
            return DnsPublishing.localProblem(spec).orElse(null);
        }

        @Override
        int run(ServerSpec spec, DnsSetup records, PrintWriter out, PrintWriter err) {
            DnsPublishing publishing;
            try {
                publishing = DnsPublishing.open(spec);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return MailwrightCommand.BAD_INPUT;
            }
            try {
                err.println("Reading the zones at " + publishing.providerName() + "...");
                err.flush();
                DnsPublishing.Preview preview = publishing.preview(records);
                out.print(preview.describe());
                out.println(preview.summary() + ".");
                out.flush();
                int result = preview.conflicts() == 0 ? MailwrightCommand.OK : MailwrightCommand.FAILED;
                if (dryRun || !preview.writes()) {
                    out.println(dryRun ? "Nothing was changed (--dry-run)." : "Nothing to change.");
                    return result;
                }
                publishing.publish(preview, (m, d, t) -> err.println(m));
                out.println("Published at " + publishing.providerName() + ".");
                out.flush();
                if (waitSeconds > 0) {
                    List<String> late = publishing.awaitAuthoritative(preview, Duration.ofSeconds(waitSeconds), (m, d, t) -> {
                        if (d < t) { // the last round's news is the result line below
                            err.println(m);
                            err.flush();
                        }
                    });
                    if (!late.isEmpty()) {
                        out.println("Still answering the old values after " + waitSeconds + " s: " + String.join(", ", late)
                                + ". The provider took the change; its servers copy it on their own schedule: run mailwright check later.");
                        return MailwrightCommand.FAILED;
                    }
                    out.println("Every authoritative server answers the new records.");
                }
                return result;
            } catch (SessionException e) {
                err.println(e.getMessage());
                return MailwrightCommand.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return MailwrightCommand.FAILED;
            }
        }
    }
}
