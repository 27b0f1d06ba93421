package org.mailwright.ui.users;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.accounts.MailTables;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.accounts.TableParseException;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.engine.mailboxes.StaleDataException;
import org.mailwright.engine.mailboxes.VacationStatus;
import org.mailwright.model.QuotaSize;
import org.mailwright.model.DomainName;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.PasswordPolicy;
import org.mailwright.logging.Secrets;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.session.Cancellation;
import org.mailwright.session.HostKeyQuestion.NewHostKey;
import org.mailwright.session.Login;
import org.mailwright.session.Mailboxes;
import org.mailwright.model.Vacation;
import org.mailwright.session.SessionException;
import org.mailwright.session.SpecCheck;
import org.mailwright.ui.wizard.WindowWords;
import org.mailwright.engine.DiffLine;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.UiExecutor;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.users.UsersPageModel;

/**
 * The users window: the mailboxes, aliases and domains of a running server, changes staged in a {@link MailboxEdit}
 * and applied together. Nothing reaches the server before {@link #apply()}; every staged change is checked by the
 * engine when it is staged, so a refused one is explained at once and the others stay.
 *
 * <p>Passwords are hashed by the engine on this computer (off the UI thread: bcrypt takes a moment); the clear text
 * lives only in {@link #formPasswordProperty()} and is cleared once the change is staged. Holds no control.
 */
public final class UsersWindowModel implements org.mailwright.ui.wizard.LoginFields {
    /** Where the window is: everything but READY disables the actions. */
    public enum State { NOT_CONNECTED, LOADING, READY, STALE, PARSE_ERROR, FAILED }

    /** The form open in the window's form area. */
    public enum Form { NONE, ADD_MAILBOX, RESET_PASSWORD, ALIAS, DOMAIN, VACATION, QUOTA, DOMAIN_QUOTA }

    /**
     * One mailbox as the table shows it, as it will be after the staged changes.
     *
     * @param usage      what it uses against its limit, in the engine's words ({@link MailboxSnapshot.MailboxRow#usage})
     * @param badge      {@code full} at or over the limit ({@link MailboxSnapshot.MailboxRow#full}), {@code nearly full}
     *                   from the share at which the person is warned ({@link MailboxSnapshot.MailboxRow#nearlyFull}), else empty
     * @param quota      its limit as the quota form takes it ({@code 2G}), or {@code none}
     * @param vacation   its vacation reply ({@link VacationStatus#summary()}); empty when it has none
     */
    public record MailboxRow(String address, String usage, String badge, String quota, String vacation, String aliases,
                             boolean staged) {
    }

    /** One alias or forwarder: targets outside the server's domains make it a forwarder. */
    public record AliasRow(String address, List<String> targets, String targetsText, boolean forwarder) {
        public AliasRow {
            targets = List.copyOf(targets);
        }

        public String kind() {
            return forwarder ? "Forwarder" : "Alias";
        }
    }

    private final UiExecutor ui;
    private final Supplier<Mailboxes> backendSource;
    private final ServerSession service;
    private Mailboxes backend;
    private MailboxSnapshot snapshot;
    private MailboxEdit edit;
    /** What the tables show of {@link #edit}; null exactly when it is. */
    private Shown shown;
    /** The vacation replies as read with {@link #snapshot}, updated when the window turns one on or off. */
    private Map<String, VacationStatus> vacations = Map.of();

    /** What one read of the server gives the window: the tables and every mailbox's vacation reply. */
    private record Loaded(MailboxSnapshot snapshot, Map<String, VacationStatus> vacations, MailboxEdit edit, Shown shown) {
    }

