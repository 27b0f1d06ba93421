package org.mailwright.ui.wizard.users;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailwright.ui.wizard.SetupDraft.AliasRow;
import org.mailwright.ui.wizard.SetupDraft.Mailbox;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class UsersPage extends LazyPage<UsersPageModel> {
    public UsersPage(UsersPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        // mailboxes
        TableView<Mailbox> mailboxes = new TableView<>(model.draft().mailboxes);
        mailboxes.setId("mailboxes");
        mailboxes.setPlaceholder(new Label("No mailbox yet: add the first one below."));
        TableColumn<Mailbox, String> address = new TableColumn<>("Mailbox");
        address.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().address()));
        TableColumn<Mailbox, String> pw = new TableColumn<>("Password");
        pw.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty("set (stored as a bcrypt hash)"));
        mailboxes.getColumns().add(address);
        mailboxes.getColumns().add(pw);
        mailboxes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        mailboxes.setPrefHeight(120);
        Button removeMailbox = new Button("Remove");
        removeMailbox.setId("remove-mailbox");
        removeMailbox.disableProperty().bind(mailboxes.getSelectionModel().selectedItemProperty().isNull());
        removeMailbox.setOnAction(e -> model.removeMailbox(mailboxes.getSelectionModel().getSelectedItem()));

        TextField newAddress = new TextField();
        newAddress.setId("new-address");
        newAddress.setPromptText("you@" + model.draft().domainList().stream().findFirst().orElse("example.com"));
        newAddress.textProperty().bindBidirectional(model.newAddressProperty());
        HBox.setHgrow(newAddress, Priority.ALWAYS);
        PasswordField newPassword = new PasswordField();
        newPassword.setId("new-password");
        newPassword.setPromptText("password");
        newPassword.textProperty().bindBidirectional(model.newPasswordProperty());
        HBox.setHgrow(newPassword, Priority.ALWAYS);
        Button generate = new Button("Generate");
        generate.setId("generate");
        generate.setOnAction(e -> model.generatePassword());
        Button add = new Button("Add mailbox");
        add.setId("add-mailbox");
        add.getStyleClass().add("primary");
        add.disableProperty().bind(model.busyProperty());
        add.setOnAction(e -> model.addMailbox());
        HBox addRow = new HBox(8, newAddress, newPassword, generate, add);
        addRow.setAlignment(Pos.CENTER_LEFT);

        Label pwProblem = Ui.problem(model.passwordProblemProperty());
        pwProblem.setId("password-problem");
        HBox strengthRow = Ui.strengthMeter(model.strengthProperty(), model.newPasswordProperty());
        strengthRow.getChildren().add(pwProblem);

        Label shown = new Label();
        shown.setId("shown-password");
        shown.getStyleClass().add("mono");
        shown.textProperty().bind(model.shownPasswordProperty());
        Label shownWhat = Ui.text(Bindings.createStringBinding(() -> model.lastAddedAddressProperty().get().isEmpty()
                ? "Generated password (shown only now, copy it):"
                : "Password of " + model.lastAddedAddressProperty().get() + " (shown only now, copy it):",
                model.lastAddedAddressProperty()));
        HBox shownRow = new HBox(10, shownWhat, shown, Ui.copyButton(() -> model.shownPasswordProperty().get()));
        shownRow.setAlignment(Pos.CENTER_LEFT);
        shownRow.getStyleClass().add("notice");
        shownRow.visibleProperty().bind(model.shownPasswordProperty().isNotEmpty());
        shownRow.managedProperty().bind(shownRow.visibleProperty());
        Label mbProblem = Ui.problem(model.mailboxProblemProperty());
        mbProblem.setId("mailbox-problem");

        // aliases
        TableView<AliasRow> aliases = new TableView<>(model.draft().aliases);
        aliases.setId("aliases");
        aliases.setPlaceholder(new Label("No aliases."));
        TableColumn<AliasRow, String> from = new TableColumn<>("Alias");
        from.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().from()));
        TableColumn<AliasRow, String> to = new TableColumn<>("Delivers to");
        to.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(
                c.getValue().toText() + (c.getValue().required() ? "   (required)" : "")));
        aliases.getColumns().add(from);
        aliases.getColumns().add(to);
        aliases.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        aliases.setPrefHeight(170);
        Button removeAlias = new Button("Remove");
        removeAlias.setId("remove-alias");
        removeAlias.disableProperty().bind(aliases.getSelectionModel().selectedItemProperty().isNull());
        removeAlias.setOnAction(e -> model.removeAlias(aliases.getSelectionModel().getSelectedItem()));
        TextField aliasFrom = new TextField();
        aliasFrom.setId("alias-from");
        aliasFrom.setPromptText("info@example.com");
        aliasFrom.textProperty().bindBidirectional(model.newAliasFromProperty());
        TextField aliasTo = new TextField();
        aliasTo.setId("alias-to");
        aliasTo.setPromptText("you@example.com, other@example.org");
        aliasTo.textProperty().bindBidirectional(model.newAliasToProperty());
        HBox.setHgrow(aliasFrom, Priority.ALWAYS);
        HBox.setHgrow(aliasTo, Priority.ALWAYS);
        Button addAlias = new Button("Add alias");
        addAlias.setId("add-alias");
        addAlias.setOnAction(e -> model.addAlias());
        HBox aliasRow = new HBox(8, aliasFrom, new Label("\u2192"), aliasTo, addAlias, removeAlias);
        aliasRow.setAlignment(Pos.CENTER_LEFT);

        return Ui.page(
                Ui.heading("Mailboxes"),
                new VBox(8, mailboxes, new HBox(8, removeMailbox)),
                addRow, strengthRow, mbProblem, shownRow,
                Ui.heading("Aliases"),
                Ui.hint("abuse, noc, security, postmaster and hostmaster must exist for every domain (RFC 2142); "
                        + "they deliver to the domain's first mailbox unless you change them."),
                aliases, aliasRow, Ui.problem(model.aliasProblemProperty()));
    }
}
