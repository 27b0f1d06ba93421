package org.mailwright.ui.wizard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.RunReport;
import org.mailwright.model.DomainName;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.ServerSpec.FilterSettings;
import org.mailwright.model.ServerSpec.FirewallSettings;
import org.mailwright.model.ServerSpec.MailUser;
import org.mailwright.model.ServerSpec.ServerAccess;
import org.mailwright.model.ServerSpec.SpamSettings;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.model.ServerSpec.TlsSettings;
import org.mailwright.session.Connected;

/**
 * Everything the person has entered so far, typed (no settings map), shared by the pages. The wizard turns it into
 * the same {@link ServerSpec} the CLI reads from YAML. Never holds a login password or a mailbox password in clear:
 * mailboxes keep only their bcrypt hash.
 */
public final class SetupDraft {
    /** A mailbox: its address and the bcrypt hash of its password. */
    public record Mailbox(String address, String passwordHash) {
    }

    /**
     * An alias and where it delivers. {@code required} marks the RFC 2142 ones (abuse, postmaster, ...) the wizard
     * filled in itself; they follow the first mailbox of their domain until the person edits them.
     */
    public record AliasRow(String from, List<String> to, boolean required) {
        public AliasRow {
            to = List.copyOf(to);
        }

        public String toText() {
            return String.join(", ", to);
        }
    }

    // connection (no password: that lives only in the Connect page until it is used)
    public final StringProperty host = new SimpleStringProperty(this, "host", "");
    public final StringProperty port = new SimpleStringProperty(this, "port", "22");
    public final StringProperty user = new SimpleStringProperty(this, "user", "root");
    public final BooleanProperty useKey = new SimpleBooleanProperty(this, "useKey", false);
    public final StringProperty keyPath = new SimpleStringProperty(this, "keyPath", "");
    public final ObjectProperty<Connected> connected = new SimpleObjectProperty<>(this, "connected");

    // names
    public final StringProperty domains = new SimpleStringProperty(this, "domains", "");
    public final StringProperty hostname = new SimpleStringProperty(this, "hostname", "");
    public final StringProperty adminAddress = new SimpleStringProperty(this, "adminAddress", "");

    // TLS
    public final ObjectProperty<TlsMode> tlsMode = new SimpleObjectProperty<>(this, "tlsMode", TlsMode.CERTBOT);
    public final StringProperty tlsEmail = new SimpleStringProperty(this, "tlsEmail", "");
    public final StringProperty certPath = new SimpleStringProperty(this, "certPath", "");
    public final StringProperty certKeyPath = new SimpleStringProperty(this, "certKeyPath", "");
    /** Another ACME directory than Let's Encrypt's (spec tls.acme-server), blank for Let's Encrypt. */
    public final StringProperty acmeServer = new SimpleStringProperty(this, "acmeServer", "");
    /** The CA certificate (PEM, on this computer) of that ACME server's HTTPS endpoint (spec tls.acme-ca). */
    public final StringProperty acmeCa = new SimpleStringProperty(this, "acmeCa", "");

    // publishing the DNS records (spec key dns): a provider's API, or the person publishes them
    /** The DNS provider the records are published through, one of {@link ServerSpec.DnsProviderSettings#PROVIDERS}; blank: the person publishes them. */
    public final StringProperty dnsProvider = new SimpleStringProperty(this, "dnsProvider", "");
    /** The file on this computer holding the provider's API token alone (spec dns.token-file); the token is never read into the window. */
    public final StringProperty dnsTokenFile = new SimpleStringProperty(this, "dnsTokenFile", "");
    /** RFC 2136: the primary DNS server that takes updates, HOST or HOST:PORT (spec dns.server). */
    public final StringProperty dnsServer = new SimpleStringProperty(this, "dnsServer", "");
    /** RFC 2136: the TSIG key file, as tsig-keygen writes it (spec dns.key-file). */
    public final StringProperty dnsKeyFile = new SimpleStringProperty(this, "dnsKeyFile", "");

