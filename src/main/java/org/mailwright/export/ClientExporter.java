package org.mailwright.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.MailUser;

/**
 * Writes the client settings of a spec's mailboxes into a folder:
 * <pre>
 * DIR/john@example.com/settings.txt, settings.html, john@example.com.mobileconfig, autodiscover.xml
 * DIR/example.com/autoconfig/config-v1.1.xml   (once per domain)
 * DIR/example.com/README.txt                   (where to host the autoconfig and autodiscover files)
 * DIR/zone-snippet.txt                         (only when a snippet is given)
 * </pre>
 * Files that contain a password are created readable by their owner only (0600) where the file system has POSIX
 * permissions.
 */
public final class ClientExporter {
    private ClientExporter() {
    }

    public static final String TEXT_FILE = "settings.txt";
    public static final String HTML_FILE = "settings.html";
    public static final String ZONE_FILE = "zone-snippet.txt";
    public static final String DOMAIN_NOTE = "README.txt";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /**
     * The mailboxes the options select, each with its display name.
     *
     * @throws IllegalArgumentException when the options name a mailbox the spec does not have
     */
    public static List<ClientAccount> accounts(ServerSpec spec, ExportOptions options) {
        List<ClientAccount> out = new ArrayList<>();
        for (MailUser u : spec.users()) {
            if (options.user().isEmpty() || options.user().get().equals(u.address())) {
                out.add(new ClientAccount(u.address(), options.displayNames().getOrDefault(u.address(), u.address())));
            }
        }
        if (options.user().isPresent() && out.isEmpty()) {
            throw new IllegalArgumentException("The spec has no mailbox " + options.user().get() + " (it has: "
                    + String.join(", ", spec.users().stream().map(MailUser::address).toList()) + ")");
        }
        return out;
    }

    /** One account's settings in a per-mailbox format (for THUNDERBIRD: its domain's file). */
    public static String render(ExportFormat format, ClientSettings settings, ClientAccount account, ExportOptions options) {
        return switch (format) {
            case TEXT -> PlainTextSettings.render(settings, account);
            case HTML -> HtmlSettings.render(settings, account);
            case APPLE -> AppleProfile.render(settings, account, options.password(account.address()), options.uuids());
            case OUTLOOK -> OutlookAutodiscover.render(settings, account);
            case THUNDERBIRD -> ThunderbirdAutoconfig.render(settings, account.domain(), providerName(options, account.domain()));
        };
    }

    /** Writes every selected format for every selected mailbox; returns the files written, in order. */
    public static List<Path> exportAll(ServerSpec spec, Path dir, ExportOptions options) throws IOException {
        ClientSettings settings = ClientSettings.from(spec);
        List<ClientAccount> accounts = accounts(spec, options);
        List<Path> written = new ArrayList<>();
        Files.createDirectories(dir);
        for (ClientAccount a : accounts) {
            Path folder = dir.resolve(fileName(a.address()));
            if (options.formats().contains(ExportFormat.TEXT)) {
                written.add(write(folder.resolve(TEXT_FILE), render(ExportFormat.TEXT, settings, a, options), false));
            }
            if (options.formats().contains(ExportFormat.HTML)) {
                written.add(write(folder.resolve(HTML_FILE), render(ExportFormat.HTML, settings, a, options), false));
            }
            if (options.formats().contains(ExportFormat.APPLE)) {
                boolean secret = options.password(a.address()).isPresent();
                written.add(write(folder.resolve(fileName(a.address()) + AppleProfile.FILE_SUFFIX),
                        render(ExportFormat.APPLE, settings, a, options), secret));
            }
            if (options.formats().contains(ExportFormat.OUTLOOK)) {
                written.add(write(folder.resolve(OutlookAutodiscover.FILE_NAME), render(ExportFormat.OUTLOOK, settings, a, options), false));
            }
        }
        Set<String> domains = new LinkedHashSet<>();
        accounts.forEach(a -> domains.add(a.domain()));
        for (String domain : domains) {
            // domain names are validated (letters, digits, hyphens, dots), so they are safe folder names as they are
            Path folder = dir.resolve(domain);
            StringBuilder note = new StringBuilder();
            if (options.formats().contains(ExportFormat.THUNDERBIRD)) {
                written.add(write(folder.resolve("autoconfig").resolve(ThunderbirdAutoconfig.FILE_NAME),
                        ThunderbirdAutoconfig.render(settings, domain, providerName(options, domain)), false));
                note.append("autoconfig/").append(ThunderbirdAutoconfig.FILE_NAME).append(" (Thunderbird, K-9 Mail, Evolution)\n\n")
                        .append(ThunderbirdAutoconfig.hostingNote(domain));
            }
            if (options.formats().contains(ExportFormat.OUTLOOK)) {
                note.append(note.length() == 0 ? "" : "\n").append(OutlookAutodiscover.FILE_NAME).append(" (Outlook)\n\n")
                        .append(OutlookAutodiscover.hostingNote(domain));
            }
            if (note.length() > 0) {
                written.add(write(folder.resolve(DOMAIN_NOTE), note.toString(), false));
            }
        }
        if (options.zoneSnippet().isPresent()) {
            written.add(write(dir.resolve(ZONE_FILE), options.zoneSnippet().get(), false));
        }
        return written;
    }

    static String providerName(ExportOptions options, String domain) {
        return options.providerName().orElse(domain + " mail");
    }

    /**
     * A file or folder name for an address that is the same on every system and never collides: letters, digits,
     * '@', '.', '-', '_' and '+' stay, anything else (a local part may hold / * ? | and quotes) becomes %XX, and so
     * does a leading dot (no hidden files, never "." or "..").
     */
    public static String fileName(String address) {
        StringBuilder s = new StringBuilder();
        for (byte b : address.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (s.length() == 0 && c == '.') {
                s.append("%2E");
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "@.-_+".indexOf(c) >= 0) {
                s.append(c);
            } else {
                s.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return s.toString();
    }

    private static Path write(Path file, String content, boolean secret) throws IOException {
        Files.createDirectories(file.getParent());
        if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // create it private before the secret is in it, rather than tightening afterwards
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
