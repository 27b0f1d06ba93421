package org.mailwright.ui.wizard.firewall;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class FirewallPage extends LazyPage<FirewallPageModel> {
    public FirewallPage(FirewallPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        GridPane table = new GridPane();
        table.setId("firewall-ports");
        table.getStyleClass().add("records");
        table.setHgap(18);
        table.setVgap(10);
        ColumnConstraints why = new ColumnConstraints();
        why.setHgrow(Priority.ALWAYS);
        table.getColumnConstraints().addAll(new ColumnConstraints(70), new ColumnConstraints(110), why);
        Runnable fill = () -> {
            table.getChildren().clear();
            table.addRow(0, header("Port"), header("Service"), header("Why it is open"));
            int r = 1;
            for (FirewallPageModel.Port p : model.ports()) {
                Label port = new Label(p.port());
                port.getStyleClass().add("mono");
                table.addRow(r++, port, new Label(p.service()), Ui.text(p.why()));
            }
        };
        model.ports().addListener((javafx.collections.ListChangeListener<FirewallPageModel.Port>) c -> fill.run());
        fill.run();
        javafx.scene.control.TextField extra = new javafx.scene.control.TextField();
        extra.setId("extra-ports");
        extra.setPromptText("none; e.g. 443, 8080");
        extra.textProperty().bindBidirectional(model.draft().extraPorts);
        javafx.scene.layout.GridPane form = Ui.form();
        Ui.row(form, "Also open (TCP)", extra);
        return Ui.page(table, Ui.heading("Your own ports"),
                Ui.hint("Ports for something else on this server (a web site, a monitoring agent), between commas."), form,
                Ui.hint("Mailwright uses ufw. It adds the SSH rule before it turns the firewall on, "
                        + "and refuses to turn it on if that rule is missing."));
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("table-header");
        return l;
    }
}
