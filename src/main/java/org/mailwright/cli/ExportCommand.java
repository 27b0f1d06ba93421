package org.mailwright.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.mailwright.export.ClientAccount;
import org.mailwright.export.ClientExporter;
import org.mailwright.export.ClientSettings;
import org.mailwright.export.ExportFormat;
import org.mailwright.export.ExportOptions;
import org.mailwright.model.ServerSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Writes what each mailbox's owner needs to set up a mail client: text, a printable page and autoconfig files. */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Client settings for every mailbox (text, HTML, Thunderbird, Apple, Outlook); no server needed.",
        description = {"Client settings for the spec's mailboxes: text, a printable HTML page, Thunderbird autoconfig,",
                "an Apple profile (.mobileconfig) and an Outlook autodiscover response. Nothing is sent to the server.",
                "Without --out the text settings are printed.",
                "Exit status: 0 done, 1 files could not be written, 2 bad input."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec cmd;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The server spec (YAML), see README.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Write the files into DIR: a folder per mailbox and per domain.")
    Path out;

    @Option(names = "--user", paramLabel = "ADDRESS", description = "Only this mailbox.")
    String user;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "text, html, thunderbird, apple, outlook or all (default: all with --out, else text).")
    String format;

    @Option(names = "--include-password",
            description = "Put the mailbox password, read from stdin, into the .mobileconfig (needs one mailbox: --user).")
    boolean includePassword;

    private final InputStream stdin;

    public ExportCommand() {
        this(System.in);
    }

    /** With another stdin, for tests. */
    ExportCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PrintWriter o = cmd.commandLine().getOut();
        PrintWriter err = cmd.commandLine().getErr();
        Optional<ServerSpec> read = SpecFiles.read(specFile, err);
        if (read.isEmpty()) {
            return MailwrightCommand.BAD_INPUT;
        }
        ServerSpec spec = read.get();
        Set<ExportFormat> formats;
        if (format == null) {
            formats = out == null ? EnumSet.of(ExportFormat.TEXT) : EnumSet.allOf(ExportFormat.class);
        } else if (format.strip().equalsIgnoreCase("all")) {
            formats = EnumSet.allOf(ExportFormat.class);
        } else {
            Optional<ExportFormat> f = ExportFormat.byName(format);
            if (f.isEmpty()) {
                err.println("Unknown format '" + format + "': use text, html, thunderbird, apple, outlook or all.");
                return MailwrightCommand.BAD_INPUT;
            }
            formats = EnumSet.of(f.get());
        }
        ExportOptions options = ExportOptions.defaults().withFormats(formats);
        if (user != null) {
            options = options.withUser(user);
        }
        List<ClientAccount> accounts;
        try {
            accounts = ClientExporter.accounts(spec, options);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return MailwrightCommand.BAD_INPUT;
        }
        if (accounts.isEmpty()) {
            err.println("The spec has no mailboxes (users:), so there are no client settings to export.");
            return MailwrightCommand.BAD_INPUT;
        }
        if (includePassword) {
            if (!formats.contains(ExportFormat.APPLE)) {
                err.println("--include-password only goes into the Apple profile: use --format apple or all.");
                return MailwrightCommand.BAD_INPUT;
            }
            if (accounts.size() != 1) {
                err.println("--include-password needs one mailbox: choose it with --user ADDRESS.");
                return MailwrightCommand.BAD_INPUT;
            }
            String address = accounts.get(0).address();
            Optional<String> password = readPassword(address, err);
            if (password.isEmpty()) {
                return MailwrightCommand.BAD_INPUT;
            }
            // a profile with a wrong password fails on the phone, long after this: check it against the spec's hash now
            boolean matches = spec.users().stream().filter(u -> u.address().equals(address))
                    .anyMatch(u -> org.mailwright.accounts.PasswordHasher.matches(password.get(), u.passwordHash()));
            if (!matches) {
                err.println("That is not the password of " + address + " in the spec (its password-hash does not match); nothing was"
                        + " exported. If the password was changed on the server, bring the spec up to date with spec pull first.");
                return MailwrightCommand.BAD_INPUT;
            }
            options = options.withPassword(accounts.get(0).address(), password.get());
        }
        return out == null ? print(spec, accounts, formats, options, o, err) : write(spec, options, o, err);
    }

    private int print(ServerSpec spec, List<ClientAccount> accounts, Set<ExportFormat> formats, ExportOptions options,
                      PrintWriter o, PrintWriter err) {
        if (formats.size() != 1) {
            err.println("--format all makes several files: give a folder with --out DIR.");
            return MailwrightCommand.BAD_INPUT;
        }
        ExportFormat f = formats.iterator().next();
        if (f != ExportFormat.TEXT && accounts.size() != 1) {
            err.println("Only one " + f.cliName() + " document can be printed: choose a mailbox with --user, or use --out DIR.");
            return MailwrightCommand.BAD_INPUT;
        }
        ClientSettings settings = ClientSettings.from(spec);
        for (int i = 0; i < accounts.size(); i++) {
            if (i > 0) {
                o.println();
            }
            o.print(ClientExporter.render(f, settings, accounts.get(i), options));
        }
        o.flush();
        return MailwrightCommand.OK;
    }

    private int write(ServerSpec spec, ExportOptions options, PrintWriter o, PrintWriter err) {
        List<Path> files;
        try {
            files = ClientExporter.exportAll(spec, out, options);
        } catch (IOException e) {
            err.println("Could not write the settings into " + out + ": " + e.getMessage());
            return MailwrightCommand.FAILED;
        }
        o.println("Wrote " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " into " + out + ":");
        files.forEach(f -> o.println("  " + out.relativize(f)));
        if (!options.passwords().isEmpty()) {
            o.println("The .mobileconfig holds the password (readable only by you): delete it once the profile is installed.");
        }
        if (options.formats().contains(ExportFormat.THUNDERBIRD) || options.formats().contains(ExportFormat.OUTLOOK)) {
            o.println("Each domain's " + ClientExporter.DOMAIN_NOTE + " says where to host its autoconfig files.");
        }
        o.flush();
        return MailwrightCommand.OK;
    }

    /** From a no-echo prompt on a terminal, else the first line of stdin: never from the command line (ps, history). */
    private Optional<String> readPassword(String address, PrintWriter err) {
        String password;
        Console console = System.console();
        if (console != null && stdin == System.in) {
            char[] p = console.readPassword("Password of %s: ", address);
            password = p == null ? null : new String(p);
        } else {
            try {
                password = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                err.println("Could not read the password from stdin: " + e.getMessage());
                return Optional.empty();
            }
        }
        if (password == null || password.isEmpty()) {
            err.println("No password on stdin; nothing was exported.");
            return Optional.empty();
        }
        org.mailwright.logging.Secrets.register(password);
        return Optional.of(password);
    }
}