    // mail settings
    public final DoubleProperty spamReject = new SimpleDoubleProperty(this, "spamReject", SpamSettings.DEFAULT.reject());
    public final DoubleProperty spamAddHeader = new SimpleDoubleProperty(this, "spamAddHeader", SpamSettings.DEFAULT.addHeader());
    public final DoubleProperty spamGreylist = new SimpleDoubleProperty(this, "spamGreylist", SpamSettings.DEFAULT.greylist());
    public final ObjectProperty<FilterPolicy> filterDyndns = new SimpleObjectProperty<>(this, "dyndns", FilterSettings.DEFAULT.dyndns());
    public final ObjectProperty<FilterPolicy> filterRdns = new SimpleObjectProperty<>(this, "rdns", FilterSettings.DEFAULT.rdns());
    public final ObjectProperty<FilterPolicy> filterFcrdns = new SimpleObjectProperty<>(this, "fcrdns", FilterSettings.DEFAULT.fcrdns());
    public final ObjectProperty<FilterPolicy> filterSenderscore = new SimpleObjectProperty<>(this, "senderscore",
            FilterSettings.DEFAULT.senderscore());
    public final IntegerProperty dkimBits = new SimpleIntegerProperty(this, "dkimBits", DkimSettings.DEFAULT.bits());

    // accounts
    public final ObservableList<Mailbox> mailboxes = FXCollections.observableArrayList();
    public final ObservableList<AliasRow> aliases = FXCollections.observableArrayList();

    // firewall
    /** Ports to open besides SSH and mail (spec firewall.extra-ports), as typed: numbers between commas or spaces. */
    public final StringProperty extraPorts = new SimpleStringProperty(this, "extraPorts", "");

    // restore (Welcome's "Restore from a backup")
    /** The person restores a backup onto a new server instead of setting one up: the flow and the Install run follow. */
    public final BooleanProperty restoring = new SimpleBooleanProperty(this, "restoring", false);
    /**
     * The spec saved from the recovery sheet, read on the Restore page; null before. While {@link #restoring},
     * {@link #toSpec()} is this spec reaching the server entered on the Connect page.
     */
    public final ObjectProperty<ServerSpec> restoredSpec = new SimpleObjectProperty<>(this, "restoredSpec");

    // results
    /** The last install run (APPLY); Review plans again when it changes, so it shows what is left on the server. */
    public final ObjectProperty<RunReport> installReport = new SimpleObjectProperty<>(this, "installReport");
    /** The plan (PLAN run) Review showed last, null while it is made; Install starts a new run for a new one. */
    public final ObjectProperty<RunReport> reviewedPlan = new SimpleObjectProperty<>(this, "reviewedPlan");
    /** The latest check of the server: Verify's "Check again", else the install's own checks. */
    public final ObjectProperty<RunReport> checkReport = new SimpleObjectProperty<>(this, "checkReport");

    /** The domains as entered (commas or spaces between them), normalized, in order. */
    public List<String> domainList() {
        String text = domains.get() == null ? "" : domains.get();
        return Arrays.stream(text.split("[,;\\s]+")).filter(s -> !s.isBlank()).map(DomainName::normalize).distinct().toList();
    }

    /** The addresses the server's DNS records will name (the session's rule), empty before connecting. */
    public List<String> serverAddresses() {
        return Optional.ofNullable(connected.get()).map(Connected::mailAddresses).orElse(List.of());
    }

    /** The ports sshd listens on, as preflight found them; empty before connecting. */
    public java.util.Set<Integer> sshPorts() {
        return Optional.ofNullable(connected.get()).map(Connected::sshPorts).orElse(java.util.Set.of());
    }

