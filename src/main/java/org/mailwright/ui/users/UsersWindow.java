package org.mailwright.ui.users;

import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.users.UsersWindowModel.AliasRow;
import org.mailwright.ui.users.UsersWindowModel.Form;
import org.mailwright.ui.users.UsersWindowModel.MailboxRow;
import org.mailwright.ui.users.UsersWindowModel.State;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.connect.ConnectPage;
import org.mailwright.engine.DiffLine;

/**
 * The users window: the selected domain's mailboxes and aliases on the left, the staged changes and their diff on the
 * right, the open form above the tables. Only binds controls to {@link UsersWindowModel}.
 */
public final class UsersWindow extends BorderPane {
    public static final double WIDTH = 1200;
    public static final double HEIGHT = 740;

    private final UsersWindowModel model;

    public UsersWindow(UsersWindowModel model) {
        this.model = model;
        model.setHostKeyDecider(ConnectPage::askTrust);
        getStyleClass().add("users-window");
        setTop(header());
        SplitPane split = new SplitPane(tablesPane(), pendingPane());
        split.setOrientation(Orientation.HORIZONTAL);
        // the mailbox table's usage and vacation columns need the room more than the pending list, whose lines wrap
        split.setDividerPositions(0.7);
        split.visibleProperty().bind(model.stateProperty().isNotEqualTo(State.NOT_CONNECTED));
        split.managedProperty().bind(split.visibleProperty());
        VBox center = new VBox(connectForm(), split);
        VBox.setVgrow(split, Priority.ALWAYS);
        setCenter(center);
    }

    /** What the wizard's Welcome and Done pages open the window with (see {@link ManageUsers}). */
    public static ManageUsers opener(UiExecutor ui) {
        return (owner, request) -> open(owner, UsersWindowModel.of(request, ui));
    }

