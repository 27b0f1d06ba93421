package org.mailwright.ui.wizard.dns;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Words;
import org.mailwright.session.DnsPublishing;
import org.mailwright.session.DnsSetup;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.wizard.WindowWords;

/**
 * "Publish at provider...": the records the running server needs ({@link ServerSession#dnsRecords}) compared with
 * each zone at the DNS provider the spec names, shown record by record; on confirm they are published, then the
 * authoritative servers are waited for, with progress. The same flow as {@code mailwright dns publish}. Every
 * network call runs through the {@link UiExecutor}; holds no control, so it is tested without JavaFX running.
 */
public final class PublishModel {
    /** How long the authoritative servers are waited for, as {@code dns publish --wait} by default. */
    public static final Duration WAIT = Duration.ofSeconds(600);

    /** Where publishing is. */
    public enum State {
        /** The server's records and the provider's zones are being read. */
        READING,
        /** The zones already hold every record: nothing to publish. */
        NOTHING_TO_DO,
        /** The diff is shown; publishing waits for the person's yes. */
        ASKING,
        /** The changes are being sent. */
        PUBLISHING,
        /** Sent; waiting for the authoritative servers to answer the new values. */
        WAITING,
        /** Published, and every authoritative server answers the new values. */
        ANSWERED,
        /** Published, but some servers still answered old values when the wait ended or was stopped. */
        COPYING,
        /** The provider (or this computer) refused: {@link #resultProperty()} says why. */
        REFUSED,
        /** Stopped before anything was sent. */
        CANCELLED
    }

    /**
     * One record set of the diff.
     *
     * @param action "create", "change", "leave alone" or "conflict" (not published: a record Mailwright did not make is there)
     * @param value  the values, one a line; for a conflict, why it is not published
     */
    public record ChangeRow(String action, String name, String type, String value) {
        /** Whether publishing sends this row. */
        public boolean changes() {
            return action.equals("create") || action.equals("change");
        }
    }

