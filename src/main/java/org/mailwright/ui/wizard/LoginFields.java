package org.mailwright.ui.wizard;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;

/**
 * The login form's values, as a view model that logs in to a server holds them (the users window, the dashboard), so
 * one piece of view code ({@link Ui#loginRows}) lays out the same fields for both. Which values make a login is
 * {@link org.mailwright.session.Login#formProblem}'s rule, not this interface's.
 */
public interface LoginFields {
    /** Host name or address, as typed. */
    StringProperty hostProperty();

    /** SSH port, as typed (checked as 1-65535 by the login rule). */
    StringProperty portProperty();

    /** The SSH user. */
    StringProperty userProperty();

    /** Whether a key file is used instead of a password. */
    BooleanProperty useKeyProperty();

    /** The private key's path (~ allowed). */
    StringProperty keyPathProperty();

    /** The key's passphrase; never saved. */
    StringProperty passphraseProperty();

    /** The SSH password, or with a key the sudo password of a user that is not root; never saved. */
    StringProperty passwordProperty();
}
