package org.mailwright;

import org.mailwright.cli.MailwrightCommand;

/**
 * Without arguments Mailwright opens its window; with a sub-command it is the command line tool. This class must not
 * touch JavaFX itself: a main class that extends Application fails on the class path ("JavaFX runtime components
 * are missing"), and the CLI must work on a server without a display.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            org.mailwright.ui.MailwrightApp.launchApp(args);
            return;
        }
        System.exit(MailwrightCommand.execute(args));
    }
}
