package org.mailwright.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.model.PasswordPolicy;
import org.mailwright.logging.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Reads a password (a prompt on a terminal, else one line of stdin) and prints a bcrypt hash for a spec. */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Reads a mailbox password on stdin and prints its bcrypt hash for the spec's password-hash.",
                "On a terminal it asks twice without echo.", "Example: ./mailwright hash-password < secret.txt"})
public final class HashPasswordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String password;
        Console console = System.console();
        if (console != null) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Again: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                spec.commandLine().getErr().println("The two passwords differ; nothing was hashed.");
                return MailwrightCommand.BAD_INPUT;
            }
            password = new String(first);
            Arrays.fill(first, '\0');
            Arrays.fill(second, '\0');
        } else {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            password = in.readLine();
            if (password == null) {
                spec.commandLine().getErr().println("No password on stdin.");
                return MailwrightCommand.BAD_INPUT;
            }
        }
        Secrets.register(password);
        var problem = PasswordPolicy.problem(password);
        if (problem.isPresent()) {
            spec.commandLine().getErr().println("Not hashed: " + problem.get() + ".");
            return MailwrightCommand.BAD_INPUT;
        }
        spec.commandLine().getOut().println(PasswordHasher.hash(password));
        return MailwrightCommand.OK;
    }
}
