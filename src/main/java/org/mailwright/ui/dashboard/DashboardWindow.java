package org.mailwright.ui.dashboard;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mailwright.engine.status.ServerStatus;
import org.mailwright.engine.status.StatusCheck;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.AppIcons;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.dashboard.DashboardModel.BanRow;
import org.mailwright.ui.dashboard.DashboardModel.HopRow;
import org.mailwright.ui.dashboard.DashboardModel.QueueRow;
import org.mailwright.ui.dashboard.DashboardModel.State;
import org.mailwright.ui.dashboard.DashboardModel.TrailRow;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.users.UsersWindow;
import org.mailwright.ui.users.UsersWindowModel;
import org.mailwright.ui.wizard.Choosers;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.WindowWords;
import org.mailwright.ui.wizard.connect.ConnectPage;
import org.mailwright.ui.wizard.dns.DnsPage;
import org.mailwright.ui.wizard.dns.DnsPageModel;
import org.mailwright.ui.wizard.dns.PublishDialog;
import org.mailwright.ui.wizard.dns.PublishModel;

/**
 * The server dashboard window: a server picker and Refresh on top, the login form until logged in, then the tabs
 * Status, Queue, Bans, Trail, Users, Backups and DNS. Only binds controls to {@link DashboardModel}; the Users tab is the
 * users window over the same session, the DNS tab the wizard's DNS page over the running server.
 */
public final class DashboardWindow extends BorderPane {
    public static final double WIDTH = 1100;
    public static final double HEIGHT = 760;

    private final DashboardModel model;
    private final Choosers choosers;
    private final TabPane tabs = new TabPane();
    private final Tab usersTab = new Tab("Users");
    private final Tab dnsTab = new Tab("DNS");
    private UsersWindowModel users;
    private DnsPageModel dns;

    /**
     * @param model    what the window shows
     * @param choosers the file dialogs (the spec file, the recovery sheet); answered in advance in tests
     */
    public DashboardWindow(DashboardModel model, Choosers choosers) {
        this.model = model;
        this.choosers = choosers;
        model.setHostKeyDecider(ConnectPage::askTrust);
        getStyleClass().add("dashboard");
        setTop(header());
        VBox center = new VBox(loginForm(), tabs());
        VBox.setVgrow(tabs, Priority.ALWAYS);
        setCenter(center);
        model.stateProperty().addListener((o, was, now) -> {
            if (now == State.CONNECTED) {
                connected();
            } else if (was == State.CONNECTED) {
                leaveDns();
                dns = null;
                users = null;
                usersTab.setContent(null);
                dnsTab.setContent(null);
            }
        });
        model.refreshingProperty().addListener((o, was, now) -> {
            if (was && !now) {
                replanDns();
            }
        });
    }

    /**
     * What the wizard's Welcome page opens for "Manage an existing server..." (see {@link ManageUsers}): a dashboard
     * over the request's session, one window at a time (a second window on the same session would log the first one
     * out under its feet, so Manage brings the open one forward). For the UI tests' fake sessions.
     */
    public static ManageUsers opener(UiExecutor ui, ProfileStore profiles, Choosers choosers) {
        return opener(ui, profiles, choosers, null);
    }