    /** Opens the window in its own stage and starts reading (or asks how to log in first). */
    public static UsersWindow open(Window owner, UsersWindowModel model) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
        }
        return showIn(stage, model);
    }

    /** Puts the window into {@code stage}; also used by the UI tests and the screenshot tour. */
    public static UsersWindow showIn(Stage stage, UsersWindowModel model) {
        UsersWindow view = new UsersWindow(model);
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets().add(Ui.stylesheet());
        stage.setTitle("Mailwright \u2013 users and aliases");
        stage.setMinWidth(900);
        stage.setMinHeight(560);
        stage.setScene(scene);
        stage.setOnHidden(e -> model.forgetClearText());
        stage.show();
        model.reload();
        return view;
    }

    private Node header() {
        Label title = new Label("Users and aliases");
        title.getStyleClass().add("page-title");
        ComboBox<String> domain = new ComboBox<>(model.domains());
        domain.setId("domain");
        domain.valueProperty().bindBidirectional(model.selectedDomainProperty());
        domain.disableProperty().bind(Bindings.isEmpty(model.domains()));
        Button addDomain = action("Add domain...", "add-domain", model::openAddDomain);
        Button reload = new Button("Reload");
        reload.setId("reload");
        reload.disableProperty().bind(model.busyProperty().or(model.stateProperty().isEqualTo(State.NOT_CONNECTED)));
        reload.setOnAction(e -> model.reload());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label domainLabel = new Label("Domain");
        domainLabel.getStyleClass().add("field-label");
        HBox top = new HBox(12, title, gap, domainLabel, domain, addDomain, reload);
        top.setAlignment(Pos.CENTER_LEFT);

        Label message = Ui.text(model.messageProperty());
        message.setId("message");
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        Button reloadNow = new Button("Reload");
        reloadNow.setId("banner-reload");
        reloadNow.setMinWidth(Button.USE_PREF_SIZE);
        reloadNow.setOnAction(e -> model.reload());
        reloadNow.visibleProperty().bind(model.stateProperty().isEqualTo(State.STALE)
                .or(model.stateProperty().isEqualTo(State.PARSE_ERROR)).or(model.stateProperty().isEqualTo(State.FAILED)));
        reloadNow.managedProperty().bind(reloadNow.visibleProperty());
        HBox banner = new HBox(12, message, reloadNow);
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.getStyleClass().add("stop");
        banner.visibleProperty().bind(model.messageProperty().isNotEmpty());
        banner.managedProperty().bind(banner.visibleProperty());

        Label notice = Ui.text(model.noticeProperty());
        notice.setId("notice");
        VBox dns = new VBox(6);
        dns.setId("dns-records");
        Runnable fillDns = () -> {
            dns.getChildren().clear();
            if (!model.dnsRecords().isEmpty()) {
                dns.getChildren().add(Ui.text("Publish these DNS records for the new domain at your DNS provider:"));
            }
            for (String r : model.dnsRecords()) {
                Label l = new Label(r);
                l.getStyleClass().add("mono");
                l.setWrapText(true);
                l.setMinHeight(Region.USE_PREF_SIZE);
                HBox.setHgrow(l, Priority.ALWAYS);
                HBox line = new HBox(8, l, Ui.copyButton(() -> r));
                line.setAlignment(Pos.CENTER_LEFT);
                dns.getChildren().add(line);
            }
        };
        model.dnsRecords().addListener((ListChangeListener<String>) c -> fillDns.run());
        VBox good = new VBox(8, notice, dns);
        good.getStyleClass().add("notice");
        good.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        good.managedProperty().bind(good.visibleProperty());

        VBox box = new VBox(10, top, banner, good, formArea());
        box.getStyleClass().add("users-header");
        return box;
    }

    private Button action(String text, String id, Runnable r) {
        Button b = new Button(text);
        b.setId(id);
        b.disableProperty().bind(model.actionsDisabledProperty());
        b.setOnAction(e -> r.run());
        b.setMinWidth(Button.USE_PREF_SIZE);
        return b;
    }

    // ---- the tables

    private Node tablesPane() {
        TableView<MailboxRow> mailboxes = new TableView<>(model.mailboxes());
        mailboxes.setId("mailboxes");
        mailboxes.setPlaceholder(new Label("No mailbox in this domain."));
        TableColumn<MailboxRow, String> addressColumn = column("Mailbox", r -> r.address() + (r.staged() ? "   (staged)" : ""), 180);
        addressColumn.setMinWidth(165);
        mailboxes.getColumns().add(addressColumn);
        mailboxes.getColumns().add(usageColumn());
        TableColumn<MailboxRow, String> vacationColumn = column("Vacation reply", MailboxRow::vacation, 210);
        // its longest text ("on 2026-12-20 to 2027-01-06") stays whole: the table scrolls sideways before it is cut
        vacationColumn.setMinWidth(205);
        mailboxes.getColumns().add(vacationColumn);
        mailboxes.getColumns().add(column("Aliases delivering here", MailboxRow::aliases, 180));
        mailboxes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(mailboxes, Priority.ALWAYS);
        // a form open above the tables squeezes them: the selected mailbox's table keeps a few rows in view
        mailboxes.setMinHeight(100);
        var selectedMailbox = mailboxes.getSelectionModel().selectedItemProperty();
        Button add = action("Add mailbox...", "add-mailbox", model::openAddMailbox);
        add.getStyleClass().add("primary");
        Button reset = action("Reset password...", "reset-password",
                () -> model.openResetPassword(mailboxes.getSelectionModel().getSelectedItem().address()));
        reset.disableProperty().unbind();
        reset.disableProperty().bind(model.actionsDisabledProperty().or(selectedMailbox.isNull()));
        Button quota = action("Quota...", "quota", () -> model.openQuota(mailboxes.getSelectionModel().getSelectedItem().address()));
        quota.disableProperty().unbind();
        quota.disableProperty().bind(model.actionsDisabledProperty().or(selectedMailbox.isNull()));
        Button vacation = action("Vacation reply...", "vacation",
                () -> model.openVacation(mailboxes.getSelectionModel().getSelectedItem().address()));
        vacation.disableProperty().unbind();
        vacation.disableProperty().bind(model.actionsDisabledProperty().or(selectedMailbox.isNull()));
        Button remove = action("Remove...", "remove-mailbox", () -> confirmRemove(mailboxes.getSelectionModel().getSelectedItem().address()));
        remove.disableProperty().unbind();
        remove.disableProperty().bind(model.actionsDisabledProperty().or(selectedMailbox.isNull()));

        TableView<AliasRow> aliases = new TableView<>(model.aliases());
        aliases.setId("aliases");
        aliases.setPlaceholder(new Label("No alias in this domain."));
        aliases.getColumns().add(column("Address", AliasRow::address, 230));
        aliases.getColumns().add(column("Kind", AliasRow::kind, 90));
        aliases.getColumns().add(column("Delivers to", AliasRow::targetsText, 260));
        aliases.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        aliases.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(AliasRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("forwarder");
                if (!empty && item != null && item.forwarder()) {
                    getStyleClass().add("forwarder");
                }
            }
        });
        VBox.setVgrow(aliases, Priority.ALWAYS);
        var selectedAlias = aliases.getSelectionModel().selectedItemProperty();
        Button addAlias = action("Add alias or forwarder...", "add-alias", () -> model.openAlias(""));
        Button edit = action("Edit...", "edit-alias", () -> model.openAlias(aliases.getSelectionModel().getSelectedItem().address()));
        edit.disableProperty().unbind();
        edit.disableProperty().bind(model.actionsDisabledProperty().or(selectedAlias.isNull()));
        Button removeAlias = action("Remove", "remove-alias", () -> model.removeAlias(aliases.getSelectionModel().getSelectedItem().address()));
        removeAlias.disableProperty().unbind();
        removeAlias.disableProperty().bind(model.actionsDisabledProperty().or(selectedAlias.isNull()));

        VBox box = new VBox(10,
                mailboxesHeading(), mailboxes, new HBox(8, add, reset, quota, vacation, remove),
                Ui.heading("Aliases and forwarders"),
                Ui.hint("A forwarder sends mail on to an address outside this server's domains."),
                aliases, new HBox(8, addAlias, edit, removeAlias));
        box.getStyleClass().add("users-tables");
        return box;
    }

    /** "Mailboxes", and the selected domain's default quota of new mailboxes with the button that changes it. */
    private Node mailboxesHeading() {
        Label defaultQuota = new Label();
        defaultQuota.setId("domain-quota-text");
        defaultQuota.getStyleClass().add("hint");
        defaultQuota.textProperty().bind(Bindings.createStringBinding(() -> "New mailboxes of " + model.selectedDomainProperty().get()
                + (model.domainQuotaProperty().get().equals(org.mailwright.model.QuotaSize.NONE) ? ": no quota"
                : ": quota " + model.domainQuotaProperty().get()), model.selectedDomainProperty(), model.domainQuotaProperty()));
        defaultQuota.setMinWidth(Region.USE_PREF_SIZE);
        Button change = action("Default quota...", "domain-quota", model::openDomainQuota);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox line = new HBox(10, Ui.heading("Mailboxes"), gap, defaultQuota, change);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    /** What the mailbox uses of its quota, with a badge from the share at which its owner is warned. */
    private static TableColumn<MailboxRow, MailboxRow> usageColumn() {
        TableColumn<MailboxRow, MailboxRow> c = new TableColumn<>("Used of quota");
        c.setId("usage-column");
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            private final Label badge = new Label();
            private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip("From "
                    + org.mailwright.model.QuotaSize.WARNING_PERCENT + " % its owner gets a warning mail; a full mailbox takes "
                    + "no more mail until it is below its quota (senders are asked to try again later).");

            {
                badge.getStyleClass().addAll("badge", "badge-warn", "quota-badge");
                badge.setMinWidth(Region.USE_PREF_SIZE);
                setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
                setGraphicTextGap(8);
            }

            @Override
            protected void updateItem(MailboxRow item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("quota-warning");
                setTooltip(null);
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(item.usage());
                if (item.badge().isEmpty()) {
                    setGraphic(null);
                } else {
                    badge.setText(item.badge());
                    setGraphic(badge);
                    getStyleClass().add("quota-warning");
                    setTooltip(tip);
                }
            }
        });
        // "47.1 MiB of 50.0 MiB (94 %)" and its badge stay whole, as in the vacation column
        c.setPrefWidth(290);
        c.setMinWidth(285);
        return c;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        c.setPrefWidth(width);
        // a long list of aliases or targets is cut in a narrow window: the whole text shows on hover
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
                setTooltip(empty || item == null || item.isEmpty() ? null : new javafx.scene.control.Tooltip(item));
            }
        });
        return c;
    }

    /** Asks before staging a removal; the mail is moved aside unless the box is ticked. */
    private void confirmRemove(String address) {
        ButtonType stage = new ButtonType("Stage removal", ButtonBar.ButtonData.OK_DONE);
        Dialog<ButtonType> d = new Dialog<>();
        d.setTitle("Remove mailbox");
        d.setHeaderText("Remove the mailbox " + address + "?");
        CheckBox delete = new CheckBox("Also delete the stored mail");
        delete.setId("delete-mail");
        Label explain = Ui.text("Its address stops receiving mail and its password stops working, once you press Apply. "
                + "Unless you tick the box, its mail is kept: the maildir is moved aside to /var/vmail/.removed/.");
        explain.setMaxWidth(440);
        d.getDialogPane().setContent(new VBox(12, explain, delete));
        d.getDialogPane().getButtonTypes().addAll(stage, ButtonType.CANCEL);
        d.getDialogPane().getStylesheets().add(Ui.stylesheet());
        if (getScene() != null) {
            d.initOwner(getScene().getWindow());
            d.initModality(Modality.WINDOW_MODAL);
        }
        Optional<ButtonType> answer = d.showAndWait();
        if (answer.orElse(ButtonType.CANCEL) == stage) {
            model.removeMailbox(address, delete.isSelected());
        }
    }

    // ---- the form

    private Node formArea() {
        VBox area = new VBox(10);
        area.setId("form");
        area.getStyleClass().add("card");
        model.formProperty().addListener((o, was, now) -> fillForm(area, now));
        area.visibleProperty().bind(model.formProperty().isNotEqualTo(Form.NONE));
        area.managedProperty().bind(area.visibleProperty());
        return area;
    }

    private void fillForm(VBox area, Form f) {
        area.getChildren().clear();
        if (f == Form.NONE) {
            return;
        }
        GridPane grid = Ui.form();
        String title;
        String ok;
        switch (f) {
            case ADD_MAILBOX -> {
                title = "Add a mailbox";
                ok = "Stage mailbox";
                Ui.row(grid, "Address", Ui.boundField("form-address", "someone@" + model.selectedDomainProperty().get(), model.formAddressProperty()));
                Ui.row(grid, "Password", passwordRow());
                Ui.row(grid, "", Ui.strengthMeter(model.strengthProperty(), model.formPasswordProperty()));
                Ui.row(grid, "", shownPassword());
                String byDefault = model.domainQuotaProperty().get();
                Ui.row(grid, "Quota", Ui.boundField("form-quota", byDefault.equals(org.mailwright.model.QuotaSize.NONE)
                        ? "optional: 500M, 2G, ... (blank: no limit)" : "blank: the domain's default, " + byDefault, model.formQuotaProperty()));
            }
            case QUOTA -> {
                title = "Quota of " + model.formAddressProperty().get();
                ok = "Stage quota";
                Ui.row(grid, "Quota", Ui.boundField("form-quota", "500M, 2G, ... or none", model.formQuotaProperty()));
                Ui.row(grid, "", Ui.hint(QUOTA_HINT + " Mail already there stays; a mailbox over its quota takes no more mail "
                        + "until it is below it (senders are asked to try again later). From " + org.mailwright.model.QuotaSize.WARNING_PERCENT
                        + " % its owner gets a warning mail."));
            }
            case DOMAIN_QUOTA -> {
                title = "Default quota of new mailboxes of " + model.formDomainProperty().get();
                ok = "Stage default";
                Ui.row(grid, "Quota", Ui.boundField("form-quota", "500M, 2G, ... or none", model.formQuotaProperty()));
                Ui.row(grid, "", Ui.hint(QUOTA_HINT + " Mailboxes added later get it unless given their own; the mailboxes there "
                        + "now keep theirs (change those with Quota...)."));
            }
            case RESET_PASSWORD -> {
                title = "New password for " + model.formAddressProperty().get();
                ok = "Stage new password";
                Ui.row(grid, "Password", passwordRow());
                Ui.row(grid, "", Ui.strengthMeter(model.strengthProperty(), model.formPasswordProperty()));
                Ui.row(grid, "", shownPassword());
            }
            case ALIAS -> {
                boolean editing = !model.formAddressProperty().get().isEmpty();
                title = editing ? "Edit " + model.formAddressProperty().get() : "Add an alias or forwarder";
                ok = editing ? "Stage change" : "Stage alias";
                TextField address = Ui.boundField("form-address", "info@" + model.selectedDomainProperty().get(), model.formAddressProperty());
                address.setDisable(editing);
                Ui.row(grid, "Address", address);
                Ui.row(grid, "Delivers to", Ui.boundField("form-targets", "alice@example.com, someone@elsewhere.example", model.formTargetsProperty()));
                Ui.row(grid, "", Ui.hint("Addresses separated by commas. One outside this server's domains makes it a forwarder."));
            }
            case VACATION -> {
                title = "Vacation reply of " + model.formAddressProperty().get();
                ok = "Turn on";
                Ui.row(grid, "Subject", Ui.boundField("form-subject", "Away until 2 January", model.formSubjectProperty()));
                javafx.scene.control.TextArea text = new javafx.scene.control.TextArea();
                text.setId("form-text");
                text.setPromptText("I am away and read mail again from 2 January.");
                text.setPrefRowCount(4);
                text.setWrapText(true);
                text.textProperty().bindBidirectional(model.formTextProperty());
                Ui.row(grid, "Text", text);
                // both dates on one line: the form sits above the tables, and every line it takes is one less mailbox in view
                TextField from = Ui.boundField("form-from", "YYYY-MM-DD (optional)", model.formFromProperty());
                TextField until = Ui.boundField("form-until", "YYYY-MM-DD (optional, included)", model.formUntilProperty());
                HBox.setHgrow(from, Priority.ALWAYS);
                HBox.setHgrow(until, Priority.ALWAYS);
                Label untilLabel = new Label("Until");
                untilLabel.getStyleClass().add("field-label");
                untilLabel.setMinWidth(Region.USE_PREF_SIZE);
                HBox dates = new HBox(10, from, untilLabel, until);
                dates.setAlignment(Pos.CENTER_LEFT);
                Ui.row(grid, "From", dates);
                Ui.row(grid, "", Ui.hint("Each sender gets the reply at most once a day; mailing lists and automatic mail get none. "
                        + "It runs before the person's own filters, which stay as they are. Turning it on or off takes effect at once."));
            }
            default -> {
                title = "Add a domain";
                ok = "Stage domain";
                Ui.row(grid, "Domain", Ui.boundField("form-domain", "example.net", model.formDomainProperty()));
                ComboBox<String> postmaster = new ComboBox<>(model.allMailboxes());
                postmaster.setId("form-postmaster");
                postmaster.valueProperty().bindBidirectional(model.formPostmasterProperty());
                Ui.row(grid, "Postmaster", postmaster);
                Ui.row(grid, "", Ui.hint("postmaster, abuse, noc, security and hostmaster of the new domain (RFC 2142) deliver to "
                        + "this mailbox. A DKIM key is made for the domain; its DNS record is shown after Apply."));
            }
        }
        Label heading = Ui.heading(title);
        heading.setId("form-title");
        Label note = Ui.text(model.formNoteProperty());
        note.setId("form-note");
        note.visibleProperty().bind(model.formNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        Label problem = Ui.problem(Bindings.when(model.stagingProblemProperty().isNotEmpty())
                .then(model.stagingProblemProperty()).otherwise(model.formProblemProperty()));
        problem.setId("form-problem");
        problem.getStyleClass().add("hint");
        Button submit = new Button(ok);
        submit.setId("form-submit");
        submit.getStyleClass().add("primary");
        submit.setDefaultButton(true);
        submit.disableProperty().bind(model.formProblemProperty().isNotEmpty().or(model.actionsDisabledProperty()));
        submit.setOnAction(e -> {
            if (f == Form.VACATION) {
                model.turnVacationOn();
            } else {
                model.submitForm();
            }
        });
        Button cancel = new Button("Cancel");
        cancel.setId("form-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> model.closeForm());
        HBox buttons = new HBox(8, submit, cancel);
        if (f == Form.VACATION) {
            Button off = new Button("Turn off");
            off.setId("form-vacation-off");
            off.disableProperty().bind(model.actionsDisabledProperty());
            off.setOnAction(e -> model.turnVacationOff());
            buttons.getChildren().add(1, off);
        }
        area.getChildren().addAll(heading, note, grid, problem, buttons);
    }

    private static final String QUOTA_HINT = "A whole number with a unit (K, M, G, T; 1G = 1024M), or none for no limit.";

    private Node passwordRow() {
        PasswordField pw = new PasswordField();
        pw.setId("form-password");
        pw.setPromptText("at least 10 characters");
        pw.textProperty().bindBidirectional(model.formPasswordProperty());
        HBox.setHgrow(pw, Priority.ALWAYS);
        Button generate = new Button("Generate");
        generate.setId("generate");
        generate.setMinWidth(Button.USE_PREF_SIZE);
        generate.setOnAction(e -> model.generatePassword());
        HBox row = new HBox(8, pw, generate);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Node shownPassword() {
        Label shown = new Label();
        shown.setId("shown-password");
        shown.getStyleClass().add("mono");
        shown.textProperty().bind(model.shownPasswordProperty());
        HBox row = new HBox(10, Ui.hint("Generated (copy it now for its owner):"), shown, Ui.copyButton(() -> model.shownPasswordProperty().get()));
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(model.shownPasswordProperty().isNotEmpty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    // ---- pending changes

    private Node pendingPane() {
        ListView<String> pending = new ListView<>(model.pending());
        pending.setId("pending");
        Label none = Ui.hint("Nothing staged. Changes you make are listed here and written to the server only when you press Apply.");
        none.setPadding(new javafx.geometry.Insets(8));
        pending.setPlaceholder(none);
        pending.setCellFactory(v -> {
            javafx.scene.control.ListCell<String> cell = new javafx.scene.control.ListCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                    super.updateItem(item, empty);
                    setText(empty || item == null ? null : item);
                }
            };
            cell.setWrapText(true);
            cell.setPrefWidth(0); // wrap to the list's width instead of scrolling sideways
            return cell;
        });
        pending.setPrefHeight(150);
        pending.setMinHeight(90);
        VBox diff = new VBox();
        diff.setId("diff");
        diff.getStyleClass().add("diff");
        Runnable fillDiff = () -> {
            diff.getChildren().clear();
            for (DiffLine line : model.diffLines()) {
                Label l = new Label(line.text().isEmpty() ? " " : line.text());
                l.getStyleClass().addAll("diff-line", "diff-" + line.kind().name().toLowerCase());
                l.setMaxWidth(Double.MAX_VALUE);
                diff.getChildren().add(l);
            }
        };
        model.diffLines().addListener((ListChangeListener<DiffLine>) c -> fillDiff.run());
        diff.visibleProperty().bind(model.diffProperty().isNotEmpty());
        ScrollPane diffScroll = new ScrollPane(diff);
        diffScroll.setId("diff-scroll");
        diffScroll.setFitToWidth(false); // long table lines scroll sideways rather than being cut
        diffScroll.getStyleClass().add("page-scroll");
        VBox.setVgrow(diffScroll, Priority.ALWAYS);

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label busyText = new Label();
        busyText.textProperty().bind(model.busyTextProperty());
        busyText.getStyleClass().add("status");
        HBox busy = new HBox(8, spinner, busyText);
        busy.setId("busy");
        busy.setAlignment(Pos.CENTER_LEFT);
        busy.visibleProperty().bind(model.busyProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button discard = new Button("Discard");
        discard.setId("discard");
        discard.disableProperty().bind(Bindings.isEmpty(model.pending()).or(model.busyProperty()));
        discard.setOnAction(e -> model.discard());
        Button apply = new Button("Apply");
        apply.setId("apply");
        apply.getStyleClass().add("primary");
        apply.disableProperty().bind(model.canApplyProperty().not());
        apply.setOnAction(e -> model.apply());
        HBox buttons = new HBox(10, busy, gap, discard, apply);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox box = new VBox(10, Ui.heading("Pending changes"), pending, Ui.heading("What Apply will change"),
                Ui.hint("Password hashes are secret and never shown."), diffScroll, buttons);
        box.getStyleClass().add("users-pending");
        return box;
    }

    // ---- connecting (opened for a server set up before)

    private Node connectForm() {
        GridPane grid = Ui.form();
        Ui.loginRows(grid, "connect", model, "With a key file: the sudo password, if the user is not root.");
        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.getStyleClass().add("primary");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(model.busyProperty());
        connect.setOnAction(e -> model.connect());
        Label busy = new Label();
        busy.textProperty().bind(model.busyTextProperty());
        busy.getStyleClass().add("status");
        HBox buttons = new HBox(12, connect, busy);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox box = Ui.page(Ui.heading("Log in to the server"),
                Ui.hint("Mailwright reads the mail tables over SSH. Nothing changes on the server until you press Apply."),
                grid, buttons);
        box.setId("connect-form");
        box.visibleProperty().bind(model.stateProperty().isEqualTo(State.NOT_CONNECTED));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    public UsersWindowModel model() {
        return model;
    }
}
