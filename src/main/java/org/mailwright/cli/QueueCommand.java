package org.mailwright.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.engine.queue.MailQueue;
import org.mailwright.engine.queue.QueuedEnvelope;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Words;
import org.mailwright.session.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mailwright queue SPEC}: the mail OpenSMTPD holds on the spec's server (not yet delivered, being retried), with
 * each envelope's last error in plain words; {@code --retry ID} asks smtpd to try one now, {@code --remove ID} drops one
 * for good after a yes. Ids are checked before connecting. Exit status: 0 done, 1 failed on the server (or the envelope
 * is gone), 2 bad input (nothing sent).
 */
@Command(name = "queue", mixinStandardHelpOptions = true, description = {
        "List the mail the server holds for delivery, with each last error in plain words; retry or remove one.",
        "Each line is one envelope (one recipient of one message); its id is what --retry and --remove take.",
        "Exit status: 0 done, 1 failed on the server or the envelope is gone, 2 bad input (nothing sent to the server)."})
final class QueueCommand extends ServerCommand {
    @Option(names = "--retry", paramLabel = "ID", description = "Ask OpenSMTPD to try delivering this envelope now (smtpctl schedule).")
    String retry;

    @Option(names = "--remove", paramLabel = "ID",
            description = "Remove this envelope for good (smtpctl remove): the recipient does not get it and the sender is not told.")
    String remove;

    @Option(names = "--yes", description = "Remove without asking (needed when there is no terminal to ask on).")
    boolean yes;

    @Option(names = "--json", description = "List the queue as JSON (times in UTC, ISO 8601).")
    boolean json;

    /** Asks the yes/no question on the terminal; tests replace it. Returns the answer, or null when there is no terminal. */
    static volatile java.util.function.Function<String, String> ask = question -> {
        Console console = System.console();
        return console == null ? null : console.readLine("%s", question);
    };

    @Override
    int run(ServerSpec spec, SshSession session, PrintWriter out, PrintWriter err) {
        if (retry != null) {
            return retry(session, out);
        }
        if (remove != null) {
            return remove(session, out, err);
        }
        List<QueuedEnvelope> queue = session.queue();
        if (json) {
            out.println(json(queue));
        } else {
            list(queue, out, Instant.now());
        }
        return MailwrightCommand.OK;
    }

    /** The options' own checks, before connecting: a sentence naming the option, or null. */
    @Override
    String inputProblem() {
        if (retry != null && remove != null) {
            return "--retry and --remove: give one of them (one envelope, one action).";
        }
        if (json && (retry != null || remove != null)) {
            return "--json is for the list: leave it out with --retry or --remove.";
        }
        if (yes && remove == null) {
            return "--yes answers the question of --remove: leave it out here.";
        }
        String id = retry != null ? retry : remove;
        if (id != null) {
            try {
                String checked = MailQueue.envelopeId(id);
                if (retry != null) {
                    retry = checked;
                } else {
                    remove = checked;
                }
            } catch (IllegalArgumentException e) {
                return (retry != null ? "--retry: " : "--remove: ") + e.getMessage();
            }
        }
        if (remove != null && !yes && System.console() == null && ask == DEFAULT_ASK) {
            return "--remove asks before removing, and there is no terminal to ask on: add --yes to remove without asking.";
        }
        return null;
    }

    private static final java.util.function.Function<String, String> DEFAULT_ASK = ask;

    private int retry(SshSession session, PrintWriter out) {
        Optional<QueuedEnvelope> e = find(session, retry);
        session.retryQueued(retry);
        out.println("Asked OpenSMTPD to try envelope " + retry + e.map(x -> " (to " + x.recipient() + ")").orElse("")
                + " now; mailwright queue shows how it went (its retries go up by one).");
        return MailwrightCommand.OK;
    }

    private int remove(SshSession session, PrintWriter out, PrintWriter err) {
        Optional<QueuedEnvelope> e = find(session, remove);
        if (e.isEmpty()) {
            err.println(MailQueue.gone(remove) + " Nothing was removed.");
            return MailwrightCommand.FAILED;
        }
        QueuedEnvelope x = e.get();
        if (!yes) {
            out.flush();
            if (!isYes(ask.apply(question(x)))) {
                out.println("Not removed.");
                return MailwrightCommand.OK;
            }
        }
        session.removeQueued(remove);
        out.println("Removed envelope " + x.id() + ": " + x.recipient() + " will not get this message.");
        return MailwrightCommand.OK;
    }

    /** What --remove asks on the terminal before removing {@code x}. */
    static String question(QueuedEnvelope x) {
        return "Remove the mail to " + x.recipient() + " from " + sender(x) + " (envelope " + x.id() + ") for good? The sender is not told. [y/N] ";
    }

    /** Whether a typed answer is yes ("y" or "yes", any case); anything else, an empty line or no answer (null) is no. */
    static boolean isYes(String answer) {
        return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).matches("y|yes");
    }

    private static Optional<QueuedEnvelope> find(SshSession session, String id) {
        return session.queue().stream().filter(q -> q.id().equals(id)).findFirst();
    }

    /** The list as a person reads it: one line per envelope, its error in plain words (and smtpd's own) below. */
    static void list(List<QueuedEnvelope> queue, PrintWriter out, Instant now) {
        if (queue.isEmpty()) {
            out.println("The queue is empty: OpenSMTPD holds no mail for delivery.");
            return;
        }
        int w = Math.max(9, queue.stream().mapToInt(q -> q.recipient().length()).max().orElse(0));
        int s = Math.max(6, queue.stream().mapToInt(q -> sender(q).length()).max().orElse(0));
        out.printf("%-16s  %-" + w + "s  %-" + s + "s  %-12s  %s%n", "ID", "RECIPIENT", "SENDER", "QUEUED", "STATE");
        for (QueuedEnvelope q : queue) {
            out.printf("%-16s  %-" + w + "s  %-" + s + "s  %-12s  %s%n", q.id(), q.recipient(), sender(q),
                    Words.ago(Duration.between(q.queuedAt(), now)), q.state() + ", " + q.retries() + (q.retries() == 1 ? " try" : " tries"));
            if (!q.lastError().isEmpty()) {
                out.println("    " + q.explained());
                out.println("    (smtpd: " + q.lastError() + ")");
            }
        }
        out.println(queue.size() + (queue.size() == 1 ? " envelope" : " envelopes") + " in the queue.");
    }

    private static String sender(QueuedEnvelope q) {
        return q.sender().isEmpty() ? "<> (bounce)" : q.sender();
    }

    /** The list as JSON: an array of objects with the record's fields; times as ISO 8601 UTC, a missing last try as null. */
    static String json(List<QueuedEnvelope> queue) {
        List<Map<String, Object>> rows = queue.stream().map(q -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", q.id());
            m.put("recipient", q.recipient());
            m.put("sender", q.sender());
            m.put("queuedAt", q.queuedAt().toString());
            m.put("lastTry", q.lastTry().map(Instant::toString).orElse(null));
            m.put("retries", q.retries());
            m.put("state", q.state());
            m.put("lastError", q.lastError());
            m.put("explained", q.explained());
            return m;
        }).toList();
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a list of strings and numbers is always JSON", e);
        }
    }
}