    /**
     * As {@link #opener(UiExecutor, ProfileStore, Choosers)}, with a window per server: each dashboard logs in over a
     * session of its own from {@code sessions}, closed with its window, so two servers can be watched side by side.
     * Manage opens a new window on the last used server, or brings forward the window already showing it.
     *
     * @param sessions makes a new, unconnected session; null to share the request's (one window at a time)
     */
    public static ManageUsers opener(UiExecutor ui, ProfileStore profiles, Choosers choosers, java.util.function.Supplier<ServerSession> sessions) {
        java.util.List<Stage> shown = new java.util.ArrayList<>();
        java.util.Map<Stage, DashboardModel> models = new java.util.HashMap<>();
        return (owner, request) -> {
            shown.removeIf(s -> !s.isShowing());
            java.util.Optional<ServerProfile> last = profiles.list().stream().findFirst();
            for (Stage open : shown) {
                ServerProfile showing = models.get(open).selectedProfileProperty().get();
                if (sessions == null || showing != null && last.isPresent() && showing.host().equals(last.get().host())
                        && showing.port() == last.get().port() && showing.user().equals(last.get().user())) {
                    open.toFront();
                    return;
                }
            }
            ServerSession session = sessions == null ? request.session() : sessions.get();
            DashboardModel model = new DashboardModel(session, profiles, ui, Clock.systemDefaultZone());
            DashboardWindow view = open(owner, model, choosers);
            Stage stage = (Stage) view.getScene().getWindow();
            shown.add(stage);
            models.put(stage, model);
            if (sessions != null) {
                // the window's own login ends with it; the wizard's session is the wizard's to close
                stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> {
                    models.remove(stage);
                    // off the UI thread (a logout may wait on the network), and not on the shared executor, which
                    // is already shut down when the app's last window closes
                    Thread logout = new Thread(session::close, "mailwright-dashboard-logout");
                    logout.setDaemon(true);
                    logout.start();
                });
            }
        };
    }

    /** Opens the dashboard in its own stage. */
    public static DashboardWindow open(Window owner, DashboardModel model, Choosers choosers) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        return showIn(stage, model, choosers);
    }

    /** Puts the dashboard into {@code stage} and shows it; also used by the UI tests. */
    public static DashboardWindow showIn(Stage stage, DashboardModel model, Choosers choosers) {
        DashboardWindow view = new DashboardWindow(model, choosers);
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets().add(Ui.stylesheet());
        stage.setTitle("Mailwright \u2013 server dashboard");
        AppIcons.setOn(stage);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setScene(scene);
        stage.setOnHidden(e -> {
            view.leaveDns();
            model.close();
            if (view.users != null) {
                view.users.forgetClearText();
            }
        });
        stage.show();
        return view;
    }

    // ---- top: picker, refresh, banner

    private Node header() {
        Label title = new Label("Server dashboard");
        title.getStyleClass().add("page-title");
        Label server = new Label();
        server.setId("server-title");
        server.getStyleClass().add("status");
        server.textProperty().bind(model.serverTitleProperty());
        VBox titles = new VBox(2, title, server);

        ComboBox<ServerProfile> picker = new ComboBox<>(model.profiles());
        picker.setId("server-picker");
        picker.setPromptText("No server remembered yet");
        picker.valueProperty().bindBidirectional(model.selectedProfileProperty());
        picker.setCellFactory(v -> profileCell());
        picker.setButtonCell(profileCell());
        picker.setPrefWidth(300);
        picker.disableProperty().bind(Bindings.isEmpty(model.profiles()).or(model.stateProperty().isEqualTo(State.CONNECTING)));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setId("refresh-progress");
        spinner.setPrefSize(20, 20);
        spinner.visibleProperty().bind(model.refreshingProperty().or(model.stateProperty().isEqualTo(State.CONNECTING)));
        Label progress = new Label();
        progress.setId("refresh-text");
        progress.getStyleClass().add("status");
        progress.textProperty().bind(Bindings.when(model.stateProperty().isEqualTo(State.CONNECTING))
                .then("Logging in...").otherwise(Bindings.when(model.refreshingProperty())
                        .then(Bindings.createStringBinding(() -> org.mailwright.model.Words.count(model.checksDoneProperty().get(), "check", "checks")
                                + " done...", model.checksDoneProperty())).otherwise("")));
        Button refresh = new Button("Refresh");
        refresh.setId("refresh");
        refresh.setMinWidth(Button.USE_PREF_SIZE);
        refresh.disableProperty().bind(model.refreshingProperty().or(model.stateProperty().isNotEqualTo(State.CONNECTED)));
        refresh.setOnAction(e -> model.refresh());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label pickLabel = new Label("Server");
        pickLabel.getStyleClass().add("field-label");
        HBox top = new HBox(12, titles, gap, spinner, progress, pickLabel, picker, refresh);
        top.setAlignment(Pos.CENTER_LEFT);

        Label message = Ui.text(model.messageProperty());
        message.setId("message");
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button dismiss = new Button("Dismiss");
        dismiss.setId("dismiss");
        dismiss.setMinWidth(Button.USE_PREF_SIZE);
        dismiss.setOnAction(e -> model.dismissMessage());
        HBox banner = new HBox(12, message, dismiss);
        banner.setId("banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("stop");
        banner.visibleProperty().bind(model.messageProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());

        Label notice = Ui.text(model.noticeProperty());
        notice.setId("notice");
        notice.getStyleClass().add("notice");
        notice.setMaxWidth(Double.MAX_VALUE);
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        VBox box = new VBox(10, top, banner, notice);
        box.getStyleClass().add("users-header");
        return box;
    }

    private static ListCell<ServerProfile> profileCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(ServerProfile p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.label());
            }
        };
    }

    // ---- logging in

    private Node loginForm() {
        GridPane grid = Ui.form();
        Ui.loginRows(grid, "login", model, "With a key file: the sudo password, if the user is not root. Never saved.");
        TextField spec = Ui.boundField("login-spec", "the server's spec file (mail.yaml)", model.specPathProperty());
        HBox.setHgrow(spec, Priority.ALWAYS);
        Button choose = new Button("Choose...");
        choose.setId("choose-spec");
        choose.setMinWidth(Button.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseSpec());
        HBox specRow = new HBox(8, spec, choose);
        Ui.row(grid, "Spec file", specRow);
        Ui.row(grid, "", Ui.hint("Asked once per server: the dashboard remembers it with the server (never a password)."));
        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.getStyleClass().add("primary");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(model.stateProperty().isEqualTo(State.CONNECTING));
        connect.setOnAction(e -> {
            if (model.needsSpecFile() && !chooseSpec()) {
                return;
            }
            model.connect();
        });
        VBox box = Ui.page(Ui.heading("Log in to the server"),
                Ui.hint("The dashboard reads the server's status over SSH. Looking changes nothing on the server."), grid, connect);
        box.setId("login-form");
        box.visibleProperty().bind(model.stateProperty().isNotEqualTo(State.CONNECTED));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Asks for the spec file; false when the person cancelled. */
    private boolean chooseSpec() {
        Optional<java.nio.file.Path> file = choosers.openFile(getScene() == null ? null : getScene().getWindow(),
                "The server's spec file", "Spec (YAML)", "*.yaml", "*.yml");
        file.ifPresent(f -> model.specPathProperty().set(f.toString()));
        return file.isPresent();
    }

    // ---- the tabs

    private Node tabs() {
        tabs.setId("tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab status = new Tab("Status", statusTab());
        status.setId("tab-status");
        Tab queue = new Tab("Queue", queueTab());
        queue.setId("tab-queue");
        // beside Queue: like it, a list of what the server holds now, each row with an action asked first
        Tab bans = new Tab("Bans", bansTab());
        bans.setId("tab-bans");
        Tab trail = new Tab("Trail", trailTab());
        trail.setId("tab-trail");
        usersTab.setId("tab-users");
        Tab backups = new Tab("Backups", backupsTab());
        backups.setId("tab-backups");
        dnsTab.setId("tab-dns");
        tabs.getTabs().addAll(status, queue, bans, trail, usersTab, backups, dnsTab);
        tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            model.dismissNotice(); // it was about the tab left
            if (was == dnsTab) {
                leaveDns();
            }
            if (now == dnsTab && dns != null) {
                dns.onEnter(); // the records are checked live only while they are looked at
            }
            if (now == usersTab && users != null && users.stateProperty().get() == UsersWindowModel.State.LOADING
                    && !users.busyProperty().get()) {
                users.reload();
            }
        });
        tabs.visibleProperty().bind(model.stateProperty().isEqualTo(State.CONNECTED));
        tabs.managedProperty().bind(tabs.visibleProperty());
        return tabs;
    }

    /** Logged in: the Users and DNS tabs are built over the same session, for this server's spec. */
    private void connected() {
        ServerSession session = model.session();
        users = UsersWindowModel.overSession(session, model.spec().dkim(), model.ui());
        usersTab.setContent(new UsersWindow(users));
        leaveDns();
        dns = DnsPageModel.forServer(model::spec, model.connectedProperty()::get, session, model.ui());
        Node dnsTitle = pageTitle("DNS records", "What the server's domains need at your DNS provider, checked live from this computer.");
        dnsTitle.getStyleClass().add("dashboard-dns-title"); // lined up with the DNS page's own margins
        ScrollPane dnsScroll = new ScrollPane(new VBox(dnsTitle, publishRow(), new DnsPage(dns).view()));
        dnsScroll.setFitToWidth(true);
        dnsScroll.getStyleClass().add("page-scroll");
        dnsTab.setContent(dnsScroll);
        Tab now = tabs.getSelectionModel().getSelectedItem();
        if (now == dnsTab) {
            dns.onEnter();
        } else if (now == usersTab) {
            users.reload();
        }
    }

    /**
     * "Publish at PROVIDER..." when the spec names a DNS provider (with why it cannot be tried yet, looking only at
     * this computer); else how to name one.
     */
    private Node publishRow() {
        org.mailwright.model.ServerSpec spec = model.spec();
        HBox row = new HBox(12);
        row.setId("dns-publish-row");
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("dashboard-dns-title");
        if (spec.dnsProvider().isEmpty()) {
            Label how = Ui.hint("To publish these records from here, name your DNS provider in the spec (dns: provider, and "
                    + "the file holding its API token or TSIG key), or choose it on the setup's DNS page.");
            how.setId("dns-publish-how");
            row.getChildren().add(how);
            return row;
        }
        Button publish = new Button("Publish at " + PublishModel.providerTitle(spec) + "...");
        publish.setId("dns-publish");
        publish.getStyleClass().add("primary");
        publish.setMinWidth(Button.USE_PREF_SIZE);
        // said here before anything is sent; the button stays usable: the dialog checks the files again when opened,
        // so a key file fixed meanwhile needs no new login
        Optional<String> problem = PublishModel.localProblem(spec);
        publish.setOnAction(e -> PublishDialog.open(getScene().getWindow(), model.dnsPublish()));
        row.getChildren().add(publish);
        if (problem.isPresent()) {
            Label why = Ui.text(problem.get());
            why.setId("dns-publish-problem");
            why.getStyleClass().add("problem");
            HBox.setHgrow(why, Priority.ALWAYS);
            row.getChildren().add(why);
        } else {
            row.getChildren().add(Ui.hint("Shows what would change, record by record, before anything is sent."));
        }
        return row;
    }

    /** The DNS records again once a refresh read the server's DKIM keys, when the DNS tab is the one shown. */
    private void replanDns() {
        if (dns != null && tabs.getSelectionModel().getSelectedItem() == dnsTab) {
            dns.onLeave();
            dns.onEnter();
        }
    }

    private void leaveDns() {
        if (dns != null) {
            dns.onLeave();
        }
    }

    private static Node pageTitle(String title, String subtitle) {
        Label t = Ui.heading(title);
        Label s = Ui.hint(subtitle);
        VBox box = new VBox(2, t, s);
        box.getStyleClass().add("dashboard-tab-title");
        return box;
    }

    // ---- Status

    private Node statusTab() {
        Label summary = Ui.text(model.statusSummaryProperty());
        summary.setId("status-summary");
        summary.getStyleClass().add("headline");
        VBox groups = new VBox(10);
        groups.setId("status-groups");
        Runnable fill = () -> fillGroups(groups);
        model.checks().addListener((ListChangeListener<StatusCheck>) c -> fill.run());
        fill.run();
        VBox body = new VBox(14, summary, groups);
        body.getStyleClass().add("dashboard-tab");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll");
        return scroll;
    }

    private void fillGroups(VBox groups) {
        groups.getChildren().clear();
        Map<String, List<StatusCheck>> byGroup = new ServerStatus("", java.time.Instant.EPOCH, model.checks()).groups();
        for (Map.Entry<String, List<StatusCheck>> g : byGroup.entrySet()) {
            VBox rows = new VBox(1);
            for (StatusCheck c : g.getValue()) {
                rows.getChildren().add(checkRow(c));
            }
            TitledPane pane = new TitledPane(groupTitle(g.getKey(), g.getValue()), rows);
            pane.setId("group-" + g.getKey().replaceAll("[^A-Za-z0-9]", "-"));
            pane.getStyleClass().add("status-group");
            pane.setCollapsible(false);
            pane.setMaxWidth(Double.MAX_VALUE);
            groups.getChildren().add(pane);
        }
    }

    /** "Network – 1 to look at, 7 not checked"; "checking..." while the checks still arrive. */
    private String groupTitle(String group, List<StatusCheck> checks) {
        long bad = checks.stream().filter(c -> !c.isSkipped() && c.severity() != Severity.OK).count();
        long skipped = checks.stream().filter(StatusCheck::isSkipped).count();
        String head = bad > 0 ? bad + " to look at" : model.refreshingProperty().get() ? "checking..." : skipped > 0 ? "no problem found" : "all OK";
        return group + "   \u2013   " + head + (skipped > 0 ? ", " + skipped + " not checked" : "");
    }

    /**
     * A check as one row: its badge (word and icon, not colour alone), its name, its sentence and, below it, its fix.
     * Name and sentence share a line so a whole server's checks fit the window without scrolling.
     */
    static Node checkRow(StatusCheck c) {
        Finding f = WindowWords.finding(c.finding());
        Label name = new Label(f.check());
        name.getStyleClass().add("finding-check");
        name.setWrapText(true);
        name.setMinWidth(190);
        name.setPrefWidth(190);
        name.setMinHeight(Region.USE_PREF_SIZE);
        Label sentence = Ui.text(f.message());
        VBox body = new VBox(2, sentence);
        if (!c.isSkipped() && f.severity() != Severity.OK && !f.fix().isBlank()) {
            Label fix = Ui.text("Fix: " + f.fix());
            fix.getStyleClass().add("fix");
            body.getChildren().add(fix);
        }
        if (c.isSkipped()) {
            sentence.getStyleClass().add("hint");
            name.getStyleClass().add("skipped-check");
        }
        HBox.setHgrow(body, Priority.ALWAYS);
        HBox row = new HBox(12, badge(f.severity(), c.isSkipped()), name, body);
        row.setAlignment(Pos.TOP_LEFT);
        row.getStyleClass().addAll("finding", "status-check");
        row.setId("check-" + c.id().replaceAll("[^A-Za-z0-9]", "-"));
        return row;
    }

    /**
     * The status badge: OK (green, a tick), Warning (amber, an exclamation mark), Problem (red, a cross) or Skipped
     * (grey, a dash). The word and the icon say it for those who do not tell the colours apart.
     */
    static Label badge(Severity s, boolean skipped) {
        String kind = skipped ? "skipped" : s.name().toLowerCase();
        Label l = new Label(skipped ? "Skipped" : WindowWords.badge(s));
        SVGPath icon = new SVGPath();
        icon.setContent(switch (kind) {
            case "ok" -> "M1 6 L4 9 L10 2 L11.5 3.4 L4 11.8 L-0.4 7.4 Z";
            case "warn" -> "M4.6 0 H7.4 L7 7.5 H5 Z M4.7 9 H7.3 V11.6 H4.7 Z";
            case "error" -> "M1.4 0 L6 4.6 L10.6 0 L12 1.4 L7.4 6 L12 10.6 L10.6 12 L6 7.4 L1.4 12 L0 10.6 L4.6 6 L0 1.4 Z";
            default -> "M1 5 H11 V7 H1 Z";
        });
        icon.getStyleClass().add("badge-icon");
        l.setGraphic(icon);
        l.setGraphicTextGap(6);
        l.getStyleClass().addAll("badge", "badge-" + kind);
        l.setMinWidth(104);
        l.setAlignment(Pos.CENTER_LEFT);
        return l;
    }

    // ---- Queue

    private Node queueTab() {
        TableView<QueueRow> table = new TableView<>(model.queue());
        table.setId("queue");
        table.setPlaceholder(new Label("Nothing waits in the queue."));
        table.getColumns().add(column("Recipient", QueueRow::recipient, 200));
        table.getColumns().add(column("Sender", QueueRow::sender, 180));
        table.getColumns().add(column("Age", QueueRow::age, 90));
        table.getColumns().add(column("State", QueueRow::state, 120));
        TableColumn<QueueRow, String> error = column("Last error", QueueRow::error, 380);
        error.setCellFactory(Ui::wrappingCell);
        table.getColumns().add(error);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        var selected = table.getSelectionModel().selectedItemProperty();
        Button retry = new Button("Retry now...");
        retry.setId("queue-retry");
        retry.disableProperty().bind(selected.isNull().or(model.queueBusyProperty()));
        retry.setOnAction(e -> confirmRetry(table.getSelectionModel().getSelectedItem()));
        Button remove = new Button("Remove...");
        remove.setId("queue-remove");
        remove.disableProperty().bind(selected.isNull().or(model.queueBusyProperty()));
        remove.setOnAction(e -> confirmRemove(table.getSelectionModel().getSelectedItem()));
        Button reload = new Button("Reload queue");
        reload.setId("queue-reload");
        reload.disableProperty().bind(model.queueBusyProperty());
        reload.setOnAction(e -> model.reloadQueue());
        Label summary = Ui.hint("");
        summary.setId("queue-summary");
        summary.textProperty().bind(model.queueSummaryProperty());
        Label detail = Ui.text("");
        detail.setId("queue-detail");
        detail.textProperty().bind(Bindings.createStringBinding(() -> selected.get() == null
                ? "Select a message to see its envelope and what the other server said, word for word." : selected.get().detail(), selected));
        detail.getStyleClass().add("hint");
        HBox buttons = new HBox(8, retry, remove, reload);
        VBox box = new VBox(10, pageTitle("Mail queue", "What OpenSMTPD holds because it could not deliver it yet: one line per "
                + "recipient."), summary, table, detail, buttons);
        box.getStyleClass().add("dashboard-tab");
        return box;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void confirmRetry(QueueRow row) {
        if (row != null && confirm("Retry now", "Try delivering to " + row.recipient() + " now?",
                "The server tries again by itself, more slowly as time goes by. Retrying now is useful once the cause is "
                        + "fixed (the receiving server is back, its address is corrected). Last error: " + row.error(),
                "Retry now")) {
            model.retry(row);
        }
    }

    private void confirmRemove(QueueRow row) {
        if (row != null && confirm("Remove from the queue", "Remove the message to " + row.recipient() + "?",
                row.recipient() + " will not get this message, and its sender " + row.sender() + " is not told. "
                        + "This cannot be undone.", "Remove message")) {
            model.remove(row);
        }
    }

    private boolean confirm(String title, String header, String text, String ok) {
        ButtonType yes = new ButtonType(ok, ButtonBar.ButtonData.OK_DONE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", yes, ButtonType.CANCEL);
        a.setTitle(title);
        a.setHeaderText(header);
        Label explain = Ui.text(text);
        // a wrapping label's preferred width is its one-line width: without this the dialog grew wider than the screen
        explain.setPrefWidth(460);
        explain.setMaxWidth(460);
        a.getDialogPane().setContent(explain);
        a.getDialogPane().getStylesheets().add(Ui.stylesheet());
        if (getScene() != null) {
            a.initOwner(getScene().getWindow());
            a.initModality(Modality.WINDOW_MODAL);
        }
        return a.showAndWait().orElse(ButtonType.CANCEL) == yes;
    }

    // ---- Bans

    private Node bansTab() {
        TableView<BanRow> table = new TableView<>(model.bans());
        table.setId("bans");
        Label empty = Ui.hint("");
        empty.textProperty().bind(model.bansEmptyProperty());
        empty.setId("bans-empty");
        table.setPlaceholder(empty);
        table.getColumns().add(column("Address", BanRow::address, 260));
        table.getColumns().add(column("Failed", BanRow::failed, 420));
        table.getColumns().add(column("Banned until (server time)", BanRow::until, 200));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);
        var selected = table.getSelectionModel().selectedItemProperty();
        Button unban = new Button("Unban...");
        unban.setId("bans-unban");
        unban.disableProperty().bind(selected.isNull().or(model.bansBusyProperty()));
        unban.setOnAction(e -> confirmUnban(table.getSelectionModel().getSelectedItem()));
        Button reload = new Button("Reload bans");
        reload.setId("bans-reload");
        reload.disableProperty().bind(model.bansBusyProperty());
        reload.setOnAction(e -> model.reloadBans());
        Label summary = Ui.hint("");
        summary.setId("bans-summary");
        summary.textProperty().bind(model.bansSummaryProperty());
        Label detail = Ui.text("");
        detail.setId("bans-detail");
        detail.textProperty().bind(Bindings.createStringBinding(() -> selected.get() == null
                ? "Select an address to see what it failed, since when and for how long." : selected.get().detail(), selected));
        detail.getStyleClass().add("hint");
        detail.visibleProperty().bind(Bindings.isNotEmpty(model.bans()));
        HBox buttons = new HBox(8, unban, reload);
        VBox box = new VBox(10, pageTitle("Bans", DashboardModel.bansExplained()), summary, table, detail, buttons);
        box.getStyleClass().add("dashboard-tab");
        return box;
    }

    private void confirmUnban(BanRow row) {
        if (row != null && confirm("Unban", "Lift the ban on " + row.address() + "?",
                row.address() + " can log in again at once (it failed " + row.failed() + "). If it keeps failing to log in, "
                        + "it is banned again.", "Unban")) {
            model.unban(row);
        }
    }

    // ---- Trail

    private Node trailTab() {
        TextField address = Ui.boundField("trail-address", "bob@example.com", model.trailAddressProperty());
        address.setPrefWidth(300);
        address.setOnAction(e -> model.findTrail());
        DatePicker day = new DatePicker();
        day.setId("trail-day");
        day.setPromptText("any day of the last 7");
        day.valueProperty().bindBidirectional(model.trailDayProperty());
        Button clear = new Button("Any day");
        clear.setId("trail-any-day");
        clear.setMinWidth(Button.USE_PREF_SIZE);
        clear.setOnAction(e -> model.trailDayProperty().set(null));
        Button find = new Button("Find");
        find.setId("trail-find");
        find.getStyleClass().add("primary");
        find.setMinWidth(Button.USE_PREF_SIZE);
        find.disableProperty().bind(model.trailBusyProperty().or(model.trailProblemProperty().isNotEmpty()));
        find.setOnAction(e -> model.findTrail());
        Label addressLabel = new Label("Address");
        addressLabel.getStyleClass().add("field-label");
        Label dayLabel = new Label("Day");
        dayLabel.getStyleClass().add("field-label");
        HBox form = new HBox(10, addressLabel, address, dayLabel, day, clear, find);
        form.setAlignment(Pos.CENTER_LEFT);
        Label problem = Ui.problem(model.trailProblemProperty());
        problem.setId("trail-problem");
        Label summary = Ui.hint("");
        summary.setId("trail-summary");
        summary.textProperty().bind(model.trailSummaryProperty());
        VBox results = new VBox(12);
        results.setId("trail-results");
        model.trails().addListener((ListChangeListener<TrailRow>) c -> {
            results.getChildren().clear();
            model.trails().forEach(t -> results.getChildren().add(trailCard(t)));
        });
        VBox body = new VBox(12, pageTitle("Trail of a message", "Where the mail from or to an address went: received, "
                + "scanned by rspamd, delivered to a mailbox or relayed to another server, with its answer."), form, problem,
                summary, results);
        body.getStyleClass().add("dashboard-tab");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll");
        return scroll;
    }

    private static Node trailCard(TrailRow t) {
        Label title = new Label(t.title());
        title.getStyleClass().add("finding-check");
        title.setWrapText(true);
        GridPane hops = new GridPane();
        hops.setHgap(14);
        hops.setVgap(6);
        javafx.scene.layout.ColumnConstraints time = new javafx.scene.layout.ColumnConstraints();
        time.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints kind = new javafx.scene.layout.ColumnConstraints();
        kind.setMinWidth(90);
        javafx.scene.layout.ColumnConstraints text = new javafx.scene.layout.ColumnConstraints();
        text.setHgrow(Priority.ALWAYS);
        hops.getColumnConstraints().addAll(time, kind, text);
        int r = 0;
        for (HopRow h : t.hops()) {
            Label at = new Label(h.time());
            at.getStyleClass().add("mono");
            Label k = new Label(h.kind());
            k.getStyleClass().add("hop-kind");
            Label said = Ui.text(h.text());
            said.setMaxWidth(Double.MAX_VALUE);
            if (h.failed()) {
                k.getStyleClass().add("hop-failed");
                said.getStyleClass().add("hop-failed");
                k.setText("\u2715 " + h.kind()); // not colour alone: the failed hop is marked
            }
            hops.addRow(r++, at, k, said);
        }
        VBox card = new VBox(8, title, hops);
        card.getStyleClass().addAll("card", "trail");
        if (t.failed()) {
            card.getStyleClass().add("trail-failed");
        }
        return card;
    }

    // ---- Backups

    private Node backupsTab() {
        VBox check = new VBox();
        check.setId("backup-check");
        Runnable fill = () -> {
            check.getChildren().clear();
            StatusCheck c = model.backupCheckProperty().get();
            check.getChildren().add(c == null ? Ui.hint("Not checked yet: press Refresh.") : checkRow(c));
        };
        model.backupCheckProperty().addListener((o, was, now) -> fill.run());
        fill.run();
        Button now = new Button("Back up now");
        now.setId("backup-now");
        now.getStyleClass().add("primary");
        now.setMinWidth(Button.USE_PREF_SIZE);
        now.disableProperty().bind(model.backupBusyProperty());
        now.setOnAction(e -> model.backupNow());
        Button sheet = new Button("Save recovery sheet...");
        sheet.setId("save-sheet");
        sheet.setMinWidth(Button.USE_PREF_SIZE);
        sheet.disableProperty().bind(model.backupBusyProperty());
        sheet.setOnAction(e -> choosers.saveFile(getScene().getWindow(), "Save the recovery sheet", model.recoverySheetName())
                .ifPresent(model::saveRecoverySheet));
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        spinner.visibleProperty().bind(model.backupBusyProperty());
        HBox buttons = new HBox(10, now, sheet, spinner);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label said = Ui.text(model.backupMessageProperty());
        said.setId("backup-message");
        VBox findings = new VBox(6);
        findings.setId("backup-findings");
        model.backupFindings().addListener((ListChangeListener<Finding>) c -> {
            findings.getChildren().clear();
            model.backupFindings().forEach(f -> findings.getChildren().add(checkRow(StatusCheck.of("backup-now", "", f))));
        });
        VBox body = new VBox(14, pageTitle("Backups", "The server backs its mail, accounts, DKIM keys and certificate up "
                        + "every night with restic; the last backup, its size, whether it was verified and copied offsite:"),
                check, buttons, said, findings,
                Ui.heading("The recovery sheet"),
                Ui.text("It holds the backups' password and where they are: without it nobody can read them, you included. "
                        + "Save it once and keep it away from the server (printed, or in a password manager)."));
        body.getStyleClass().add("dashboard-tab");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("page-scroll");
        return new StackPane(scroll);
    }

    /** The model the window shows. */
    public DashboardModel model() {
        return model;
    }

    /** The users window of the Users tab once logged in; null before. */
    public UsersWindowModel usersModel() {
        return users;
    }
}
