package org.mailwright.export;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.mailwright.model.EmailAddress;

/**
 * What to export and with which extras.
 *
 * @param formats      the formats to write
 * @param user         only this mailbox (and its domain), or every mailbox of the spec
 * @param displayNames a person's name per address, shown as sender; the address stands in for a missing name
 * @param providerName how Thunderbird names the provider; the domain when empty
 * @param passwords    passwords per address, put only into .mobileconfig files; a profile with one is a secret
 * @param zoneSnippet  DNS records to save next to the settings; Mailwright's DNS planner makes them, this only saves them
 * @param uuids        where profile UUIDs come from: random in real use, fixed in golden tests
 */
public record ExportOptions(Set<ExportFormat> formats, Optional<String> user, Map<String, String> displayNames,
                            Optional<String> providerName, Map<String, String> passwords, Optional<String> zoneSnippet,
                            Supplier<UUID> uuids) {

    public ExportOptions {
        formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
        user = user.map(EmailAddress::normalize);
        displayNames = normalizedKeys(displayNames);
        passwords = normalizedKeys(passwords);
    }

    /** Every format, every mailbox, no names, no passwords, no zone snippet, random UUIDs. */
    public static ExportOptions defaults() {
        return new ExportOptions(EnumSet.allOf(ExportFormat.class), Optional.empty(), Map.of(), Optional.empty(), Map.of(),
                Optional.empty(), UUID::randomUUID);
    }

    public ExportOptions withFormats(Set<ExportFormat> f) {
        return new ExportOptions(f, user, displayNames, providerName, passwords, zoneSnippet, uuids);
    }

    public ExportOptions withUser(String address) {
        return new ExportOptions(formats, Optional.of(address), displayNames, providerName, passwords, zoneSnippet, uuids);
    }

    public ExportOptions withDisplayName(String address, String name) {
        Map<String, String> m = new HashMap<>(displayNames);
        m.put(address, name);
        return new ExportOptions(formats, user, m, providerName, passwords, zoneSnippet, uuids);
    }

    public ExportOptions withProviderName(String name) {
        return new ExportOptions(formats, user, displayNames, Optional.of(name), passwords, zoneSnippet, uuids);
    }

    public ExportOptions withPassword(String address, String password) {
        Map<String, String> m = new HashMap<>(passwords);
        m.put(address, password);
        return new ExportOptions(formats, user, displayNames, providerName, m, zoneSnippet, uuids);
    }

    public ExportOptions withZoneSnippet(String snippet) {
        return new ExportOptions(formats, user, displayNames, providerName, passwords, Optional.of(snippet), uuids);
    }

    public ExportOptions withUuids(Supplier<UUID> u) {
        return new ExportOptions(formats, user, displayNames, providerName, passwords, zoneSnippet, u);
    }

    public Optional<String> password(String address) {
        return Optional.ofNullable(passwords.get(EmailAddress.normalize(address)));
    }

    /** Never the passwords: options end up in logs and exception messages. */
    @Override
    public String toString() {
        return "ExportOptions[formats=" + formats + ", user=" + user + ", displayNames=" + displayNames + ", providerName="
                + providerName + ", passwords for " + passwords.keySet() + ", zoneSnippet=" + zoneSnippet.isPresent() + "]";
    }

    private static Map<String, String> normalizedKeys(Map<String, String> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(EmailAddress.normalize(k), v));
        return Map.copyOf(out);
    }
}
