package org.mailwright.ui.wizard.firewall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.model.SpecValidator;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/**
 * The ports the firewall (ufw) will leave open, and why each one; the person may add ports of their own (the spec's
 * firewall.extra-ports: a web server beside the mail, a monitoring agent), checked by the spec's own rules.
 */
public final class FirewallPageModel extends PageModel {
    public record Port(String port, String service, String why) {
    }

    private final SetupDraft draft;
    private final ObservableList<Port> ports = FXCollections.observableArrayList();

    public FirewallPageModel(SetupDraft draft) {
        this.draft = draft;
        draft.extraPorts.addListener((o, was, now) -> ports.setAll(portsFor(draft)));
        revalidateOn(draft.extraPorts);
    }

    @Override
    public String id() {
        return "firewall";
    }

    @Override
    public String title() {
        return "Firewall";
    }

    @Override
    public String subtitle() {
        return "Everything else is closed. Your SSH port stays open so you are never locked out.";
    }

    @Override
    public void onEnter() {
        ports.setAll(portsFor(draft));
        super.onEnter();
    }

    /** The same ports the Firewall step opens: every SSH port (detected and the one in use), then the mail ports. */
    public static List<Port> portsFor(SetupDraft draft) {
        Set<Integer> ssh = new LinkedHashSet<>();
        if (draft.portNumber() > 0) {
            ssh.add(draft.portNumber());
        }
        ssh.addAll(draft.sshPorts());
        List<Port> out = new ArrayList<>();
        for (int p : ssh) {
            out.add(new Port(Integer.toString(p), "SSH", "how Mailwright and you manage the server (detected: sshd listens here)"));
        }
        out.add(new Port("25", "SMTP", "other mail servers deliver mail for your domains here"));
        out.add(new Port("465", "SMTPS", "your mail apps send mail here (TLS from the start)"));
        out.add(new Port("587", "Submission", "your mail apps send mail here (STARTTLS)"));
        out.add(new Port("993", "IMAPS", "your mail apps read mail here"));
        if (draft.tlsMode.get() == TlsMode.CERTBOT) {
            out.add(new Port("80", "HTTP", "only for a moment while the certificate is issued or renewed"));
        }
        Set<String> shown = new LinkedHashSet<>(out.stream().map(Port::port).toList());
        for (int p : draft.extraPortList()) {
            if (p >= 1 && p <= 65535 && shown.add(Integer.toString(p))) {
                out.add(new Port(Integer.toString(p), "Your own", "you asked for it to be open"));
            }
        }
        return out;
    }

    @Override
    protected Optional<String> validate() {
        List<String> words = draft.extraPortWords();
        if (!words.isEmpty()) {
            return Optional.of("Extra ports: '" + words.get(0) + "' is not a port number (write numbers such as 8080, 2525).");
        }
        // the spec's own check, as the CLI applies it to firewall.extra-ports
        return SpecValidator.validate(draft.toSpec()).stream().filter(p -> p.path().equals("firewall.extra-ports")).findFirst()
                .map(p -> "Extra ports: " + p.message() + ".");
    }

    public ObservableList<Port> ports() {
        return ports;
    }

    public SetupDraft draft() {
        return draft;
    }
}
