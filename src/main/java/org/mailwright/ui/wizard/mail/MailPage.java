package org.mailwright.ui.wizard.mail;

import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.GridPane;
import javafx.util.StringConverter;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class MailPage extends LazyPage<MailPageModel> {
    public MailPage(MailPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        SetupDraft d = model.draft();
        GridPane spam = Ui.form();
        Ui.row(spam, "Reject above", spinner("spam-reject", d.spamReject));
        Ui.row(spam, "Mark as spam above", spinner("spam-add-header", d.spamAddHeader));
        Ui.row(spam, "Greylist above", spinner("spam-greylist", d.spamGreylist));

        GridPane filters = Ui.form();
        Ui.row(filters, "Dynamic IP ranges", policy("filter-dyndns", d.filterDyndns));
        Ui.row(filters, "No reverse DNS", policy("filter-rdns", d.filterRdns));
        Ui.row(filters, "Reverse DNS mismatch", policy("filter-fcrdns", d.filterFcrdns));
        Ui.row(filters, "Bad sender score", policy("filter-senderscore", d.filterSenderscore));

        ChoiceBox<Integer> bits = new ChoiceBox<>();
        bits.setId("dkim-bits");
        bits.getItems().setAll(MailPageModel.DKIM_SIZES);
        bits.setConverter(new StringConverter<>() {
            @Override
            public String toString(Integer b) {
                return b == null ? "" : b + " bits" + (b == 2048 ? " (recommended)" : b == 1024 ? " (weak)" : "");
            }

            @Override
            public Integer fromString(String s) {
                return Integer.valueOf(s.split(" ")[0]);
            }
        });
        bits.setValue(d.dkimBits.get());
        bits.valueProperty().addListener((o, was, now) -> d.dkimBits.set(now));
        GridPane dkim = Ui.form();
        Ui.row(dkim, "DKIM key size", bits);

        Node problem = Ui.problem(model.invalidReasonProperty());
        return Ui.page(
                Ui.heading("Spam scores"),
                Ui.hint("rspamd scores every incoming message. Higher scores are more likely spam; the three limits must rise."),
                spam, problem,
                Ui.heading("Connection filters"),
                Ui.hint("Checks on the sending server before a message is accepted."),
                filters,
                Ui.heading("Signing"),
                Ui.hint("Outgoing mail is signed with DKIM so receivers can tell it is really from you."),
                dkim);
    }

    private static Spinner<Double> spinner(String id, javafx.beans.property.DoubleProperty value) {
        Spinner<Double> s = new Spinner<>();
        s.setId(id);
        SpinnerValueFactory.DoubleSpinnerValueFactory f = new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 100, value.get(), 0.5);
        s.setValueFactory(f);
        s.setEditable(true);
        s.setPrefWidth(110);
        f.valueProperty().addListener((o, was, now) -> {
            if (now != null) {
                value.set(now);
            }
        });
        value.addListener((o, was, now) -> f.setValue(now.doubleValue()));
        return s;
    }

    private static ChoiceBox<FilterPolicy> policy(String id, ObjectProperty<FilterPolicy> value) {
        ChoiceBox<FilterPolicy> c = new ChoiceBox<>();
        c.setId(id);
        c.getItems().setAll(MailPageModel.POLICIES);
        c.setConverter(new StringConverter<>() {
            @Override
            public String toString(FilterPolicy p) {
                return p == null ? "" : switch (p) {
                    case JUNK -> "Junk folder";
                    case REJECT -> "Reject";
                    case OFF -> "Off";
                } + "  \u2013 " + MailPageModel.explain(p);
            }

            @Override
            public FilterPolicy fromString(String s) {
                return null;
            }
        });
        c.valueProperty().bindBidirectional(value);
        return c;
    }
}