    private final ServerSession session;
    private final ServerSpec spec;
    private final Function<ServerSpec, ProviderPublisher> opener;
    private final UiExecutor ui;
    private final Duration wait;
    private final Object lock = new Object();
    private ProviderPublisher publisher;
    private ProviderPublisher.Preview preview;
    private Thread waiting;
    private volatile boolean cancelled;

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.READING);
    private final ObservableList<ChangeRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper providerName = new ReadOnlyStringWrapper(this, "providerName", "");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyStringWrapper question = new ReadOnlyStringWrapper(this, "question", "");
    private final ReadOnlyIntegerWrapper changeCount = new ReadOnlyIntegerWrapper(this, "changeCount");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper(this, "result", "");

    /**
     * @param session the logged-in session the server's records are read through
     * @param spec    the server's spec, with its {@code dns:} provider
     * @param opener  opens the provider the spec names ({@link ProviderPublisher#open} outside tests)
     * @param ui      where the network calls run, and come back
     * @param wait    how long to wait for the authoritative servers ({@link #WAIT})
     */
    public PublishModel(ServerSession session, ServerSpec spec, Function<ServerSpec, ProviderPublisher> opener, UiExecutor ui, Duration wait) {
        this.session = session;
        this.spec = spec;
        this.opener = opener;
        this.ui = ui;
        this.wait = wait;
        providerName.set(providerTitle(spec));
    }

    /**
     * The DNS provider {@code spec} names as people know it ("Cloudflare", "deSEC", "your DNS server (RFC 2136)"); empty
     * when it names none.
     */
    public static String providerTitle(ServerSpec spec) {
        return spec.dnsProvider().map(d -> providerTitle(d.provider())).orElse("");
    }

    /** {@code provider} (a {@link ServerSpec.DnsProviderSettings#PROVIDERS} key) as people know it. */
    public static String providerTitle(String provider) {
        return switch (provider) {
            case "cloudflare" -> "Cloudflare";
            case "desec" -> "deSEC";
            case "digitalocean" -> "DigitalOcean";
            case "hetzner" -> "Hetzner DNS";
            case ServerSpec.DnsProviderSettings.RFC2136 -> "your DNS server (RFC 2136)";
            default -> provider;
        };
    }

    /** Why publishing cannot be tried, looking only at this computer (no provider, a token or key file unusable); or empty. */
    public static Optional<String> localProblem(ServerSpec spec) {
        return DnsPublishing.localProblem(spec).map(WindowWords::text)
                .map(p -> p.isEmpty() ? p : Character.toUpperCase(p.charAt(0)) + p.substring(1));
    }

    // Commands

    /** Reads the server's records and the provider's zones, off the UI thread, and shows what would change. */
    public void start() {
        Optional<String> local = localProblem(spec);
        if (local.isPresent()) {
            refused(local.get());
            return;
        }
        state.set(State.READING);
        progress.set(-1);
        progressText.set("Reading the records the server needs, then the zones at " + providerName.get() + "...");
        ui.submit(() -> {
            ProviderPublisher p = opener.apply(spec);
            DnsSetup records = session.dnsRecords(spec);
            if (records.problem().isPresent()) {
                throw new IllegalArgumentException(records.problem().get());
            }
            return new Object[] {p, p.preview(records)};
        }, read -> {
            if (cancelled) {
                return;
            }
            publisher = (ProviderPublisher) read[0];
            preview = (ProviderPublisher.Preview) read[1];
            providerName.set(publisher.providerName());
            shown(preview);
        }, e -> {
            if (!cancelled) {
                refused(text(e));
            }
        });
    }

    private void shown(ProviderPublisher.Preview p) {
        List<List<String>> table = p.tableRows();
        rows.setAll(table.stream().skip(1).map(r -> new ChangeRow(r.get(0), r.get(1), r.get(2), r.get(3))).toList());
        int n = (int) rows.stream().filter(ChangeRow::changes).count();
        changeCount.set(n);
        summary.set(p.summary() + ".");
        progressText.set("");
        progress.set(0);
        if (!p.writes() || n == 0) {
            question.set("Nothing to change: every record is already right at " + providerName.get() + ".");
            state.set(State.NOTHING_TO_DO);
        } else {
            question.set("Publish " + Words.count(n, "change", "changes") + " at " + providerName.get() + "?");
            state.set(State.ASKING);
        }
    }

    /**
     * The person said yes: publishes the changes, then waits for the authoritative servers, off the UI thread, with
     * progress. Does nothing unless {@link State#ASKING}.
     */
    public void publish() {
        if (state.get() != State.ASKING) {
            return;
        }
        ProviderPublisher p = publisher;
        ProviderPublisher.Preview pv = preview;
        state.set(State.PUBLISHING);
        progress.set(-1);
        progressText.set("Publishing at " + providerName.get() + "...");
        record Done(boolean stopped, List<String> late) {
        }
        ui.submit(() -> {
            p.publish(pv, (m, d, t) -> step(m, d, t, State.PUBLISHING));
            ui.onUi(() -> {
                state.set(State.WAITING);
                progress.set(-1);
                progressText.set("Published. Waiting for the authoritative servers to answer the new records...");
            });
            synchronized (lock) {
                if (cancelled) {
                    return new Done(true, List.of());
                }
                waiting = Thread.currentThread();
            }
            try {
                return new Done(false, p.awaitAuthoritative(pv, wait, (m, d, t) -> step(m, d, t, State.WAITING)));
            } catch (InterruptedException e) {
                return new Done(true, List.of());
            } finally {
                synchronized (lock) {
                    waiting = null;
                    Thread.interrupted(); // a stop that came as the wait ended must not hit the executor's next task
                }
            }
        }, done -> {
            progress.set(1);
            progressText.set("");
            if (done.stopped()) {
                state.set(State.COPYING);
                result.set("Published at " + providerName.get() + "; stopped waiting for its servers. They copy the change on "
                        + "their own schedule: the DNS tab shows when the records are in place.");
            } else if (done.late().isEmpty()) {
                state.set(State.ANSWERED);
                result.set("Published at " + providerName.get() + ", and every authoritative server answers the new records.");
            } else {
                state.set(State.COPYING);
                result.set("Published at " + providerName.get() + "; after " + wait.toSeconds() + " s its servers still copy it ("
                        + String.join(", ", done.late()) + "). They copy it on their own schedule: the DNS tab shows when the "
                        + "records are in place.");
            }
        }, e -> {
            progress.set(0);
            progressText.set("");
            refused(text(e));
        });
    }

    private void step(String message, int done, int total, State during) {
        ui.onUi(() -> {
            if (state.get() != during) {
                return;
            }
            progressText.set(WindowWords.text(message));
            progress.set(total > 0 ? (double) done / total : -1);
        });
    }

    /**
     * Stops: before publishing, nothing is sent (a read under way is ignored when it ends); while waiting for the
     * authoritative servers, the wait ends (what was published stays published). Publishing itself is not cut in half:
     * a stop during it skips the wait.
     */
    public void cancel() {
        synchronized (lock) {
            cancelled = true;
            if (waiting != null) {
                waiting.interrupt();
            }
        }
        if (state.get() == State.READING || state.get() == State.ASKING) {
            state.set(State.CANCELLED);
            progressText.set("");
            result.set("Nothing was sent to " + providerName.get() + ".");
        }
    }

    private void refused(String why) {
        state.set(State.REFUSED);
        result.set(why);
    }

    private static String text(Throwable e) {
        Throwable t = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        return WindowWords.text(t.getMessage() == null ? t.toString() : t.getMessage());
    }

    // Properties

    /** Where publishing is. */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The diff, record set by record set, once read. */
    public ObservableList<ChangeRow> rows() {
        return rows;
    }

    /** The DNS provider: the spec's name for it first, the provider's own ("RFC 2136 at ns1.example.net") once opened. */
    public ReadOnlyStringProperty providerNameProperty() {
        return providerName.getReadOnlyProperty();
    }

    /** "2 to create, 1 to change, 5 already right."; empty before the zones are read. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** "Publish 3 changes at Cloudflare?", or that there is nothing to change; empty before the zones are read. */
    public ReadOnlyStringProperty questionProperty() {
        return question.getReadOnlyProperty();
    }

    /** How many record sets publishing creates or changes. */
    public ReadOnlyIntegerProperty changeCountProperty() {
        return changeCount.getReadOnlyProperty();
    }

    /** 0 to 1, or -1 while it is not known how far. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What is happening now, one sentence; empty when nothing runs. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** How it ended: published, still copying, refused (the sentence) or stopped; empty before. */
    public ReadOnlyStringProperty resultProperty() {
        return result.getReadOnlyProperty();
    }
}
