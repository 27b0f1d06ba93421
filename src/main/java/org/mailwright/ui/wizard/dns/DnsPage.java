package org.mailwright.ui.wizard.dns;

import java.io.File;
import java.io.IOException;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.mailwright.model.Finding;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class DnsPage extends LazyPage<DnsPageModel> {
    public DnsPage(DnsPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        GridPane table = new GridPane();
        table.setId("dns-records");
        table.getStyleClass().add("records");
        table.setHgap(12);
        table.setVgap(8);
        // names are what people copy: they wrap only between their labels (an IPv6 PTR name is 72 characters), and
        // the column never gives way to a long value (the DKIM key after install squeezed it to 22 px); the value wraps
        ColumnConstraints name = new ColumnConstraints();
        name.setMinWidth(NAME_MIN);
        name.setMaxWidth(NAME_MAX);
        ColumnConstraints type = new ColumnConstraints();
        type.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints value = new ColumnConstraints();
        value.setHgrow(Priority.ALWAYS);
        value.setMinWidth(160);
        value.setPrefWidth(160);
        ColumnConstraints ttl = new ColumnConstraints();
        ttl.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        ColumnConstraints statusCol = new ColumnConstraints();
        statusCol.setMinWidth(104);
        ColumnConstraints copy = new ColumnConstraints();
        copy.setMinWidth(70);
        table.getColumnConstraints().addAll(name, type, value, ttl, statusCol, copy);
        Runnable fill = () -> fill(table);
        model.rows().addListener((javafx.collections.ListChangeListener<DnsPageModel.Row>) c -> fill.run());
        fill.run();

        Button recheck = new Button("Check again");
        recheck.setId("dns-recheck");
        recheck.disableProperty().bind(model.checkingProperty());
        recheck.setOnAction(e -> model.recheck());
        recheck.setMinWidth(javafx.scene.control.Button.USE_PREF_SIZE);
        Button export = new Button("Export zone snippet...");
        export.setId("dns-export");
        export.setOnAction(e -> export(export));
        export.setMinWidth(javafx.scene.control.Button.USE_PREF_SIZE);
        Label status = Ui.hint("");
        status.textProperty().bind(model.statusProperty());
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox actions = new HBox(10, recheck, export, status);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label consequences = Ui.problem(model.consequencesProperty());
        consequences.setId("dns-consequences");
        VBox other = new VBox(8);
        model.otherFindings().addListener((javafx.collections.ListChangeListener<Finding>) c -> {
            other.getChildren().clear();
            model.otherFindings().forEach(f -> other.getChildren().add(Ui.finding(f)));
        });
        VBox provider = new VBox(8);
        if (model.choosesProvider()) {
            provider.getChildren().addAll(Ui.heading("Who publishes the records"), providerForm());
        }
        return Ui.page(actions, table, consequences, other, provider,
                Ui.heading("Reverse DNS and port 25"),
                Ui.text("The PTR record is not set at your DNS provider but at your hosting provider (often called "
                        + "\"reverse DNS\" or \"rDNS\" in its control panel): set it to the mail host name. Many hosting "
                        + "providers block outgoing port 25 on new servers; if Verify reports it blocked, ask their support "
                        + "to open it for mail. Until then you can receive mail but not send it."));
    }

    /**
     * The DNS provider: "I publish the records myself", or a provider's API with its API token file (RFC 2136: the
     * server and the TSIG key file). Files only: the token is never typed into, or shown in, the window.
     */
    private Node providerForm() {
        javafx.scene.control.ComboBox<String> choice = new javafx.scene.control.ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(""),
                        org.mailwright.model.ServerSpec.DnsProviderSettings.PROVIDERS.stream()).toList()));
        choice.setId("dns-provider");
        choice.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(String p) {
                return p == null || p.isEmpty() ? "I publish the records myself" : p.equals("rfc2136")
                        ? "My own DNS server (RFC 2136 with a TSIG key)" : PublishModel.providerTitle(p);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        choice.valueProperty().bindBidirectional(model.providerProperty());
        GridPane form = Ui.form();
        Ui.row(form, "DNS provider", choice);
        HBox token = fileRow("dns-token-file", "the file holding the API token alone", model.tokenFileProperty(), "The API token file");
        javafx.scene.control.TextField serverField = Ui.boundField("dns-server", "ns1.example.net or ns1.example.net:53", model.serverProperty());
        HBox.setHgrow(serverField, Priority.ALWAYS);
        HBox server = new HBox(serverField);
        HBox key = fileRow("dns-key-file", "the key file tsig-keygen wrote", model.keyFileProperty(), "The TSIG key file");
        // one form per kind of provider, so the hidden one leaves no gap
        GridPane httpsForm = Ui.form();
        Ui.row(httpsForm, "API token file", token);
        GridPane rfc2136Form = Ui.form();
        Ui.row(rfc2136Form, "DNS server", server);
        Ui.row(rfc2136Form, "TSIG key file", key);
        javafx.beans.binding.BooleanBinding https = model.providerProperty().isNotEmpty().and(model.providerProperty().isNotEqualTo("rfc2136"));
        javafx.beans.binding.BooleanBinding rfc2136 = model.providerProperty().isEqualTo("rfc2136");
        httpsForm.visibleProperty().bind(https);
        httpsForm.managedProperty().bind(https);
        rfc2136Form.visibleProperty().bind(rfc2136);
        rfc2136Form.managedProperty().bind(rfc2136);
        Label problem = Ui.problem(model.providerProblemProperty());
        problem.setId("dns-provider-problem");
        Label hint = Ui.hint("");
        hint.textProperty().bind(javafx.beans.binding.Bindings.when(model.providerProperty().isEmpty())
                .then("Copy each record into your DNS provider's web form, or import the zone snippet. Or choose your DNS "
                        + "provider: after the install, Publish on this page (or the dashboard's DNS tab) shows each change, "
                        + "then publishes the records there.")
                .otherwise("The API token or TSIG key stays in its file on this computer: Mailwright reads it only to "
                        + "publish, never shows it and never writes it into the setup. After the install, Publish here (or on the "
                        + "dashboard's DNS tab) shows each change, then publishes the records."));
        Button publish = new Button();
        publish.setId("dns-publish");
        publish.getStyleClass().add("primary");
        publish.setMinWidth(Button.USE_PREF_SIZE);
        publish.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> "Publish at "
                + PublishModel.providerTitle(model.providerProperty().get()) + "...", model.providerProperty()));
        publish.visibleProperty().bind(model.publishOfferedProperty());
        publish.managedProperty().bind(publish.visibleProperty());
        publish.setOnAction(e -> PublishDialog.open(publish.getScene().getWindow(), model.publishModel()));
        return new VBox(10, form, httpsForm, rfc2136Form, problem, hint, publish);
    }

    /** A path field with a Choose... button: the file is named, never opened here. */
    private HBox fileRow(String id, String prompt, javafx.beans.property.StringProperty value, String title) {
        javafx.scene.control.TextField field = Ui.boundField(id, prompt, value);
        HBox.setHgrow(field, Priority.ALWAYS);
        Button choose = new Button("Choose...");
        choose.setId(id + "-choose");
        choose.setMinWidth(Button.USE_PREF_SIZE);
        choose.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            File f = fc.showOpenDialog(choose.getScene().getWindow());
            if (f != null) {
                value.set(f.getPath());
            }
        });
        HBox row = new HBox(8, field, choose);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void fill(GridPane table) {
        table.getChildren().clear();
        int r = 0;
        for (String h : new String[]{"Name", "Type", "Value", "TTL", "Status", ""}) {
            Label l = new Label(h);
            l.getStyleClass().add("table-header");
            table.add(l, r++, 0);
        }
        int row = 1;
        for (DnsPageModel.Row rec : model.rows()) {
            Label n = new Label(breakableName(rec.name()));
            n.getStyleClass().addAll("mono", "record-name");
            n.setWrapText(true); // at the dots only: never "mai / l.e / xam..."
            n.setMinHeight(Label.USE_PREF_SIZE);
            Label t = new Label(rec.type());
            t.getStyleClass().add("mono");
            t.setMinWidth(Label.USE_PREF_SIZE);
            Label v = new Label(rec.value());
            v.getStyleClass().add(rec.placeholder() ? "hint" : "mono");
            v.setWrapText(true);
            v.setMaxWidth(Double.MAX_VALUE);
            v.setPrefWidth(160); // wraps to the room left; its one-line width would push the other columns aside
            v.setMinHeight(Label.USE_PREF_SIZE);
            Label ttl = new Label(rec.ttl());
            ttl.getStyleClass().add("mono");
            ttl.setMinWidth(Label.USE_PREF_SIZE);
            Node status = rec.placeholder() ? Ui.pendingBadge("At install")
                    : rec.status() == null ? Ui.pendingBadge("Not checked") : Ui.badge(rec.status());
            if (rec.status() != null && !rec.detail().isBlank()) {
                javafx.scene.control.Tooltip.install(status, new javafx.scene.control.Tooltip(rec.detail()));
            }
            if (rec.provider()) {
                v.setText(rec.value() + "   (set at your hosting provider)");
            }
            javafx.scene.control.Button copy = Ui.copyButton(rec::asText);
            copy.setTooltip(new javafx.scene.control.Tooltip("Copy the whole record: name, type, value and TTL"));
            table.addRow(row++, n, t, v, ttl, status, rec.placeholder() ? new Label() : copy);
        }
    }

    /** Room for "dkim._domainkey." and any common label; a 63-character label is rare enough to wrap. */
    static final double NAME_MIN = 150;
    static final double NAME_MAX = 270;

    /**
     * The name with a zero-width space after each dot: JavaFX wraps text only where a line may break, so a name wraps
     * between its labels and never inside one. Copy takes the record's own name, without these.
     */
    static String breakableName(String name) {
        return name.replace(".", ".\u200B");
    }

    private void export(Node owner) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Save zone snippet");
        fc.setInitialFileName("mail-records.zone");
        File f = fc.showSaveDialog(owner.getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            model.exportZoneSnippet(f.toPath());
        } catch (IOException e) {
            new Alert(Alert.AlertType.ERROR, "Could not save " + f + ": " + e.getMessage()).showAndWait();
        }
    }
}
