package org.mailwright.ui.wizard.firewall;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** The ports the firewall (ufw) will leave open, and why each one. Informational: nothing to choose. */
public final class FirewallPageModel extends PageModel {
    public record Port(String port, String service, String why) {
    }

    private final SetupDraft draft;
    private final ObservableList<Port> ports = FXCollections.observableArrayList();

    public FirewallPageModel(SetupDraft draft) {
        this.draft = draft;
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
            out.add(new Port("80", "HTTP", "only for a moment while Let's Encrypt issues or renews the certificate"));
        }
        return out;
    }

    @Override
    protected Optional<String> validate() {
        return Optional.empty();
    }

    public ObservableList<Port> ports() {
        return ports;
    }
}
