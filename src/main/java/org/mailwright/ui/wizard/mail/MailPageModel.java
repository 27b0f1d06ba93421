package org.mailwright.ui.wizard.mail;

import java.util.List;
import java.util.Optional;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.SpecValidator;
import org.mailwright.session.SpecCheck;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** How hard the server is on spam: rspamd thresholds, OpenSMTPD's connection filters, the DKIM key size. */
public final class MailPageModel extends PageModel {
    /** The DKIM key sizes the spec allows, in the order the choice lists them. */
    public static final List<Integer> DKIM_SIZES = SpecValidator.DKIM_BITS;
    public static final List<FilterPolicy> POLICIES = List.of(FilterPolicy.JUNK, FilterPolicy.REJECT, FilterPolicy.OFF);

    private final SetupDraft draft;

    public MailPageModel(SetupDraft draft) {
        this.draft = draft;
        revalidateOn(draft.spamReject, draft.spamAddHeader, draft.spamGreylist, draft.dkimBits);
    }

    @Override
    public String id() {
        return "mail";
    }

    @Override
    public String title() {
        return "Mail settings";
    }

    @Override
    public String subtitle() {
        return "The defaults suit most people; change them only if you know why.";
    }

    @Override
    protected Optional<String> validate() {
        // the spec's own rules for the part this page edits: the thresholds' order and the offered key sizes
        return SpecCheck.firstProblem(draft.toSpec(), "spam", "dkim.bits");
    }

    /** What a filter policy does, for a tooltip. */
    public static String explain(FilterPolicy p) {
        return switch (p) {
            case JUNK -> "deliver to the Junk folder";
            case REJECT -> "refuse the connection";
            case OFF -> "do not check";
        };
    }

    public SetupDraft draft() {
        return draft;
    }
}
