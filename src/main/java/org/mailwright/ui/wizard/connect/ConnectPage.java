package org.mailwright.ui.wizard.connect;

import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.mailwright.model.Finding;
import org.mailwright.session.HostKeyQuestion.NewHostKey;
import org.mailwright.session.Paths;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class ConnectPage extends LazyPage<ConnectPageModel> {
    public ConnectPage(ConnectPageModel model) {
        super(model);
        model.setHostKeyDecider(ConnectPage::askTrust);
    }

    /** Asked on the FX thread while sshj's thread waits for the answer. */
    public static boolean askTrust(NewHostKey key) {
        ButtonType trust = new ButtonType("Trust and connect", ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", trust, cancel);
        a.setTitle("New server");
        a.setHeaderText("First connection to " + key.host() + ": is this really your server?");
        Label fp = new Label(key.fingerprint());
        fp.setId("host-key-fingerprint");
        fp.getStyleClass().add("mono");
        Label explain = Ui.text("Its " + key.keyType() + " host key fingerprint is shown below. Compare it with the one "
                + "your provider's console shows (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). If they match, "
                + "Mailwright remembers the key and will refuse a different one later.");
        explain.setMaxWidth(480);
        a.getDialogPane().setContent(new VBox(12, explain, fp));
        a.getDialogPane().getStylesheets().add(Ui.stylesheet());
        return a.showAndWait().orElse(cancel) == trust;
    }

    @Override
    protected Node build() {
        SetupDraft d = model.draft();
        TextField host = new TextField();
        host.setId("host");
        host.setPromptText("203.0.113.10 or server.example.com");
        host.textProperty().bindBidirectional(d.host);
        TextField port = new TextField();
        port.setId("port");
        port.setPrefColumnCount(6);
        port.setMaxWidth(90);
        port.textProperty().bindBidirectional(d.port);
        TextField user = new TextField();
        user.setId("user");
        user.setMaxWidth(200);
        user.textProperty().bindBidirectional(d.user);

        ToggleGroup how = new ToggleGroup();
        RadioButton byPassword = new RadioButton("Password");
        byPassword.setId("by-password");
        RadioButton byKey = new RadioButton("SSH key file");
        byKey.setId("by-key");
        byPassword.setToggleGroup(how);
        byKey.setToggleGroup(how);
        (d.useKey.get() ? byKey : byPassword).setSelected(true);
        how.selectedToggleProperty().addListener((o, was, now) -> d.useKey.set(now == byKey));
        d.useKey.addListener((o, was, now) -> (now ? byKey : byPassword).setSelected(true));

        PasswordField password = new PasswordField();
        password.setId("password");
        password.textProperty().bindBidirectional(model.passwordProperty());
        TextField keyPath = new TextField();
        keyPath.setId("key-path");
        keyPath.setPromptText("~/.ssh/id_ed25519");
        keyPath.textProperty().bindBidirectional(d.keyPath);
        HBox.setHgrow(keyPath, Priority.ALWAYS);
        Button browse = new Button("Choose...");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Private key");
            File ssh = Paths.home().resolve(".ssh").toFile();
            if (ssh.isDirectory()) {
                fc.setInitialDirectory(ssh);
            }
            File f = fc.showOpenDialog(browse.getScene().getWindow());
            if (f != null) {
                d.keyPath.set(f.getPath());
            }
        });
        HBox keyRow = new HBox(8, keyPath, browse);
        PasswordField passphrase = new PasswordField();
        passphrase.setId("passphrase");
        passphrase.setPromptText("only if the key has one");
        passphrase.textProperty().bindBidirectional(model.passphraseProperty());

        GridPane form = Ui.form();
        Ui.row(form, "Server address", host);
        Ui.row(form, "SSH port", port);
        Ui.row(form, "User", user);
        Ui.row(form, "Log in with", new HBox(18, byPassword, byKey));
        Label pwLabel = new Label("Password");
        Label keyLabel = new Label("Key file");
        Label ppLabel = new Label("Key passphrase");
        for (Label l : new Label[]{pwLabel, keyLabel, ppLabel}) {
            l.getStyleClass().add("field-label");
        }
        int r = form.getRowCount();
        form.add(pwLabel, 0, r);
        form.add(password, 1, r);
        form.add(keyLabel, 0, r + 1);
        form.add(keyRow, 1, r + 1);
        form.add(ppLabel, 0, r + 2);
        form.add(passphrase, 1, r + 2);
        for (Node n : new Node[]{keyLabel, keyRow, ppLabel, passphrase}) {
            n.visibleProperty().bind(d.useKey);
            n.managedProperty().bind(d.useKey);
        }
        // with a key, a password is still useful for sudo when the user is not root
        pwLabel.textProperty().bind(Bindings.when(d.useKey).then("sudo password").otherwise("Password"));
        password.promptTextProperty().bind(Bindings.when(d.useKey).then("only if the user is not root").otherwise(""));

        Button connect = new Button("Connect");
        connect.setId("connect");
        connect.getStyleClass().add("primary");
        connect.disableProperty().bind(model.busyProperty());
        connect.setOnAction(e -> model.connect());
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(model.busyProperty());
        Label message = Ui.text(model.messageProperty());
        message.setId("connect-message");
        message.getStyleClass().add("status");
        model.statusProperty().addListener((o, was, now) -> {
            message.getStyleClass().removeAll("stop", "problem");
            if (now == ConnectPageModel.Status.HOST_KEY_CHANGED) {
                message.getStyleClass().add("stop");
            } else if (now == ConnectPageModel.Status.FAILED) {
                message.getStyleClass().add("problem");
            }
        });
        HBox actions = new HBox(12, connect, spinner);
        actions.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        VBox findings = new VBox(8);
        findings.setId("preflight-findings");
        model.findings().addListener((javafx.collections.ListChangeListener<Finding>) c -> {
            findings.getChildren().clear();
            if (!model.findings().isEmpty()) {
                findings.getChildren().add(Ui.heading("What the server looks like"));
            }
            model.findings().forEach(f -> findings.getChildren().add(Ui.finding(f)));
        });
        return Ui.page(form, actions, message, findings);
    }
}
