package org.mailwright.engine.upgrade;

import java.util.List;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.upgrade.UpgradePreflight.Upgrade;
import org.mailwright.model.Finding;

/**
 * A step of the backup that runs before an upgrade begins, and only then: on a server that is already Debian 13, or
 * whose upgrade began in an earlier run, it plans nothing and says why. A snapshot of a half-upgraded system is not
 * what anyone wants to restore; the one taken before the upgrade began is kept and named in {@link UpgradeState}.
 */
final class BeforeUpgrade implements Step {
    private final Step inner;

    BeforeUpgrade(Step inner) {
        this.inner = inner;
    }

    @Override
    public String id() {
        return inner.id();
    }

    @Override
    public String title() {
        return inner.title();
    }

    private static boolean runs(StepContext ctx) {
        return ctx.facts().require(Upgrade.class).beforeStart();
    }

    @Override
    public Plan plan(StepContext ctx) {
        if (runs(ctx)) {
            return inner.plan(ctx);
        }
        Upgrade u = ctx.facts().require(Upgrade.class);
        String why = u.needed() ? "the upgrade began in an earlier run; its snapshot" + (u.state().snapshot().isBlank() ? "" : " " + u.state().snapshot())
                + " holds the mail as it was before" : "already Debian 13: no snapshot needed for an upgrade";
        return new Plan(id(), title(), List.of(), List.of("skipped: " + why));
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        inner.apply(ctx, plan);
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        return runs(ctx) ? inner.verify(ctx) : List.of();
    }
}
