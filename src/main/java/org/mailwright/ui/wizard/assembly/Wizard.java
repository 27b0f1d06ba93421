package org.mailwright.ui.wizard.assembly;

import java.util.List;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.wizard.Flow;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.WizardModel;
import org.mailwright.ui.wizard.WizardPage;
import org.mailwright.ui.wizard.WizardView;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.session.ServerSession;
import org.mailwright.ui.wizard.connect.ConnectPage;
import org.mailwright.ui.wizard.connect.ConnectPageModel;
import org.mailwright.ui.wizard.dns.DnsPage;
import org.mailwright.ui.wizard.dns.DnsPageModel;
import org.mailwright.ui.wizard.domain.DomainPage;
import org.mailwright.ui.wizard.domain.DomainPageModel;
import org.mailwright.ui.wizard.done.DonePage;
import org.mailwright.ui.wizard.done.DonePageModel;
import org.mailwright.ui.wizard.done.ExportPackage;
import org.mailwright.ui.wizard.firewall.FirewallPage;
import org.mailwright.ui.wizard.firewall.FirewallPageModel;
import org.mailwright.ui.wizard.install.InstallPage;
import org.mailwright.ui.wizard.install.InstallPageModel;
import org.mailwright.ui.wizard.mail.MailPage;
import org.mailwright.ui.wizard.mail.MailPageModel;
import org.mailwright.ui.wizard.review.ReviewPage;
import org.mailwright.ui.wizard.review.ReviewPageModel;
import org.mailwright.ui.wizard.tls.TlsPage;
import org.mailwright.ui.wizard.tls.TlsPageModel;
import org.mailwright.ui.wizard.users.UsersPage;
import org.mailwright.ui.wizard.users.UsersPageModel;
import org.mailwright.ui.wizard.verify.VerifyPage;
import org.mailwright.ui.wizard.verify.VerifyPageModel;
import org.mailwright.ui.wizard.welcome.WelcomePage;
import org.mailwright.ui.wizard.welcome.WelcomePageModel;

/**
 * Assembles the first-time-install wizard: one draft, twelve pages in order, the session and executor they share. In
 * a package of its own: it knows every page, and every page knows the wizard's shared types, so beside them it would
 * make a cycle.
 */
public final class Wizard {
    private Wizard() {
    }

    /** The page models, by type, so tests and the view builder reach each one. Models need no JavaFX toolkit. */
    public record Models(WelcomePageModel welcome, ConnectPageModel connect, DomainPageModel domain, DnsPageModel dns,
                         TlsPageModel tls, MailPageModel mail, UsersPageModel users, FirewallPageModel firewall,
                         ReviewPageModel review, InstallPageModel install, VerifyPageModel verify, DonePageModel done) {
        public List<PageModel> inOrder() {
            return List.of(welcome, connect, domain, dns, tls, mail, users, firewall, review, install, verify, done);
        }
    }

    public static Models models(SetupDraft draft, ServerSession service, UiExecutor ui, ProfileStore profiles, ExportPackage exporter) {
        return new Models(new WelcomePageModel(draft, profiles, service), new ConnectPageModel(draft, service, ui, profiles),
                new DomainPageModel(draft, profiles), new DnsPageModel(draft, service, ui), new TlsPageModel(draft),
                new MailPageModel(draft), new UsersPageModel(draft, ui), new FirewallPageModel(draft),
                new ReviewPageModel(draft, service, ui), new InstallPageModel(draft, service, ui),
                new VerifyPageModel(draft, service, ui), new DonePageModel(draft, service, ui, exporter));
    }

    /** The wizard's navigation over {@code m}, in the standard order. */
    public static WizardModel wizard(Models m, SetupDraft draft) {
        List<PageModel> models = m.inOrder();
        return new WizardModel(models, Flow.linear(models.stream().map(PageModel::id).toList()), draft);
    }

    /** The window content: every page's view over its model; the users window is not wired. */
    public static WizardView view(Models m, WizardModel wizard) {
        return view(m, wizard, ManageUsers.NOT_WIRED);
    }

    /**
     * The window content: every page's view over its model.
     *
     * @param users opens the users window from the Welcome and Done pages
     */
    public static WizardView view(Models m, WizardModel wizard, ManageUsers users) {
        List<WizardPage> pages = List.of(new WelcomePage(m.welcome(), users), new ConnectPage(m.connect()), new DomainPage(m.domain()),
                new DnsPage(m.dns()), new TlsPage(m.tls()), new MailPage(m.mail()), new UsersPage(m.users()),
                new FirewallPage(m.firewall()), new ReviewPage(m.review()), new InstallPage(m.install()),
                new VerifyPage(m.verify()), new DonePage(m.done(), users));
        return new WizardView(wizard, pages);
    }
}
