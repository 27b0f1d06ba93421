package org.mailwright.ui.wizard.assembly;

import java.util.List;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.wizard.Choosers;
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
import org.mailwright.ui.wizard.install.InstallRun;
import org.mailwright.ui.wizard.mail.MailPage;
import org.mailwright.ui.wizard.mail.MailPageModel;
import org.mailwright.ui.wizard.review.ReviewPage;
import org.mailwright.ui.wizard.restore.RestorePage;
import org.mailwright.ui.wizard.restore.RestorePageModel;
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
 * Assembles the wizard: one draft, thirteen pages, the session and executor they share, and the two ways through
 * them: setting a server up ({@link #SET_UP}) and restoring a backup onto a new one ({@link #RESTORE}). In
 * a package of its own: it knows every page, and every page knows the wizard's shared types, so beside them it would
 * make a cycle.
 */
public final class Wizard {
    private Wizard() {
    }

    /** The pages of a set-up, in order. */
    public static final List<String> SET_UP = List.of("welcome", "connect", "domain", "dns", "tls", "mail", "users", "firewall",
            "review", "install", "verify", "done");

    /**
     * The pages of a restore, in order: the spec brings the names, DNS, certificate, mail settings, accounts and
     * firewall, so their pages (and Review, whose plan a restore cannot show before its backup is on the server) are
     * left out; Install runs the restore.
     */
    public static final List<String> RESTORE = List.of("welcome", "restore", "connect", "install", "verify", "done");

    /** The page models, by type, so tests and the view builder reach each one. Models need no JavaFX toolkit. */
    public record Models(WelcomePageModel welcome, RestorePageModel restore, ConnectPageModel connect, DomainPageModel domain,
                         DnsPageModel dns, TlsPageModel tls, MailPageModel mail, UsersPageModel users, FirewallPageModel firewall,
                         ReviewPageModel review, InstallPageModel install, VerifyPageModel verify, DonePageModel done) {
        /** Every page, in the sidebar's order (each way through lists only its own). */
        public List<PageModel> inOrder() {
            return List.of(welcome, restore, connect, domain, dns, tls, mail, users, firewall, review, install, verify, done);
        }
    }

    /**
     * Every page's model over one draft. The Install page runs the restore the Restore page prepares while the draft
     * is {@link SetupDraft#restoring}, the install otherwise; a restore that went through clears the password field.
     */
    public static Models models(SetupDraft draft, ServerSession service, UiExecutor ui, ProfileStore profiles, ExportPackage exporter) {
        RestorePageModel restore = new RestorePageModel(draft);
        InstallRun install = InstallRun.install(draft);
        InstallPageModel installPage = new InstallPageModel(draft, service, ui, System::nanoTime,
                () -> draft.restoring.get() ? restore.restoreRun() : install);
        installPage.stateProperty().addListener((o, was, now) -> {
            if (now == InstallPageModel.State.DONE && draft.restoring.get()) {
                restore.forgetPassword();
            }
        });
        return new Models(new WelcomePageModel(draft, profiles, service), restore, new ConnectPageModel(draft, service, ui, profiles),
                new DomainPageModel(draft, profiles, ui), new DnsPageModel(draft, service, ui), new TlsPageModel(draft),
                new MailPageModel(draft), new UsersPageModel(draft, ui), new FirewallPageModel(draft),
                new ReviewPageModel(draft, service, ui), installPage,
                new VerifyPageModel(draft, service, ui), new DonePageModel(draft, service, ui, exporter));
    }

    /** The way through the pages: {@link #RESTORE} while the draft is restoring, else {@link #SET_UP}. */
    public static Flow flow() {
        Flow setUp = Flow.linear(SET_UP);
        Flow restore = Flow.linear(RESTORE);
        return (current, draft) -> (draft.restoring.get() ? restore : setUp).next(current, draft);
    }

    /** The wizard's navigation over {@code m}, starting on Welcome. */
    public static WizardModel wizard(Models m, SetupDraft draft) {
        return new WizardModel(m.inOrder(), flow(), draft);
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
        return view(m, wizard, users, Choosers.SYSTEM);
    }

    /**
     * The window content: every page's view over its model.
     *
     * @param users    opens the users window from the Welcome and Done pages
     * @param choosers the file and folder dialogs of the Restore and Done pages
     */
    public static WizardView view(Models m, WizardModel wizard, ManageUsers users, Choosers choosers) {
        return view(m, wizard, users, users, choosers);
    }

    /**
     * The window content: every page's view over its model.
     *
     * @param users    opens the users window from the Done page (its session is logged in)
     * @param manage   opens the server dashboard from the Welcome page's "Manage an existing server..."
     * @param choosers the file and folder dialogs of the Restore and Done pages
     */
    public static WizardView view(Models m, WizardModel wizard, ManageUsers users, ManageUsers manage, Choosers choosers) {
        List<WizardPage> pages = List.of(new WelcomePage(m.welcome(), manage, wizard::next), new RestorePage(m.restore(), choosers),
                new ConnectPage(m.connect()), new DomainPage(m.domain()),
                new DnsPage(m.dns()), new TlsPage(m.tls()), new MailPage(m.mail()), new UsersPage(m.users()),
                new FirewallPage(m.firewall()), new ReviewPage(m.review()), new InstallPage(m.install()),
                new VerifyPage(m.verify()), new DonePage(m.done(), users, choosers));
        return new WizardView(wizard, pages);
    }
}
