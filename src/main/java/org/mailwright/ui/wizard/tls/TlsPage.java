package org.mailwright.ui.wizard.tls;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class TlsPage extends LazyPage<TlsPageModel> {
    public TlsPage(TlsPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        SetupDraft d = model.draft();
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(14);
        for (TlsMode mode : TlsMode.values()) {
            RadioButton b = new RadioButton(switch (mode) {
                case CERTBOT -> "Let's Encrypt (certbot)";
                case SELF_SIGNED -> "Self-signed certificate";
                case EXISTING -> "A certificate already on the server";
            });
            b.setId("tls-" + mode.name().toLowerCase());
            b.setToggleGroup(group);
            b.setUserData(mode);
            b.setSelected(d.tlsMode.get() == mode);
            Label why = Ui.hint(TlsPageModel.explain(mode));
            why.setPadding(new javafx.geometry.Insets(0, 0, 0, 26));
            choices.getChildren().add(new VBox(4, b, why));
        }
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now != null) {
                d.tlsMode.set((TlsMode) now.getUserData());
            }
        });

        TextField email = new TextField();
        email.setId("tls-email");
        email.textProperty().bindBidirectional(d.tlsEmail);
        GridPane certbot = Ui.form();
        Ui.row(certbot, "Notices to", email);
        certbot.visibleProperty().bind(d.tlsMode.isEqualTo(TlsMode.CERTBOT));
        certbot.managedProperty().bind(certbot.visibleProperty());

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
        existing.visibleProperty().bind(d.tlsMode.isEqualTo(TlsMode.EXISTING));
        existing.managedProperty().bind(existing.visibleProperty());

        return Ui.page(choices, certbot, existing);
    }
}
