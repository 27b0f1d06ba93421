package org.mailwright.ui.wizard.welcome;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.layout.VBox;
import org.mailwright.ui.profiles.ServerProfile;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class WelcomePage extends LazyPage<WelcomePageModel> {
    private final ManageUsers users;
    private final Runnable next;
    private Button restore;

    /** @param users opens the server dashboard for "Manage an existing server..." */
    public WelcomePage(WelcomePageModel model, ManageUsers users) {
        this(model, users, () -> {
        });
    }

    /**
     * @param users opens the server dashboard for "Manage an existing server..."
     * @param next  goes on to the next page (the wizard's Next), after "Restore from a backup..." chose the restore
     */
    public WelcomePage(WelcomePageModel model, ManageUsers users, Runnable next) {
        super(model);
        this.users = users;
        this.next = next;
    }

    /** "Restore from a backup..." beside Start: the other way through the wizard. */
    @Override
    public java.util.List<Node> barActions() {
        if (restore == null) {
            restore = new Button("Restore from a backup...");
            restore.setId("restore-from-backup");
            restore.setMinWidth(Button.USE_PREF_SIZE);
            restore.setOnAction(e -> {
                model.chooseRestore();
                next.run();
            });
        }
        return java.util.List.of(restore);
    }

    @Override
    protected Node build() {
        VBox recent = new VBox(6);
        recent.getStyleClass().add("recent");
        // its heading and hint are made once there is a server to list: a first start, which has none, then styles
        // none of them before its window shows (every node in the scene is styled, shown or not)
        VBox recentBox = new VBox(8);
        Runnable fill = () -> {
            recent.getChildren().clear();
            for (ServerProfile p : model.recentServers()) {
                Button b = new Button(p.label());
                b.getStyleClass().add("link-button");
                b.setOnAction(e -> model.use(p));
                recent.getChildren().add(b);
            }
            if (!recent.getChildren().isEmpty() && recentBox.getChildren().isEmpty()) {
                recentBox.getChildren().setAll(Ui.heading("Servers you set up before"), Ui.hint("Pick one to fill in its details."), recent);
            }
        };
        model.recentServers().addListener((javafx.collections.ListChangeListener<ServerProfile>) c -> fill.run());
        fill.run();
        recentBox.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.recentServers()));
        recentBox.managedProperty().bind(recentBox.visibleProperty());
        Button manage = new Button("Manage an existing server...");
        manage.setId("manage-existing");
        manage.setOnAction(e -> users.open(manage.getScene().getWindow(), model.manageExistingServer()));
        VBox manageBox = new VBox(8, Ui.heading("Set up already?"),
                Ui.hint("See how a server Mailwright set up before is doing: its checks, mail queue and the trail of a message; "
                        + "manage its mailboxes, aliases and domains, its backups and DNS records."), manage);
        VBox restoreBox = new VBox(8, Ui.heading("Moving to a new server?"),
                Ui.hint("Restore from a backup, beside Start, puts a backup onto a fresh server: the mail with its flags, the "
                        + "mailboxes with their passwords, the aliases and the DKIM key. You need the backup folder and the "
                        + "recovery sheet."));
        return Ui.page(
                Ui.heading("What will happen"),
                Ui.text("Mailwright logs in to your server over SSH, checks it, and shows you every change before it "
                        + "makes it. Then it installs and configures OpenSMTPD (sending and receiving), Dovecot (your "
                        + "mailboxes), rspamd (spam filtering and DKIM signing), a TLS certificate and a firewall. "
                        + "At the end it checks everything and tells you how to set up your mail apps."),
                Ui.heading("What you need"),
                Ui.text("\u2022  A domain name you control, and access to its DNS settings.\n"
                        + "\u2022  A fresh server running Debian 12 or 13, with a public IP address.\n"
                        + "\u2022  Its root password, or an SSH key that can log in as root (or a sudo user)."),
                Ui.hint("About 15 minutes. You can stop at any point: nothing changes on the server before the Install step."),
                recentBox, manageBox, restoreBox);
    }
}
