package org.mailwright.ui.wizard.mail;

import java.util.List;
import java.util.Optional;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** How hard the server is on spam: rspamd thresholds, OpenSMTPD's connection filters, the DKIM key size. */
public final class MailPageModel extends PageModel {
    public static final List<Integer> DKIM_SIZES = List.of(1024, 2048, 4096);
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
        double g = draft.spamGreylist.get();
        double h = draft.spamAddHeader.get();
        double r = draft.spamReject.get();
        if (g <= 0) {
            return Optional.of("The greylist score must be above 0, or every message would be delayed.");
        }
        if (!(g < h && h < r)) {
            return Optional.of("Scores must rise: greylist (" + fmt(g) + ") < mark as spam (" + fmt(h) + ") < reject (" + fmt(r) + ").");
        }
        if (!DKIM_SIZES.contains(draft.dkimBits.get())) {
            return Optional.of("Choose a DKIM key size of 1024, 2048 or 4096 bits.");
        }
        return Optional.empty();
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
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