    /** The port as a number, or -1 when it is not one. */
    public int portNumber() {
        try {
            return Integer.parseInt(port.get().strip());
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }

    /**
     * The spec the engine runs. Built fresh each time, so it always reflects the pages as they are now. While
     * {@link #restoring} with a spec read, it is that spec with the server of the Connect page (the new server): a
     * restore keeps everything else of the old server's spec.
     */
    public ServerSpec toSpec() {
        if (restoring.get() && restoredSpec.get() != null) {
            return restoredSpec.get().withServer(serverAccess());
        }
        Map<String, List<String>> aliasMap = new LinkedHashMap<>();
        for (AliasRow a : aliases) {
            aliasMap.put(a.from(), a.to());
        }
        List<MailUser> users = new ArrayList<>();
        for (Mailbox m : mailboxes) {
            users.add(new MailUser(m.address(), m.passwordHash()));
        }
        TlsMode mode = tlsMode.get();
        TlsSettings tls = new TlsSettings(mode,
                mode == TlsMode.CERTBOT ? nonBlank(tlsEmail.get()) : Optional.empty(),
                mode == TlsMode.EXISTING ? nonBlank(certPath.get()) : Optional.empty(),
                mode == TlsMode.EXISTING ? nonBlank(certKeyPath.get()) : Optional.empty(),
                mode == TlsMode.CERTBOT ? nonBlank(acmeServer.get()) : Optional.empty(),
                mode == TlsMode.CERTBOT ? nonBlank(acmeCa.get()) : Optional.empty());
        return new ServerSpec(serverAccess(),
                DomainName.normalize(hostname.get() == null ? "" : hostname.get()), domainList(),
                new DkimSettings(DkimSettings.DEFAULT.selector(), dkimBits.get()), users, aliasMap, tls,
                new SpamSettings(spamReject.get(), spamAddHeader.get(), spamGreylist.get()),
                new FilterSettings(filterDyndns.get(), filterRdns.get(), filterFcrdns.get(), filterSenderscore.get()),
                new FirewallSettings(extraPortList())).withDnsProvider(dnsProviderSettings());
    }

    /**
     * The DNS provider as the spec's {@code dns:} says it: the API token file for an HTTPS provider, the server and TSIG
     * key file for RFC 2136; empty when the person publishes the records.
     */
    public Optional<ServerSpec.DnsProviderSettings> dnsProviderSettings() {
        String provider = dnsProvider.get() == null ? "" : dnsProvider.get().strip();
        if (provider.isEmpty()) {
            return Optional.empty();
        }
        boolean rfc2136 = provider.equals(ServerSpec.DnsProviderSettings.RFC2136);
        return Optional.of(new ServerSpec.DnsProviderSettings(provider, rfc2136 ? Optional.empty() : nonBlank(dnsTokenFile.get()),
                rfc2136 ? nonBlank(dnsServer.get()) : Optional.empty(), rfc2136 ? nonBlank(dnsKeyFile.get()) : Optional.empty(),
                Optional.empty()));
    }

    /** The server as the Connect page names it: host, port, user and the key file when logging in with one. */
    public ServerAccess serverAccess() {
        return new ServerAccess(host.get().strip(), portNumber(), user.get().strip(), useKey.get() ? nonBlank(keyPath.get()) : Optional.empty());
    }

    /**
     * The extra ports as numbers, in order, each once. A word that is not a whole number becomes -1, which the spec's
     * own check (SpecValidator, firewall.extra-ports) refuses like any port out of range; {@link #extraPortWords()}
     * names those words.
     */
    public List<Integer> extraPortList() {
        return extraPortTexts().stream().map(w -> w.matches("\\d{1,5}") ? Integer.parseInt(w) : -1).distinct().toList();
    }

    /** The words in the extra-ports field that are not whole numbers. */
    public List<String> extraPortWords() {
        return extraPortTexts().stream().filter(w -> !w.matches("\\d{1,5}")).toList();
    }

    private List<String> extraPortTexts() {
        String text = extraPorts.get() == null ? "" : extraPorts.get();
        return Arrays.stream(text.split("[,;\\s]+")).filter(w -> !w.isBlank()).toList();
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
