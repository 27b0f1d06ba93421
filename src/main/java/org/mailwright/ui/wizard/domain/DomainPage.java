package org.mailwright.ui.wizard.domain;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class DomainPage extends LazyPage<DomainPageModel> {
    public DomainPage(DomainPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        TextField domains = new TextField();
        domains.setId("domains");
        domains.setPromptText("example.com");
        domains.textProperty().bindBidirectional(model.draft().domains);
        TextField hostname = new TextField();
        hostname.setId("hostname");
        hostname.textProperty().bindBidirectional(model.draft().hostname);
        TextField admin = new TextField();
        admin.setId("admin");
        admin.setPromptText("you@some-other-provider.example");
        admin.textProperty().bindBidirectional(model.draft().adminAddress);
        Label ip = new Label();
        ip.setId("server-ip");
        ip.getStyleClass().add("mono");
        ip.textProperty().bind(model.serverAddressProperty());

        GridPane form = Ui.form();
        Ui.row(form, "Mail domain(s)", domains);
        form.add(Ui.hint("Addresses will look like you@example.com. Several domains: separate them with commas."), 1, form.getRowCount());
        Ui.row(form, "Mail host name", hostname);
        form.add(Ui.hint("The server's own name. Mail apps connect to it; the certificate is made for it."), 1, form.getRowCount());
        Ui.row(form, "Your address", admin);
        form.add(Ui.hint("Where certificate expiry and delivery reports go. Best at another provider, in case this server is down."),
                1, form.getRowCount());
        Ui.row(form, "Server address", ip);
        return Ui.page(form);
    }
}