    /**
     * What the tables show of one edit, worked out off the UI thread: building the rows of a thousand mailboxes and the
     * tables' diff is engine work that held the window for hundreds of milliseconds. Every domain's rows are kept, so
     * choosing another domain only picks a list. The vacation column is filled in when a domain is shown, since a
     * vacation reply turned on or off changes it without a new edit.
     *
     * @param mailboxes    each domain's mailbox rows, their vacation text empty
     * @param byAddress    the engine's row of every mailbox, for the quota form
     * @param aliases      each domain's alias rows
     * @param domainQuotas each domain's default quota of new mailboxes as the quota form takes it
     */
    private record Shown(List<String> domains, List<String> allMailboxes, Map<String, List<MailboxRow>> mailboxes,
                         Map<String, MailboxSnapshot.MailboxRow> byAddress, Map<String, List<AliasRow>> aliases,
                         Map<String, String> domainQuotas, String diff, List<DiffLine> diffLines) {

        /** Off the UI thread, with nothing else changing {@code edit} meanwhile. */
        static Shown of(MailboxEdit edit, MailboxSnapshot snapshot) {
            MailTables t = edit.tables();
            // a set, not MailTables.isMailbox per row: that scans the credentials, a thousand times a thousand lines
            Set<String> read = snapshot.tables().mailboxes().stream().map(MailTables.Mailbox::address).collect(Collectors.toSet());
            Map<String, List<MailboxRow>> rows = new HashMap<>();
            Map<String, MailboxSnapshot.MailboxRow> byAddress = new HashMap<>();
            List<String> all = new ArrayList<>();
            for (MailboxSnapshot.MailboxRow m : edit.mailboxes()) {
                boolean staged = !read.contains(m.address());
                // a mailbox not made yet holds nothing: said in the engine's words rather than as an unknown "?"
                String usage = staged ? new MailboxSnapshot.MailboxRow(m.address(), Optional.of(0L), m.quota(), m.aliases()).usage() : m.usage();
                rows.computeIfAbsent(EmailAddress.domainOf(m.address()), d -> new ArrayList<>()).add(new MailboxRow(m.address(), usage,
                        m.full() ? "full" : m.nearlyFull() ? "nearly full" : "", quotaText(m.quota()), "", String.join(", ", m.aliases()), staged));
                byAddress.put(m.address(), m);
                all.add(m.address());
            }
            Map<String, List<AliasRow>> aliases = new HashMap<>();
            for (MailTables.Alias a : t.aliases()) {
                aliases.computeIfAbsent(EmailAddress.domainOf(a.address()), d -> new ArrayList<>()).add(new AliasRow(a.address(), a.targets(),
                        a.targets().stream().map(x -> t.isForwarder(x) ? x + " (outside)" : x).collect(Collectors.joining(", ")),
                        a.targets().stream().anyMatch(t::isForwarder)));
            }
            Map<String, String> quotas = new HashMap<>();
            for (String d : t.domainList()) {
                quotas.put(d, quotaText(edit.quotas().defaultFor(d)));
            }
            List<DiffLine> lines = edit.isEmpty() ? List.of() : edit.diffLines();
            return new Shown(List.copyOf(t.domainList()), all, rows, byAddress, aliases, quotas,
                    lines.isEmpty() ? "" : DiffLine.text(lines), lines);
        }
    }

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.LOADING);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyBooleanWrapper actionsDisabled = new ReadOnlyBooleanWrapper(this, "actionsDisabled", true);
    private final ReadOnlyBooleanWrapper canApply = new ReadOnlyBooleanWrapper(this, "canApply");
    private final ObservableList<String> pending = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper diff = new ReadOnlyStringWrapper(this, "diff", "");
    private final ObservableList<DiffLine> diffLines = FXCollections.observableArrayList();
    // one read-only view kept for the model's life: a view made per call listens weakly and may be collected
    private final ObservableList<DiffLine> diffLinesView = FXCollections.unmodifiableObservableList(diffLines);
    private final ObservableList<String> dnsRecords = FXCollections.observableArrayList();
    private final ObservableList<String> domains = FXCollections.observableArrayList();
    private final StringProperty selectedDomain = new SimpleStringProperty(this, "selectedDomain", "");
    private final ObservableList<MailboxRow> mailboxes = FXCollections.observableArrayList();
    private final ObservableList<AliasRow> aliases = FXCollections.observableArrayList();
    private final ObservableList<String> allMailboxes = FXCollections.observableArrayList();

    // the form
    private final ReadOnlyObjectWrapper<Form> form = new ReadOnlyObjectWrapper<>(this, "form", Form.NONE);
    private final StringProperty formAddress = new SimpleStringProperty(this, "formAddress", "");
    private final StringProperty formPassword = new SimpleStringProperty(this, "formPassword", "");
    private final StringProperty formTargets = new SimpleStringProperty(this, "formTargets", "");
    private final StringProperty formDomain = new SimpleStringProperty(this, "formDomain", "");
    private final StringProperty formPostmaster = new SimpleStringProperty(this, "formPostmaster", "");
    private final StringProperty formSubject = new SimpleStringProperty(this, "formSubject", "");
    private final StringProperty formText = new SimpleStringProperty(this, "formText", "");
    private final StringProperty formFrom = new SimpleStringProperty(this, "formFrom", "");
    private final StringProperty formUntil = new SimpleStringProperty(this, "formUntil", "");
    private final StringProperty formQuota = new SimpleStringProperty(this, "formQuota", "");
    private final ReadOnlyStringWrapper formNote = new ReadOnlyStringWrapper(this, "formNote", "");
    private final ReadOnlyStringWrapper domainQuota = new ReadOnlyStringWrapper(this, "domainQuota", QuotaSize.NONE);
    private final ReadOnlyStringWrapper formProblem = new ReadOnlyStringWrapper(this, "formProblem", "");
    private final ReadOnlyStringWrapper stagingProblem = new ReadOnlyStringWrapper(this, "stagingProblem", "");
    private final ReadOnlyIntegerWrapper strength = new ReadOnlyIntegerWrapper(this, "strength");
    private final ReadOnlyStringWrapper shownPassword = new ReadOnlyStringWrapper(this, "shownPassword", "");

    // the connect form (window opened from the Welcome page, no session yet)
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "22");
    private final StringProperty user = new SimpleStringProperty(this, "user", "root");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty passphrase = new SimpleStringProperty(this, "passphrase", "");
    private final StringProperty keyPath = new SimpleStringProperty(this, "keyPath", "");
    private final BooleanProperty useKey = new SimpleBooleanProperty(this, "useKey");
    private Predicate<NewHostKey> hostKeyDecider = key -> false;

    private UsersWindowModel(UiExecutor ui, Supplier<Mailboxes> backendSource, ServerSession service, State initial) {
        this.ui = ui;
        this.backendSource = backendSource;
        this.service = service;
        state.set(initial);
        actionsDisabled.bind(busy.or(state.isNotEqualTo(State.READY)));
        canApply.bind(Bindings.isNotEmpty(pending).and(actionsDisabled.not()));
        selectedDomain.addListener((o, was, now) -> {
            if (now == null) {
                selectedDomain.set(was == null ? "" : was); // a combo box losing its value keeps the domain shown
            } else {
                fillTables();
            }
        });
        formPassword.addListener((o, was, now) -> {
            strength.set(PasswordPolicy.strength(now));
            if (!shownPassword.get().isEmpty() && !shownPassword.get().equals(now)) {
                shownPassword.set(""); // typed over the generated one
            }
        });
        for (var p : List.of(formAddress, formPassword, formTargets, formDomain, formPostmaster, formSubject, formText, formFrom, formUntil, formQuota)) {
            p.addListener(x -> {
                formProblem.set(validateForm().orElse(""));
                stagingProblem.set("");
            });
        }
        form.addListener(x -> formProblem.set(validateForm().orElse("")));
    }

    /** Over a backend that is ready to read (tests, or a session made elsewhere); call {@link #reload()} to load. */
    public static UsersWindowModel over(Mailboxes backend, UiExecutor ui) {
        return new UsersWindowModel(ui, () -> backend, null, State.LOADING);
    }

    /** Over the wizard's session (the Done page): the server is connected already. */
    public static UsersWindowModel overSession(ServerSession service, DkimSettings dkim, UiExecutor ui) {
        return new UsersWindowModel(ui, () -> service.mailboxes(dkim), service, State.LOADING);
    }

    /**
     * For what a wizard page asked to open ({@link ManageUsers.Request}): over its session when that is logged in,
     * else asking how to log in, the form filled from the remembered server.
     */
    public static UsersWindowModel of(ManageUsers.Request request, UiExecutor ui) {
        if (request.connected()) {
            return overSession(request.session(), request.dkim(), ui);
        }
        UsersWindowModel m = connecting(request.session(), request.dkim(), ui);
        request.prefill().ifPresent(p -> {
            m.host.set(p.host());
            m.port.set(Integer.toString(p.port()));
            m.user.set(p.user());
            m.useKey.set(p.keyPath() != null && !p.keyPath().isBlank());
            m.keyPath.set(p.keyPath() == null ? "" : p.keyPath());
        });
        return m;
    }

    /** For a server set up before (the Welcome page): the window asks how to log in first. */
    public static UsersWindowModel connecting(ServerSession service, DkimSettings dkim, UiExecutor ui) {
        return new UsersWindowModel(ui, () -> service.mailboxes(dkim), service, State.NOT_CONNECTED);
    }

    // Commands: loading

    /**
     * Reads the tables again, off the UI thread; staged changes are dropped (they were made against what was read
     * before). A table with lines that cannot be read safely leaves the window read-only with each line named.
     */
    public void reload() {
        if (busy.get() || state.get() == State.NOT_CONNECTED) {
            return;
        }
        work("Reading the mail tables...", this::read, this::loaded, this::loadFailed);
    }

    /** Off the UI thread: the tables, then every vacation reply in one more command. */
    private Loaded read() {
        MailboxSnapshot s = backend().read();
        MailboxEdit e = backend().edit(s);
        return new Loaded(s, backend().vacations(s), e, Shown.of(e, s));
    }

    private Mailboxes backend() {
        if (backend == null) {
            backend = backendSource.get();
        }
        return backend;
    }

    private void loaded(Loaded l) {
        snapshot = l.snapshot();
        vacations = l.vacations();
        edit = l.edit();
        shown = l.shown();
        pending.clear();
        state.set(State.READY);
        message.set("");
        closeForm();
        refresh();
    }

    private void loadFailed(Throwable e) {
        if (e instanceof TableParseException p) {
            state.set(State.PARSE_ERROR);
            message.set("The mail tables on the server have lines Mailwright cannot read safely:\n"
                    + p.problems().stream().map(t -> "  " + t).collect(Collectors.joining("\n"))
                    + "\nFix them on the server, then press Reload. Nothing was written.");
        } else {
            state.set(State.FAILED);
            message.set("Could not read the mail tables: " + text(e));
        }
        snapshot = null;
        edit = null;
        shown = null;
        vacations = Map.of();
        pending.clear();
        refresh();
    }

    /** Logs in with the connect form (asking about an unknown host key), then reads the tables. */
    public void connect() {
        Optional<String> problem = connectProblem();
        if (problem.isPresent()) {
            message.set(problem.get());
            return;
        }
        if (busy.get()) {
            return;
        }
        // the same login as the wizard's Connect page: a key with its passphrase, ~ expanded by the session
        Login login = new Login(host.get().strip(), Integer.parseInt(port.get().strip()), user.get().strip(),
                useKey.get() ? Optional.of(keyPath.get()) : Optional.empty(), password.get().toCharArray(), passphrase.get().toCharArray());
        Predicate<NewHostKey> decider = hostKeyDecider;
        message.set("");
        work("Connecting to " + login.host() + "...", () -> {
            service.connect(login, key -> ui.askOnUi(() -> decider.test(key)));
            return read();
        }, s -> {
            password.set("");
            passphrase.set("");
            loaded(s);
        }, e -> {
            if (e instanceof TableParseException) {
                loadFailed(e);
                return;
            }
            backend = null;
            state.set(State.NOT_CONNECTED);
            message.set((e instanceof SessionException s && s.hostKeyChanged() ? "Stopped: " : "Could not connect: ") + text(e));
        });
    }

    /** Why the connect form cannot be sent, or empty. */
    public Optional<String> connectProblem() {
        return Login.formProblem(host.get(), port.get(), user.get(), useKey.get(), keyPath.get(), !password.get().isEmpty());
    }

    public void setHostKeyDecider(Predicate<NewHostKey> decider) {
        this.hostKeyDecider = decider;
    }

    // Commands: forms

    public void openAddMailbox() {
        open(Form.ADD_MAILBOX, "", "");
    }

    public void openResetPassword(String address) {
        open(Form.RESET_PASSWORD, address, "");
    }

    /** Opens the alias form for a new alias ({@code address} empty) or to edit an existing one's targets. */
    public void openAlias(String address) {
        String targets = address.isEmpty() || edit == null ? ""
                : edit.tables().alias(address).map(a -> String.join(", ", a.targets())).orElse("");
        open(Form.ALIAS, address, targets);
    }

    /**
     * Opens the vacation reply form for a mailbox, filled with its reply as read from the server when it has one. A
     * reply whose settings cannot be read back (its script was changed by hand) starts empty, and the form says so:
     * turning it on replaces that script.
     */
    public void openVacation(String address) {
        if (actionsDisabled.get()) {
            return;
        }
        open(Form.VACATION, address, "");
        Optional<VacationStatus> now = Optional.ofNullable(vacations.get(EmailAddress.normalize(address)));
        now.flatMap(VacationStatus::settings).ifPresent(v -> {
            formSubject.set(v.subject());
            formText.set(v.text());
            formFrom.set(v.from().map(Object::toString).orElse(""));
            formUntil.set(v.until().map(Object::toString).orElse(""));
        });
        formNote.set(now.map(v -> v.settings().isPresent()
                ? "The reply is " + v.summary() + ". Turn on saves your changes to it; Turn off stops it."
                : "A vacation reply is on, but its script was changed on the server by hand, so its settings cannot be "
                        + "shown. Turn on replaces it with this one; Turn off stops it.").orElse(""));
    }

    /** Opens the quota form for a mailbox, filled with its limit as it will be after the staged changes. */
    public void openQuota(String address) {
        if (actionsDisabled.get()) {
            return;
        }
        String a = EmailAddress.normalize(address);
        Optional<MailboxSnapshot.MailboxRow> row = shown == null ? Optional.empty() : Optional.ofNullable(shown.byAddress().get(a));
        open(Form.QUOTA, a, "");
        formQuota.set(row.map(r -> quotaText(r.quota())).orElse(""));
        formNote.set(row.map(r -> "It uses " + r.usage() + " now.").orElse(""));
    }

    /** Opens the form for the selected domain's default quota of new mailboxes, filled with the current one. */
    public void openDomainQuota() {
        if (actionsDisabled.get()) {
            return;
        }
        open(Form.DOMAIN_QUOTA, "", "", selectedDomain.get());
        formQuota.set(domainQuota.get());
    }

    private static String quotaText(Optional<QuotaSize> q) {
        return q.map(QuotaSize::dovecot).orElse(QuotaSize.NONE);
    }

    public void openAddDomain() {
        open(Form.DOMAIN, "", "");
        formPostmaster.set(allMailboxes.isEmpty() ? "" : allMailboxes.get(0));
    }

    private void open(Form f, String address, String targets) {
        open(f, address, targets, "");
    }

    /** @param domain the form's domain, set before the form opens so its title can name it */
    private void open(Form f, String address, String targets, String domain) {
        if (actionsDisabled.get()) {
            return;
        }
        forgetClearText();
        formAddress.set(address);
        formTargets.set(targets);
        formDomain.set(domain);
        formPostmaster.set("");
        formSubject.set("");
        formText.set("");
        formFrom.set("");
        formUntil.set("");
        formQuota.set("");
        formNote.set("");
        stagingProblem.set("");
        form.set(Form.NONE); // a second form of the same kind (another address) is built afresh
        form.set(f);
    }

    public void closeForm() {
        forgetClearText();
        stagingProblem.set("");
        form.set(Form.NONE);
    }

    /** Fills the password field with a strong random password, shown once so it can be copied. */
    public void generatePassword() {
        String p = PasswordHasher.generate(UsersPageModel.GENERATED_LENGTH);
        formPassword.set(p);
        shownPassword.set(p);
    }

    /** Why the open form cannot be staged, in words the person can act on; empty when it can. */
    Optional<String> validateForm() {
        MailTables t = edit == null ? null : edit.tables();
        switch (form.get()) {
            case ADD_MAILBOX -> {
                String a = EmailAddress.normalize(formAddress.get());
                if (formAddress.get().isBlank()) {
                    return Optional.of("Enter the new mailbox's address.");
                }
                Optional<String> p = t == null ? EmailAddress.problem(a).map(m -> "The address " + m + ".")
                        : SpecCheck.newAddressProblem(t, a, true);
                if (p.isPresent()) {
                    return p;
                }
                return formQuota.get().isBlank() ? passwordProblem() : quotaProblem().or(this::passwordProblem);
            }
            case QUOTA, DOMAIN_QUOTA -> {
                return quotaProblem();
            }
            case RESET_PASSWORD -> {
                return passwordProblem();
            }
            case ALIAS -> {
                String a = EmailAddress.normalize(formAddress.get());
                if (formAddress.get().isBlank()) {
                    return Optional.of("Enter the alias's address.");
                }
                Optional<String> p = t == null ? EmailAddress.aliasKeyProblem(a).map(m -> "The address " + m + ".")
                        : SpecCheck.newAddressProblem(t, a, false);
                if (p.isPresent()) {
                    return p;
                }
                List<String> targets = targets(formTargets.get());
                if (targets.isEmpty()) {
                    return Optional.of("Say where " + a + " delivers: one or more addresses, separated by commas.");
                }
                for (String target : targets) {
                    Optional<String> tp = EmailAddress.problem(target);
                    if (tp.isPresent()) {
                        return Optional.of("The target " + tp.get() + ".");
                    }
                }
                return Optional.empty();
            }
            case DOMAIN -> {
                String d = DomainName.normalize(formDomain.get());
                if (formDomain.get().isBlank()) {
                    return Optional.of("Enter the domain to add.");
                }
                Optional<String> p = DomainName.problem(d);
                if (p.isPresent()) {
                    return Optional.of("The domain " + p.get() + ".");
                }
                if (t != null && t.domainList().contains(d)) {
                    return Optional.of(d + " is served by this server already.");
                }
                if (formPostmaster.get().isBlank()) {
                    return Optional.of("Choose the mailbox that receives postmaster and abuse mail for " + d + ".");
                }
                return Optional.empty();
            }
            case VACATION -> {
                try {
                    vacationFromForm();
                    return Optional.empty();
                } catch (IllegalArgumentException e) {
                    return Optional.of(e.getMessage());
                }
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The vacation form as a {@link Vacation}; the problems in the window's words ("Subject: is empty."). */
    private Vacation vacationFromForm() {
        Optional<java.time.LocalDate> from;
        Optional<java.time.LocalDate> until;
        try {
            from = Vacation.date("From", formFrom.get());
            until = Vacation.date("Until", formUntil.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ".");
        }
        List<String> problems = new ArrayList<>(Vacation.problems(formSubject.get(), formText.get(), from, until));
        Vacation.endedProblem(until, java.time.LocalDate.now()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            String first = problems.get(0);
            throw new IllegalArgumentException(Character.toUpperCase(first.charAt(0)) + first.substring(1)
                    .replace("until: ", "Until: ").replace("from: ", "From: ") + ".");
        }
        return new Vacation(formSubject.get(), formText.get(), from, until);
    }

    /**
     * Turns the open form's vacation reply on at once (it is a Sieve script, not a table change, so it is not staged):
     * the server compiles it with sievec first and refuses it with the line sievec names.
     */
    public void turnVacationOn() {
        Optional<String> problem = validateForm();
        formProblem.set(problem.orElse(""));
        if (problem.isPresent() || actionsDisabled.get() || form.get() != Form.VACATION || snapshot == null) {
            return;
        }
        String address = EmailAddress.normalize(formAddress.get());
        Vacation v = vacationFromForm();
        MailboxSnapshot s = snapshot;
        work("Turning on the vacation reply of " + address + "...", () -> {
            backend.vacationOn(s, address, v, new Cancellation());
            return address;
        }, a -> {
            vacations = with(a, Optional.of(VacationStatus.of(v)));
            fillTables();
            form.set(Form.NONE);
            notice.set("The vacation reply of " + a + " is on" + v.from().map(d -> " from " + d).orElse("")
                    + v.until().map(d -> " until " + d).orElse("") + "; each sender gets it at most once a day.");
        }, error -> stagingProblem.set("Not turned on: " + text(error)));
    }

    /** Turns the vacation reply of the form's mailbox off at once; the person's own filters stay as they are. */
    public void turnVacationOff() {
        if (actionsDisabled.get() || form.get() != Form.VACATION || snapshot == null) {
            return;
        }
        String address = EmailAddress.normalize(formAddress.get());
        MailboxSnapshot s = snapshot;
        work("Turning off the vacation reply of " + address + "...", () -> {
            backend.vacationOff(s, address, new Cancellation());
            return address;
        }, a -> {
            vacations = with(a, Optional.empty());
            fillTables();
            form.set(Form.NONE);
            notice.set("The vacation reply of " + a + " is off.");
        }, error -> stagingProblem.set("Not turned off: " + text(error)));
    }

    /** The quota field read by {@link QuotaSize}'s rules; empty (blank) when none is given. */
    private Optional<Optional<QuotaSize>> quotaFromForm() {
        return formQuota.get().isBlank() ? Optional.empty() : Optional.of(QuotaSize.parseOrNone("Quota", formQuota.get()));
    }

    /** Why the quota field is not a size or {@code none}, in QuotaSize's words. */
    private Optional<String> quotaProblem() {
        if (formQuota.get().isBlank()) {
            return Optional.of("Enter a size such as 500M or 2G, or none for no limit.");
        }
        try {
            quotaFromForm();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            return Optional.of(m + (m.contains("is not a size") ? ", or none." : "."));
        }
    }

    private Optional<String> passwordProblem() {
        if (formPassword.get().isEmpty()) {
            return Optional.of("Enter a password, or press Generate.");
        }
        return PasswordPolicy.problem(formPassword.get()).map(s -> "The password: " + s + ".");
    }

    /** The vacation replies with {@code address}'s set to {@code status} (absent: off). */
    private Map<String, VacationStatus> with(String address, Optional<VacationStatus> status) {
        Map<String, VacationStatus> m = new java.util.HashMap<>(vacations);
        status.ifPresentOrElse(s -> m.put(address, s), () -> m.remove(address));
        return Map.copyOf(m);
    }

    /** Stages what the open form says; the engine checks it (and hashes a password) off the UI thread. */
    public void submitForm() {
        Optional<String> problem = validateForm();
        formProblem.set(problem.orElse(""));
        if (problem.isPresent() || actionsDisabled.get()) {
            return;
        }
        String address = EmailAddress.normalize(formAddress.get());
        switch (form.get()) {
            case ADD_MAILBOX -> {
                String clear = formPassword.get();
                Secrets.register(clear);
                Optional<Optional<QuotaSize>> quota = quotaFromForm();
                String limit = quota.map(q -> ", quota " + quotaText(q)).orElse("");
                stage("Add mailbox " + address + limit, e -> {
                    e.addMailbox(address, clear, quota.flatMap(q -> q));
                    if (quota.isPresent() && quota.get().isEmpty() && e.quotas().defaultFor(EmailAddress.domainOf(address)).isPresent()) {
                        e.setQuota(address, Optional.empty()); // "none" overrides the domain's default
                    }
                });
            }
            case QUOTA -> {
                Optional<QuotaSize> q = quotaFromForm().orElseThrow();
                stage("Quota of " + address + ": " + q.map(QuotaSize::dovecot).orElse("no limit"), e -> e.setQuota(address, q));
            }
            case DOMAIN_QUOTA -> {
                String d = formDomain.get();
                Optional<QuotaSize> q = quotaFromForm().orElseThrow();
                stage("Default quota of new mailboxes of " + d + ": " + q.map(QuotaSize::dovecot).orElse("none"),
                        e -> e.setDomainQuota(d, q));
            }
            case RESET_PASSWORD -> {
                String clear = formPassword.get();
                Secrets.register(clear);
                stage("New password for " + address, e -> e.resetPassword(address, clear));
            }
            case ALIAS -> {
                List<String> targets = targets(formTargets.get());
                boolean exists = edit.tables().alias(address).isPresent();
                stage((exists ? "Point " : "Add ") + (targets.stream().anyMatch(edit.tables()::isForwarder) ? "forwarder " : "alias ")
                        + address + " \u2192 " + String.join(", ", targets), e -> e.putAlias(address, targets));
            }
            case DOMAIN -> {
                String d = DomainName.normalize(formDomain.get());
                String postmaster = EmailAddress.normalize(formPostmaster.get());
                stage("Add domain " + d + " (postmaster \u2192 " + postmaster + ")", e -> e.addDomain(d, postmaster));
            }
            default -> {
            }
        }
    }

    /** Stages the removal of a mailbox; its maildir is moved aside unless {@code deleteMail}. */
    public void removeMailbox(String address, boolean deleteMail) {
        stage("Remove mailbox " + address + (deleteMail ? " and delete its mail" : " (mail moved aside)"),
                e -> e.removeMailbox(address, deleteMail));
    }

    public void removeAlias(String address) {
        stage("Remove " + address, e -> e.removeAlias(address));
    }

    private void stage(String description, Consumer<MailboxEdit> change) {
        if (actionsDisabled.get()) {
            return;
        }
        MailboxEdit e = edit;
        MailboxSnapshot s = snapshot;
        int warned = e.warnings().size();
        work("Checking the change...", () -> {
            change.accept(e); // a refused change throws and leaves the edit as it was
            return Shown.of(e, s);
        }, now -> {
            shown = now;
            pending.add(description);
            // what this change draws (a catch-all: spam), said before it is applied
            List<String> warnings = e.warnings();
            notice.set(warnings.size() > warned ? "Note: " + warnings.get(warnings.size() - 1) + "." : "");
            closeForm();
            refresh();
        }, error -> {
            String why = text(error);
            if (form.get() == Form.NONE) {
                message.set("Not staged: " + why);
            } else {
                stagingProblem.set(why);
            }
        });
    }

    /** Drops every staged change. */
    public void discard() {
        if (busy.get() || snapshot == null) {
            return;
        }
        MailboxSnapshot s = snapshot;
        work("Dropping the staged changes...", () -> {
            MailboxEdit e = backend.edit(s);
            return new Loaded(s, vacations, e, Shown.of(e, s));
        }, l -> {
            edit = l.edit();
            shown = l.shown();
            pending.clear();
            message.set("");
            closeForm();
            refresh();
        }, error -> message.set("Not dropped: " + text(error)));
    }

    /** Applies the staged changes off the UI thread, then reads the tables again. */
    public void apply() {
        if (!canApply.get()) {
            return;
        }
        MailboxEdit e = edit;
        int count = pending.size();
        List<String> records = e.notes();
        work("Applying " + count + (count == 1 ? " change..." : " changes..."), () -> {
            backend.apply(e, new Cancellation());
            return read();
        }, s -> {
            loaded(s);
            dnsRecords.setAll(records);
            notice.set("Applied " + count + (count == 1 ? " change" : " changes") + "; OpenSMTPD reloaded the tables without a restart.");
        }, error -> {
            if (error instanceof StaleDataException) {
                state.set(State.STALE);
                message.set(text(error) + ". Press Reload to see the tables as they are now; your staged changes "
                        + "will then have to be made again.");
            } else if (error instanceof TableParseException) {
                loadFailed(error);
            } else {
                message.set("Not applied: " + text(error));
            }
        });
    }

    private <T> void work(String what, java.util.concurrent.Callable<T> task, Consumer<T> ok, Consumer<Throwable> failed) {
        busy.set(true);
        busyText.set(what);
        if (state.get() != State.NOT_CONNECTED && snapshot == null) {
            state.set(State.LOADING);
        }
        ui.submit(task, r -> {
            busy.set(false);
            busyText.set("");
            ok.accept(r);
        }, e -> {
            busy.set(false);
            busyText.set("");
            failed.accept(e);
        });
    }

    /** An error's message in the window's words: the tables' rules say their fixes as CLI commands ("aliases add ..."). */
    private static String text(Throwable e) {
        return WindowWords.text(e.getMessage() == null ? e.toString() : e.getMessage());
    }

    static List<String> targets(String text) {
        return Arrays.stream(text == null ? new String[0] : text.split("[,;\\s]+")).filter(s -> !s.isBlank())
                .map(EmailAddress::normalize).distinct().toList();
    }

    /** Drops the clear-text password this window still holds. */
    public void forgetClearText() {
        formPassword.set("");
        shownPassword.set("");
    }

    private void refresh() {
        if (edit == null || shown == null) {
            domains.clear();
            mailboxes.clear();
            aliases.clear();
            allMailboxes.clear();
            diff.set("");
            diffLines.clear();
            return;
        }
        String selected = selectedDomain.get();
        if (!domains.equals(shown.domains())) {
            domains.setAll(shown.domains()); // a combo box showing the list may clear the selection here
        }
        allMailboxes.setAll(shown.allMailboxes());
        diff.set(shown.diff());
        diffLines.setAll(shown.diffLines());
        String want = domains.contains(selected) ? selected : domains.isEmpty() ? "" : domains.get(0);
        if (!want.equals(selectedDomain.get())) {
            selectedDomain.set(want); // fills the tables through the listener
        } else {
            fillTables();
        }
    }

    /** Shows the selected domain's rows from {@link #shown}: picking a list, no engine work on the UI thread. */
    private void fillTables() {
        if (shown == null) {
            return;
        }
        String d = selectedDomain.get();
        mailboxes.setAll(shown.mailboxes().getOrDefault(d, List.of()).stream().map(r -> new MailboxRow(r.address(), r.usage(), r.badge(),
                r.quota(), Optional.ofNullable(vacations.get(r.address())).map(VacationStatus::summary).orElse(""), r.aliases(), r.staged()))
                .toList());
        domainQuota.set(shown.domainQuotas().getOrDefault(d, QuotaSize.NONE));
        aliases.setAll(shown.aliases().getOrDefault(d, List.of()));
    }

    // Properties

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** A problem to show prominently (stale tables, parse errors, a failed apply, a refused change); empty when none. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** What the last apply did, and other good news. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty busyTextProperty() {
        return busyText.getReadOnlyProperty();
    }

    /** Staging, applying and opening forms are off while busy or while the tables are not readable and current. */
    public ReadOnlyBooleanProperty actionsDisabledProperty() {
        return actionsDisabled.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canApplyProperty() {
        return canApply.getReadOnlyProperty();
    }

    /** The staged changes, one sentence each, in the order they were made. */
    public ObservableList<String> pending() {
        return FXCollections.unmodifiableObservableList(pending);
    }

    /** What Apply will change: unified diffs of the tables; password hashes are never shown. */
    public ReadOnlyStringProperty diffProperty() {
        return diff.getReadOnlyProperty();
    }

    /** {@link #diffProperty()} line by line, each with its kind, for the view to colour. */
    public ObservableList<DiffLine> diffLines() {
        return diffLinesView;
    }

    /** DNS records to publish for the domains the last apply added (the new DKIM key's TXT record among them). */
    public ObservableList<String> dnsRecords() {
        return FXCollections.unmodifiableObservableList(dnsRecords);
    }

    public ObservableList<String> domains() {
        return FXCollections.unmodifiableObservableList(domains);
    }

    public StringProperty selectedDomainProperty() {
        return selectedDomain;
    }

    /** The selected domain's mailboxes, as they will be after the staged changes. */
    public ObservableList<MailboxRow> mailboxes() {
        return FXCollections.unmodifiableObservableList(mailboxes);
    }

    /** The selected domain's aliases and forwarders, as they will be after the staged changes. */
    public ObservableList<AliasRow> aliases() {
        return FXCollections.unmodifiableObservableList(aliases);
    }

    /** Every mailbox in every domain: the choices for a new domain's postmaster. */
    public ObservableList<String> allMailboxes() {
        return FXCollections.unmodifiableObservableList(allMailboxes);
    }

    public ReadOnlyObjectProperty<Form> formProperty() {
        return form.getReadOnlyProperty();
    }

    public StringProperty formAddressProperty() {
        return formAddress;
    }

    /** The clear password of the open form; cleared when the change is staged or the form closes. */
    public StringProperty formPasswordProperty() {
        return formPassword;
    }

    public StringProperty formTargetsProperty() {
        return formTargets;
    }

    public StringProperty formDomainProperty() {
        return formDomain;
    }

    public StringProperty formPostmasterProperty() {
        return formPostmaster;
    }

    /** Why the open form cannot be staged yet; empty when it can. */
    public StringProperty formSubjectProperty() {
        return formSubject;
    }

    public StringProperty formTextProperty() {
        return formText;
    }

    /** The vacation form's first day, YYYY-MM-DD or empty. */
    public StringProperty formFromProperty() {
        return formFrom;
    }

    /** The vacation form's last day (included), YYYY-MM-DD or empty. */
    public StringProperty formUntilProperty() {
        return formUntil;
    }

    /** The quota form's size ({@code 2G}, {@code none}); in the add form, blank for the domain's default. */
    public StringProperty formQuotaProperty() {
        return formQuota;
    }

    /** What the open form should say about the state it starts from (a vacation reply that is on); empty when nothing. */
    public ReadOnlyStringProperty formNoteProperty() {
        return formNote.getReadOnlyProperty();
    }

    /** The selected domain's default quota of new mailboxes as it will be ({@code 1G}), or {@code none}. */
    public ReadOnlyStringProperty domainQuotaProperty() {
        return domainQuota.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formProblemProperty() {
        return formProblem.getReadOnlyProperty();
    }

    /** Why the engine refused the change the form staged. */
    public ReadOnlyStringProperty stagingProblemProperty() {
        return stagingProblem.getReadOnlyProperty();
    }

    /** 0 (unusable) to 4, from PasswordPolicy.strength, for the meter. */
    public ReadOnlyIntegerProperty strengthProperty() {
        return strength.getReadOnlyProperty();
    }

    /** A generated password, shown until it is staged, so it can be copied and given to its owner. */
    public ReadOnlyStringProperty shownPasswordProperty() {
        return shownPassword.getReadOnlyProperty();
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** The key's passphrase for the login form; cleared once logged in. */
    public StringProperty passphraseProperty() {
        return passphrase;
    }

    public StringProperty keyPathProperty() {
        return keyPath;
    }

    public BooleanProperty useKeyProperty() {
        return useKey;
    }
}
