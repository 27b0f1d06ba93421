package org.mailwright.ui.wizard.tls;

import java.io.File;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.mailwright.ui.wizard.LazyPage;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.tls.TlsPageModel.Choice;

public final class TlsPage extends LazyPage<TlsPageModel> {
    public TlsPage(TlsPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        SetupDraft d = model.draft();
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(14);
        for (Choice c : Choice.values()) {
            RadioButton b = new RadioButton(switch (c) {
                case LETS_ENCRYPT -> "Let's Encrypt (certbot)";
                case OTHER_ACME -> "Another ACME server (certbot)";
                case SELF_SIGNED -> "Self-signed certificate";
                case EXISTING -> "A certificate already on the server";
            });
            // the ids the lab's wizard test clicks: the mode's name, and one of its own for another ACME server
            b.setId(c == Choice.OTHER_ACME ? "tls-other-acme" : "tls-" + c.mode().name().toLowerCase());
            b.setToggleGroup(group);
            b.setUserData(c);
            b.setSelected(model.choiceProperty().get() == c);
            Label why = Ui.hint(TlsPageModel.explain(c));
            why.setPadding(new javafx.geometry.Insets(0, 0, 0, 26));
            choices.getChildren().add(new VBox(4, b, why));
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                model.choiceProperty().set((Choice) now.getUserData());
            }
        });
        model.choiceProperty().addListener((o, was, now) -> group.getToggles().stream()
                .filter(t -> t.getUserData() == now).findFirst().ifPresent(t -> t.setSelected(true)));

        TextField email = new TextField();
        email.setId("tls-email");
        email.textProperty().bindBidirectional(d.tlsEmail);
        GridPane certbot = Ui.form();
        Ui.row(certbot, "Notices to", email);
        certbot.visibleProperty().bind(model.choiceProperty().isEqualTo(Choice.LETS_ENCRYPT)
                .or(model.choiceProperty().isEqualTo(Choice.OTHER_ACME)));
        certbot.managedProperty().bind(certbot.visibleProperty());

        TextField server = new TextField();
        server.setId("tls-acme-server");
        server.setPromptText("https://acme.example.com/directory");
        server.textProperty().bindBidirectional(d.acmeServer);
        TextField ca = new TextField();
        ca.setId("tls-acme-ca");
        ca.setPromptText("optional: its CA certificate (PEM)");
        ca.textProperty().bindBidirectional(d.acmeCa);
        HBox.setHgrow(ca, Priority.ALWAYS);
        Button browse = new Button("Choose...");
        browse.setId("tls-acme-ca-browse");
        browse.setMinWidth(Button.USE_PREF_SIZE);
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("The ACME server's CA certificate");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("PEM certificates", "*.pem", "*.crt"),
                    new FileChooser.ExtensionFilter("All files", "*"));
            File f = fc.showOpenDialog(browse.getScene().getWindow());
            if (f != null) {
                d.acmeCa.set(f.getAbsolutePath());
            }
        });
        HBox caRow = new HBox(8, ca, browse);
        caRow.setAlignment(Pos.CENTER_LEFT);
        GridPane acme = Ui.form();
        Ui.row(acme, "ACME directory", server);
        Ui.row(acme, "CA file", caRow);
        acme.visibleProperty().bind(model.choiceProperty().isEqualTo(Choice.OTHER_ACME));
        acme.managedProperty().bind(acme.visibleProperty());

        TextField cert = new TextField();
        cert.setId("tls-cert");
        cert.setPromptText("/etc/ssl/mail/fullchain.pem");
        cert.textProperty().bindBidirectional(d.certPath);
        TextField key = new TextField();
        key.setId("tls-key");
        key.setPromptText("/etc/ssl/mail/privkey.pem");
        key.textProperty().bindBidirectional(d.certKeyPath);
        GridPane existing = Ui.form();
        Ui.row(existing, "Certificate chain", cert);
        Ui.row(existing, "Private key", key);
        existing.visibleProperty().bind(model.choiceProperty().isEqualTo(Choice.EXISTING));
        existing.managedProperty().bind(existing.visibleProperty());

        return Ui.page(choices, certbot, acme, existing);
    }
}
