package org.mailwright.ui.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.bans.Ban;
import org.mailwright.engine.bans.Bans;
import org.mailwright.engine.queue.QueuedEnvelope;
import org.mailwright.engine.status.ServerStatus;
import org.mailwright.engine.status.StatusCheck;
import org.mailwright.engine.trail.MessageTrail;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.Finding;
import org.mailwright.model.MailPorts;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;
import org.mailwright.model.Words;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Connected;
import org.mailwright.session.HostKeyQuestion.NewHostKey;
import org.mailwright.session.Login;
import org.mailwright.session.PrivateFiles;
import org.mailwright.session.ServerSession;
import org.mailwright.session.SessionException;
import org.mailwright.spec.SpecReader;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.WindowWords;
import org.mailwright.ui.wizard.dns.ProviderPublisher;
import org.mailwright.ui.wizard.dns.PublishModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server dashboard (issue 16): one running server's status checks, mail queue, brute-force bans (issue 18), the
 * trail of a message and its backups, over one {@link ServerSession}. The server is picked from the remembered {@link ServerProfile}s (the last
 * used first); the password is asked each time, the spec file once (its path is kept in the profile).
 *
 * <p>Every remote call goes through the {@link UiExecutor}: the window never waits on the network, and a failure becomes
 * {@link #messageProperty()} (the banner), never an exception. Holds no control, so it is tested without JavaFX running.
 */
public final class DashboardModel implements org.mailwright.ui.wizard.LoginFields {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardModel.class);
    /** The id of the Status's backups check, which the Backups tab shows. */
    public static final String BACKUP_CHECK = "backup";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DAY_HOUR = DateTimeFormatter.ofPattern("d MMM HH:mm");

    /** Where the dashboard is: the login form shows until CONNECTED. */
    public enum State { NOT_CONNECTED, CONNECTING, CONNECTED }

    /**
     * One envelope of the queue as its table shows it, ages and errors in words; {@code detail} says the rest (the
     * envelope id, when it was queued and last tried, what the other server said word for word).
     */
    public record QueueRow(String id, String recipient, String sender, String age, String state, String error, String detail) {
    }

    /**
     * One banned address as the Bans tab shows it: one row per address even when several jails banned it, since
     * unbanning lifts every jail's ban at once.
     *
     * @param address the banned IPv4 or IPv6 address, as fail2ban prints it (what {@link #unban} sends)
     * @param failed  what it failed, in words ({@link Bans#describe}), "; " between jails
     * @param until   when its last ban ends, the server's clock ("5 Dec 13:01")
     * @param detail  each jail's ban: what was failed, since when, for how long, until when
     */
    public record BanRow(String address, String failed, String until, String detail) {
    }

    /** One hop of a trail as the Trail tab shows it: time, what happened, the sentence, whether it failed. */
    public record HopRow(String time, String kind, String text, boolean failed) {
    }

    /** One message of a trail: a one-line title and its hops. */
    public record TrailRow(String title, List<HopRow> hops, boolean failed) {
        public TrailRow {
            hops = List.copyOf(hops);
        }
    }

    private final ServerSession session;
    private final ProfileStore profileStore;
    private final UiExecutor ui;
    private final Clock clock;
    private ServerSpec spec;
    private Cancellation refreshing;
    private Predicate<NewHostKey> hostKeyDecider = key -> false;
    private Function<ServerSpec, ProviderPublisher> dnsPublishers = ProviderPublisher::open;

    private final ObservableList<ServerProfile> profiles = FXCollections.observableArrayList();
    private final ObjectProperty<ServerProfile> selectedProfile = new SimpleObjectProperty<>(this, "selectedProfile");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.NOT_CONNECTED);
    private final ReadOnlyObjectWrapper<Connected> connected = new ReadOnlyObjectWrapper<>(this, "connected");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyStringWrapper serverTitle = new ReadOnlyStringWrapper(this, "serverTitle", "");

    // the login form
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "22");
    private final StringProperty user = new SimpleStringProperty(this, "user", "root");
    private final BooleanProperty useKey = new SimpleBooleanProperty(this, "useKey");
    private final StringProperty keyPath = new SimpleStringProperty(this, "keyPath", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
    private final StringProperty specPath = new SimpleStringProperty(this, "specPath", "");

    // status
    private final ObservableList<StatusCheck> checks = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper refreshingStatus = new ReadOnlyBooleanWrapper(this, "refreshingStatus");
    private final ReadOnlyIntegerWrapper checksDone = new ReadOnlyIntegerWrapper(this, "checksDone");
    private final ReadOnlyStringWrapper statusSummary = new ReadOnlyStringWrapper(this, "statusSummary", "");
    private final ReadOnlyObjectWrapper<StatusCheck> backupCheck = new ReadOnlyObjectWrapper<>(this, "backupCheck");

    // queue
    private final ObservableList<QueueRow> queue = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper queueBusy = new ReadOnlyBooleanWrapper(this, "queueBusy");
    private final ReadOnlyStringWrapper queueSummary = new ReadOnlyStringWrapper(this, "queueSummary", "");

    // bans
    private final ObservableList<BanRow> bans = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper bansBusy = new ReadOnlyBooleanWrapper(this, "bansBusy");
    private final ReadOnlyStringWrapper bansSummary = new ReadOnlyStringWrapper(this, "bansSummary", "");
    private final ReadOnlyStringWrapper bansEmpty = new ReadOnlyStringWrapper(this, "bansEmpty", "");

    // trail
    private final StringProperty trailAddress = new SimpleStringProperty(this, "trailAddress", "");
    private final ObjectProperty<LocalDate> trailDay = new SimpleObjectProperty<>(this, "trailDay");
    private final ReadOnlyStringWrapper trailProblem = new ReadOnlyStringWrapper(this, "trailProblem", "");
    private final ReadOnlyBooleanWrapper trailBusy = new ReadOnlyBooleanWrapper(this, "trailBusy");
    private final ObservableList<TrailRow> trails = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper trailSummary = new ReadOnlyStringWrapper(this, "trailSummary", "");

    // backups
    private final ReadOnlyBooleanWrapper backupBusy = new ReadOnlyBooleanWrapper(this, "backupBusy");
    private final ObservableList<Finding> backupFindings = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper backupMessage = new ReadOnlyStringWrapper(this, "backupMessage", "");

    /**
     * @param session      the front door to the server; logged in by {@link #connect()}
     * @param profileStore the remembered servers; the dashboard adds the spec file's path and when it was last used
     * @param ui           where work runs (off the UI thread) and comes back
     * @param clock        the time ages are counted from
     */
    public DashboardModel(ServerSession session, ProfileStore profileStore, UiExecutor ui, Clock clock) {
        this.session = session;
        this.profileStore = profileStore;
        this.ui = ui;
        this.clock = clock;
        selectedProfile.addListener((o, was, now) -> {
            if (now != null) {
                use(now);
            }
        });
        trailAddress.addListener(x -> trailProblem.set(addressProblem(trailAddress.get()).orElse("")));
        reloadProfiles();
    }

    /** Reads the remembered servers again and picks the last used one. */
    public void reloadProfiles() {
        profiles.setAll(profileStore.list());
        if (!profiles.isEmpty()) {
            selectedProfile.set(profiles.get(0));
        }
    }

    /** Fills the login form from {@code p}; a server other than the one logged in to needs logging in again. */
    private void use(ServerProfile p) {
        boolean other = !p.host().equals(host.get()) || !Integer.toString(p.port()).equals(port.get().strip());
        host.set(p.host());
        port.set(Integer.toString(p.port()));
        user.set(p.user());
        useKey.set(p.keyPath() != null && !p.keyPath().isBlank());
        keyPath.set(p.keyPath() == null ? "" : p.keyPath());
        specPath.set(p.specPath());
        if (other && state.get() == State.CONNECTED) {
            disconnected();
        }
    }

    private void disconnected() {
        cancelRefresh();
        state.set(State.NOT_CONNECTED);
        connected.set(null);
        spec = null;
        checks.clear();
        queue.clear();
        bans.clear();
        trails.clear();
        backupFindings.clear();
        backupCheck.set(null);
        statusSummary.set("");
        queueSummary.set("");
        bansSummary.set("");
        bansEmpty.set("");
        trailSummary.set("");
        backupMessage.set("");
        serverTitle.set("");
    }

    // Commands: logging in

    /** Why the login form cannot be sent, or empty. */
    public Optional<String> connectProblem() {
        Optional<String> login = Login.formProblem(host.get(), port.get(), user.get(), useKey.get(), keyPath.get(), !password.get().isEmpty());
        if (login.isPresent()) {
            return login;
        }
        if (specPath.get().isBlank()) {
            return Optional.of("Choose the server's spec file: the dashboard checks the server against it.");
        }
        return Optional.empty();
    }

    /** Whether the spec file is still to be chosen (the window then asks for it before logging in). */
    public boolean needsSpecFile() {
        return specPath.get().isBlank();
    }

    /**
     * Reads the spec file and logs in (asking about an unknown host key), off the UI thread; then remembers the server
     * (no secret) and refreshes the status. Problems go to {@link #messageProperty()}.
     */
    public void connect() {
        Optional<String> problem = connectProblem();
        if (problem.isPresent()) {
            message.set(problem.get());
            return;
        }
        if (state.get() == State.CONNECTING) {
            return;
        }
        cancelRefresh();
        String specFile = expandHome(specPath.get().strip());
        Login login = new Login(host.get().strip(), Integer.parseInt(port.get().strip()), user.get().strip(),
                useKey.get() ? Optional.of(keyPath.get().strip()) : Optional.empty(), password.get().toCharArray(),
                passphrase.get().toCharArray());
        Predicate<NewHostKey> decider = hostKeyDecider;
        message.set("");
        notice.set("");
        state.set(State.CONNECTING);
        record LoggedIn(Path file, ServerSpec spec, Connected connected) {
        }
        ui.submit(() -> {
            Path file;
            try {
                file = Path.of(specFile).toAbsolutePath();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IOException("'" + specFile + "' is not a file name. Choose the spec file again.", e);
            }
            ServerSpec read = readSpec(file);
            return new LoggedIn(file, read, session.connect(login, key -> ui.askOnUi(() -> decider.test(key))));
        }, in -> {
            password.set("");
            passphrase.set("");
            spec = in.spec();
            connected.set(in.connected());
            state.set(State.CONNECTED);
            serverTitle.set(in.spec().hostname() + "  (" + in.connected().description() + ")");
            remember(in.file());
            refresh();
        }, e -> {
            state.set(State.NOT_CONNECTED);
            message.set((e instanceof SessionException s && s.hostKeyChanged() ? "Stopped: " : "Could not connect: ") + text(e));
        });
    }

    private static ServerSpec readSpec(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("the spec file " + file + " cannot be read. Choose it again.");
        }
        try {
            return SpecReader.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException("the spec file " + file + " is not a Mailwright spec: " + e.getMessage(), e);
        }
    }

    private static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    /** Saves the server as the last used, with its spec file; a profile is a convenience, so failing is only logged. */
    private void remember(Path file) {
        String first = spec.domains().isEmpty() ? "" : spec.domains().get(0);
        ServerProfile p = new ServerProfile(host.get().strip(), Integer.parseInt(port.get().strip()), user.get().strip(),
                useKey.get() ? keyPath.get().strip() : "", first, spec.hostname(), clock.instant(), file.toString());
        try {
            profileStore.save(p);
        } catch (IOException e) {
            LOG.warn("could not save the server profile: {}", e.toString());
        }
        List<ServerProfile> now = profileStore.list();
        profiles.setAll(now);
        // the selection follows the same server without filling the form again
        now.stream().filter(k -> k.fileName().equals(p.fileName())).findFirst().ifPresent(selectedProfile::set);
    }

    /** Who answers "trust this new host key?": the window shows a dialog; asked on the UI thread. */
    public void setHostKeyDecider(Predicate<NewHostKey> decider) {
        this.hostKeyDecider = decider;
    }

    /** What opens the DNS provider the spec names ({@link ProviderPublisher#open}); a fake in tests. */
    public void setDnsPublishers(Function<ServerSpec, ProviderPublisher> publishers) {
        this.dnsPublishers = publishers;
    }

    /**
     * A new "Publish at provider" over the logged-in server and its spec's {@code dns:} provider, not started; null
     * before logging in.
     */
    public PublishModel dnsPublish() {
        return spec == null ? null : new PublishModel(session, spec, dnsPublishers, ui, PublishModel.WAIT);
    }

    // Commands: status

    /**
     * Runs every status check again, off the UI thread; each check shows as it arrives ({@link #checks()}), then the
     * whole status replaces them in display order. The queue and the bans are read again after it. Does nothing while a
     * refresh runs.
     */
    public void refresh() {
        if (state.get() != State.CONNECTED || refreshingStatus.get()) {
            return;
        }
        Cancellation cancel = new Cancellation();
        refreshing = cancel;
        refreshingStatus.set(true);
        checks.clear();
        checksDone.set(0);
        statusSummary.set("Checking...");
        ServerSpec s = spec;
        ui.submit(() -> session.status(s, check -> ui.onUi(() -> arrived(check, cancel)), cancel), status -> {
            if (cancel != refreshing) {
                return; // a later refresh or another server took over
            }
            refreshing = null;
            refreshingStatus.set(false);
            showStatus(status);
        }, e -> {
            if (cancel != refreshing) {
                return;
            }
            refreshing = null;
            refreshingStatus.set(false);
            statusSummary.set("The checks did not finish.");
            message.set("Could not check the server: " + text(e));
            lostConnection(e);
        });
        reloadQueue();
        reloadBans();
    }

    private void arrived(StatusCheck check, Cancellation from) {
        if (from != refreshing) {
            return;
        }
        checks.removeIf(c -> c.id().equals(check.id()));
        checks.add(check);
        checksDone.set(checks.size());
        statusSummary.set(Words.count(checks.size(), "check", "checks") + " done...");
        if (check.id().equals(BACKUP_CHECK)) {
            backupCheck.set(check);
        }
    }

    private void showStatus(ServerStatus status) {
        checks.setAll(status.checks());
        checksDone.set(checks.size());
        backupCheck.set(status.checks().stream().filter(c -> c.id().equals(BACKUP_CHECK)).findFirst().orElse(null));
        statusSummary.set(summary(status, clock.getZone()));
    }

    /** One sentence about a whole status: how many checks need attention and when it was checked. */
    static String summary(ServerStatus status, ZoneId zone) {
        long errors = status.checks().stream().filter(c -> !c.isSkipped() && c.severity() == Severity.ERROR).count();
        long warnings = status.checks().stream().filter(c -> !c.isSkipped() && c.severity() == Severity.WARN).count();
        long skipped = status.checks().stream().filter(StatusCheck::isSkipped).count();
        List<String> parts = new ArrayList<>();
        if (errors > 0) {
            parts.add(Words.count(errors, "problem", "problems"));
        }
        if (warnings > 0) {
            parts.add(Words.count(warnings, "warning", "warnings"));
        }
        String head = parts.isEmpty() ? "All " + Words.count(status.checks().size() - skipped, "check", "checks") + " passed"
                : String.join(" and ", parts) + " of " + Words.count(status.checks().size(), "check", "checks");
        return head + (skipped > 0 ? ", " + skipped + " skipped" : "") + ". Checked at "
                + HOUR.format(status.at().atZone(zone)) + ".";
    }

    /** Stops a refresh under way (closing the window, picking another server). */
    public void cancelRefresh() {
        if (refreshing != null) {
            refreshing.cancel();
            refreshing = null;
        }
        refreshingStatus.set(false);
    }

    // Commands: the queue

    /** Reads the mail queue again, off the UI thread. */
    public void reloadQueue() {
        if (state.get() != State.CONNECTED || queueBusy.get()) {
            return;
        }
        queueBusy.set(true);
        ui.submit(session::queue, q -> {
            queueBusy.set(false);
            Instant now = clock.instant();
            queue.setAll(q.stream().map(e -> row(e, now, clock.getZone())).toList());
            queueSummary.set(q.isEmpty() ? "The queue is empty: every message was delivered or bounced."
                    : Words.count(q.size(), "message waits", "messages wait") + " in the queue; the server tries again by itself.");
        }, e -> {
            queueBusy.set(false);
            queueSummary.set("Could not read the mail queue: " + text(e));
            lostConnection(e);
        });
    }

    /**
     * After a failure: when the login itself is gone (the server rebooted, the network dropped), back to the login
     * form with a sentence saying so, since every later action would fail the same way until the person logs in again.
     */
    private void lostConnection(Throwable e) {
        if (state.get() == State.CONNECTED && !session.loggedIn()) {
            cancelRefresh();
            connected.set(null);
            state.set(State.NOT_CONNECTED);
            message.set("The connection to the server was lost (" + text(e) + "). Log in again.");
        }
    }

    static QueueRow row(QueuedEnvelope e, Instant now, ZoneId zone) {
        String error = !e.explained().isBlank() ? e.explained() : !e.lastError().isBlank() ? e.lastError()
                : e.retries() > 0 ? "no error recorded" : "not tried yet";
        String tries = e.retries() == 0 ? "" : ", " + Words.count(e.retries(), "try", "tries");
        String detail = "Envelope " + e.id() + ", queued " + DAY_HOUR.format(e.queuedAt().atZone(zone))
                + e.lastTry().map(t -> ", last tried " + DAY_HOUR.format(t.atZone(zone)))
                        // smtpd shows no last try while an envelope waits for its next one (lasttry 0): the count says it was tried
                        .orElse(e.retries() > 0 ? ", tried " + Words.count(e.retries(), "time", "times") : ", not tried yet") + "."
                + (e.lastError().isBlank() ? "" : " The server said: " + e.lastError());
        return new QueueRow(e.id(), e.recipient(), e.sender().isBlank() ? "(bounce)" : e.sender(), age(e.queuedAt(), now),
                e.state() + tries, WindowWords.text(error), detail);
    }

    /** How long ago {@code then} was, in the largest two units: "5 min", "3 h 12 min", "2 days 4 h". */
    static String age(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative() || d.toMinutes() < 1) {
            return "just now";
        }
        return length(d);
    }

    /** A length of a minute or more in its largest two units: "5 min", "3 h 12 min", "2 days 4 h". */
    private static String length(Duration d) {
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        if (d.toDays() < 1) {
            return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
        }
        return Words.count(d.toDays(), "day", "days") + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h");
    }

    /** Asks OpenSMTPD to try delivering {@code row}'s envelope now, then reads the queue again. */
    public void retry(QueueRow row) {
        queueCommand(() -> session.retryQueued(row.id()), "Asked the server to try delivering to " + row.recipient() + " now.");
    }

    /** Removes {@code row}'s envelope for good (the recipient does not get the message), then reads the queue again. */
    public void remove(QueueRow row) {
        queueCommand(() -> session.removeQueued(row.id()), "Removed the message to " + row.recipient() + " from the queue.");
    }

    private void queueCommand(Runnable command, String done) {
        if (state.get() != State.CONNECTED || queueBusy.get()) {
            return;
        }
        queueBusy.set(true);
        message.set("");
        ui.submit(() -> {
            command.run();
            return done;
        }, said -> {
            queueBusy.set(false);
            notice.set(said);
            reloadQueue();
        }, e -> {
            queueBusy.set(false);
            message.set("The queue did not change: " + text(e));
            reloadQueue();
        });
    }

    // Commands: the bans

    /**
     * Reads the addresses the brute-force protection bans now, off the UI thread. When they cannot be read (fail2ban
     * missing or stopped) the list empties and {@link #bansSummaryProperty()} says why with the engine's fix; no
     * banner, since the Status's protection check says the same on every refresh.
     */
    public void reloadBans() {
        if (state.get() != State.CONNECTED || bansBusy.get()) {
            return;
        }
        bansBusy.set(true);
        ui.submit(session::bans, found -> {
            bansBusy.set(false);
            bans.setAll(banRows(found));
            bansSummary.set(bans.isEmpty() ? "No address is banned now."
                    : Words.count(bans.size(), "address", "addresses") + " banned now; each ban ends by itself at the time shown.");
            bansEmpty.set("Nobody failed to log in often enough to be banned. An address that does shows here, with the time its ban ends.");
        }, e -> {
            bansBusy.set(false);
            bans.clear();
            bansSummary.set("Could not read the bans: " + text(e));
            bansEmpty.set("The bans could not be read: see above.");
            lostConnection(e);
        });
    }

    /**
     * Lifts every ban of {@code row}'s address, off the UI thread, then reads the bans again; what happened is the
     * notice ("Lifted the ban on ..."), a failure the banner. Does nothing while the bans are read or changed.
     */
    public void unban(BanRow row) {
        if (row == null || state.get() != State.CONNECTED || bansBusy.get()) {
            return;
        }
        String address = row.address();
        bansBusy.set(true);
        message.set("");
        notice.set("");
        ui.submit(() -> session.unban(address), jails -> {
            bansBusy.set(false);
            notice.set(jails == 0 ? address + " was not banned: its ban had ended, or was lifted meanwhile."
                    : "Lifted the ban on " + address + ": it can log in again.");
            reloadBans();
        }, e -> {
            bansBusy.set(false);
            message.set("The ban on " + address + " was not lifted: " + text(e));
            lostConnection(e);
            reloadBans();
        });
    }

    /**
     * One sentence on what the protection does, for the top of the Bans tab: the ports a ban closes
     * ({@link MailPorts#LOGIN}) and that the address Mailwright connects from is never banned.
     */
    public static String bansExplained() {
        List<String> ports = MailPorts.LOGIN.stream().map(String::valueOf).toList();
        return "An address that keeps failing to log in is banned from the login ports (" + String.join(", ", ports.subList(0, ports.size() - 1))
                + " and " + ports.get(ports.size() - 1) + ") for a while; the address Mailwright connects from is never banned.";
    }

    /** The bans as rows, one per address (its jails together), the soonest to end first. */
    static List<BanRow> banRows(List<Ban> found) {
        Map<String, List<Ban>> byAddress = new LinkedHashMap<>();
        for (Ban b : found) {
            byAddress.computeIfAbsent(b.address(), a -> new ArrayList<>()).add(b);
        }
        record Sorted(String until, BanRow row) {
        }
        // fail2ban's times are fixed-width (yyyy-MM-dd HH:mm:ss), so they sort as text
        return byAddress.entrySet().stream().map(e -> {
            List<Ban> jails = e.getValue();
            String last = jails.stream().map(Ban::until).max(Comparator.naturalOrder()).orElse("");
            String failed = String.join("; ", jails.stream().map(b -> Bans.describe(b.jail())).distinct().toList());
            String detail = String.join(" ", jails.stream().map(b -> "Banned for failed " + Bans.describe(b.jail()) + " (jail "
                    + b.jail() + ") at " + serverTime(b.since()) + banLength(b.seconds()) + ", until " + serverTime(b.until()) + ".")
                    .toList()) + " Times are the server's clock.";
            return new Sorted(last, new BanRow(e.getKey(), failed, serverTime(last), detail));
        }).sorted(Comparator.comparing(Sorted::until)).map(Sorted::row).toList();
    }

    /** A time as fail2ban prints it, shortened like the queue's ("5 Dec 13:01"); as it is when it has another form. */
    static String serverTime(String fail2ban) {
        try {
            return DAY_HOUR.format(LocalDateTime.parse(fail2ban, Bans.TIME));
        } catch (DateTimeParseException e) {
            return fail2ban;
        }
    }

    /** " for 1 h", " for 45 s"; nothing for a ban without an end (fail2ban's bantime -1). */
    private static String banLength(long seconds) {
        if (seconds < 0) {
            return "";
        }
        return " for " + (seconds < 60 ? seconds + " s" : length(Duration.ofSeconds(seconds)));
    }

    // Commands: the trail of a message

    /** Why {@code address} cannot be looked for, in words; empty while it is empty (nothing typed yet) or valid. */
    static Optional<String> addressProblem(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        return EmailAddress.problem(address).map(p -> "The address " + p + ".");
    }

    /** Finds where the mail from or to the address went (on the chosen day, else the last 7 days), off the UI thread. */
    public void findTrail() {
        String address = trailAddress.get() == null ? "" : trailAddress.get().strip();
        if (address.isEmpty()) {
            trailProblem.set("Type the address to look for, such as bob@example.com.");
            return;
        }
        if (!trailProblem.get().isEmpty() || state.get() != State.CONNECTED || trailBusy.get()) {
            return;
        }
        Optional<LocalDate> day = Optional.ofNullable(trailDay.get());
        trailBusy.set(true);
        trails.clear();
        trailSummary.set("Reading the server's journal...");
        ui.submit(() -> session.trail(address, day), found -> {
            trailBusy.set(false);
            ZoneId zone = clock.getZone();
            trails.setAll(found.stream().map(t -> trailRow(t, zone)).toList());
            String when = day.map(d -> " on " + d).orElse(" in the last 7 days");
            trailSummary.set(found.isEmpty() ? "No mail from or to " + address + when + "."
                    : Words.count(found.size(), "message", "messages") + " from or to " + address + when + ", newest first.");
        }, e -> {
            trailBusy.set(false);
            trailSummary.set("");
            message.set("Could not read the trail: " + text(e));
        });
    }

    static TrailRow trailRow(MessageTrail t, ZoneId zone) {
        String from = t.from().isBlank() ? "(bounce)" : t.from();
        String title = DAY_HOUR.format(t.firstSeen().atZone(zone)) + "   " + from + " \u2192 " + String.join(", ", t.to())
                + "   <" + t.messageId() + ">";
        List<HopRow> hops = t.hops().stream().map(h -> new HopRow(HOUR.format(h.at().atZone(zone)), kindWord(h.kind()),
                WindowWords.text(h.text()), h.failed())).toList();
        return new TrailRow(title, hops, t.hops().stream().anyMatch(MessageTrail.Hop::failed));
    }

    static String kindWord(MessageTrail.Kind k) {
        return switch (k) {
            case RECEIVED -> "Received";
            case SUBMITTED -> "Submitted";
            case SCANNED -> "Scanned";
            case REJECTED -> "Rejected";
            case DELIVERED -> "Delivered";
            case RELAYED -> "Relayed";
            case DEFERRED -> "Deferred";
            case BOUNCED -> "Bounced";
        };
    }

    // Commands: backups

    /** Makes a backup now (a snapshot on the server), off the UI thread, then checks the server again. */
    public void backupNow() {
        if (state.get() != State.CONNECTED || backupBusy.get()) {
            return;
        }
        backupBusy.set(true);
        backupFindings.clear();
        backupMessage.set("Backing up... a large mailbox's first backup takes a while; the window stays usable.");
        ServerSpec s = spec;
        ui.submit(() -> session.backup(s, true, Optional.empty(), RunListener.NONE, new Cancellation()), (RunReport r) -> {
            backupBusy.set(false);
            // the run's last step is the snapshot: its finding says what was made (the set-up steps before it are not news)
            List<Finding> made = r.outcomes().isEmpty() ? List.of() : r.outcomes().get(r.outcomes().size() - 1).findings();
            List<Finding> problems = r.findings().stream().filter(f -> f.severity() != Severity.OK).filter(f -> !made.contains(f)).toList();
            List<Finding> shown = new ArrayList<>(problems);
            shown.addAll(made);
            backupFindings.setAll(shown.stream().map(WindowWords::finding).toList());
            backupMessage.set(r.severity() == Severity.ERROR ? "The backup did not finish: see below."
                    : "Backed up. The server also backs itself up every night.");
            refresh();
        }, e -> {
            backupBusy.set(false);
            backupMessage.set("");
            message.set("Could not back up: " + text(e));
            lostConnection(e);
        });
    }

    /**
     * Reads the recovery sheet from the server and saves it to {@code file}, readable by its owner only; the sheet (it
     * holds the backups' password) is not kept.
     */
    public void saveRecoverySheet(Path file) {
        if (state.get() != State.CONNECTED || backupBusy.get()) {
            return;
        }
        backupBusy.set(true);
        ServerSpec s = spec;
        ui.submit(() -> {
            PrivateFiles.write(file, session.recoverySheet(s, List.of()).html());
            return file;
        }, saved -> {
            backupBusy.set(false);
            backupMessage.set("Saved the recovery sheet to " + saved + ". Keep it somewhere safe, away from the server.");
        }, e -> {
            backupBusy.set(false);
            message.set("Could not save the recovery sheet: " + text(e));
        });
    }

    /** The file name to offer for the recovery sheet. */
    public String recoverySheetName() {
        return "mailwright-recovery-" + (spec == null ? host.get() : spec.hostname()) + ".html";
    }

    /** Forgets what the last command did (the window moved on). */
    public void dismissNotice() {
        notice.set("");
    }

    /** Closes the banner. */
    public void dismissMessage() {
        message.set("");
    }

    /** The window is closing: stop the refresh, forget the typed secrets. */
    public void close() {
        cancelRefresh();
        password.set("");
        passphrase.set("");
    }

    private static String text(Throwable e) {
        Throwable t = e instanceof IllegalStateException && e.getCause() != null ? e.getCause() : e;
        return WindowWords.text(t.getMessage() == null ? t.toString() : t.getMessage());
    }

    // Properties

    /** The server's spec once logged in; null before. */
    public ServerSpec spec() {
        return spec;
    }

    /** The session the dashboard works through (the Users and DNS tabs share it). */
    public ServerSession session() {
        return session;
    }

    /** Where the dashboard's work runs (the Users and DNS tabs use it too). */
    public UiExecutor ui() {
        return ui;
    }

    /** The remembered servers, the last used first. */
    public ObservableList<ServerProfile> profiles() {
        return profiles;
    }

    /** The server picked; picking one fills the login form (and logs out of another). */
    public ObjectProperty<ServerProfile> selectedProfileProperty() {
        return selectedProfile;
    }

    /** Whether the dashboard is logged in. */
    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** The login once logged in (the DNS tab plans its records with it); null before. */
    public ReadOnlyObjectProperty<Connected> connectedProperty() {
        return connected.getReadOnlyProperty();
    }

    /** What went wrong, for the banner; empty when nothing did. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What a command did ("Removed the message to ..."); empty when nothing to say. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The server's name and login, for the header; empty before logging in. */
    public ReadOnlyStringProperty serverTitleProperty() {
        return serverTitle.getReadOnlyProperty();
    }

    /** The login form's server address or name. */
    public StringProperty hostProperty() {
        return host;
    }

    /** The login form's SSH port, as typed. */
    public StringProperty portProperty() {
        return port;
    }

    /** The login form's user. */
    public StringProperty userProperty() {
        return user;
    }

    /** Whether to log in with a key file. */
    public BooleanProperty useKeyProperty() {
        return useKey;
    }

    /** The key file, when {@link #useKeyProperty()}. */
    public StringProperty keyPathProperty() {
        return keyPath;
    }

    /** The password (or sudo password with a key); cleared once logged in, never saved. */
    public StringProperty passwordProperty() {
        return password;
    }

    /** The key's passphrase; cleared once logged in, never saved. */
    public StringProperty passphraseProperty() {
        return passphrase;
    }

    /** The spec file on this computer; kept in the profile once logged in. */
    public StringProperty specPathProperty() {
        return specPath;
    }

    /** The checks so far: as they arrive during a refresh, in display order after it. */
    public ObservableList<StatusCheck> checks() {
        return checks;
    }

    /** Whether the status checks are running. */
    public ReadOnlyBooleanProperty refreshingProperty() {
        return refreshingStatus.getReadOnlyProperty();
    }

    /** How many checks of the running refresh have finished. */
    public ReadOnlyIntegerProperty checksDoneProperty() {
        return checksDone.getReadOnlyProperty();
    }

    /** One sentence over the status: "1 problem and 1 warning of 9 checks, 1 skipped. Checked at 10:42." */
    public ReadOnlyStringProperty statusSummaryProperty() {
        return statusSummary.getReadOnlyProperty();
    }

    /** The Status's backups check (id {@value #BACKUP_CHECK}); null until checked. */
    public ReadOnlyObjectProperty<StatusCheck> backupCheckProperty() {
        return backupCheck.getReadOnlyProperty();
    }

    /** The mail queue, oldest first. */
    public ObservableList<QueueRow> queue() {
        return queue;
    }

    /** Whether the queue is being read or changed. */
    public ReadOnlyBooleanProperty queueBusyProperty() {
        return queueBusy.getReadOnlyProperty();
    }

    /** One sentence about the queue; empty before it is read. */
    public ReadOnlyStringProperty queueSummaryProperty() {
        return queueSummary.getReadOnlyProperty();
    }

    /** The addresses banned now, one row per address, the soonest to end first; empty when none or unread. */
    public ObservableList<BanRow> bans() {
        return bans;
    }

    /** Whether the bans are being read or a ban lifted. */
    public ReadOnlyBooleanProperty bansBusyProperty() {
        return bansBusy.getReadOnlyProperty();
    }

    /**
     * One sentence over the bans: "2 addresses banned now; ...", "No address is banned now.", or why they could not be
     * read, with the fix; empty before they are read.
     */
    public ReadOnlyStringProperty bansSummaryProperty() {
        return bansSummary.getReadOnlyProperty();
    }

    /** What the empty bans table says: nobody banned, or that they could not be read; empty before they are read. */
    public ReadOnlyStringProperty bansEmptyProperty() {
        return bansEmpty.getReadOnlyProperty();
    }

    /** The address whose mail the Trail tab looks for. */
    public StringProperty trailAddressProperty() {
        return trailAddress;
    }

    /** The day to look at; null: the last 7 days. */
    public ObjectProperty<LocalDate> trailDayProperty() {
        return trailDay;
    }

    /** Why the address typed cannot be looked for; empty when it can (or nothing is typed). */
    public ReadOnlyStringProperty trailProblemProperty() {
        return trailProblem.getReadOnlyProperty();
    }

    /** Whether the journal is being read. */
    public ReadOnlyBooleanProperty trailBusyProperty() {
        return trailBusy.getReadOnlyProperty();
    }

    /** The messages found, newest first. */
    public ObservableList<TrailRow> trails() {
        return trails;
    }

    /** One sentence about what was found; empty before a search. */
    public ReadOnlyStringProperty trailSummaryProperty() {
        return trailSummary.getReadOnlyProperty();
    }

    /** Whether a backup or the recovery sheet is under way. */
    public ReadOnlyBooleanProperty backupBusyProperty() {
        return backupBusy.getReadOnlyProperty();
    }

    /** The findings of the last Back up now, in the window's words. */
    public ObservableList<Finding> backupFindings() {
        return backupFindings;
    }

    /** What the last Back up now or recovery sheet did; empty before. */
    public ReadOnlyStringProperty backupMessageProperty() {
        return backupMessage.getReadOnlyProperty();
    }
}
