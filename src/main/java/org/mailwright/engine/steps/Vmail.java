package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.List;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.model.Finding;
import org.mailwright.remote.Command;

/** The system user that owns every mailbox (uid/gid 2000, as the guide's layout) and /var/vmail. */
public final class Vmail implements Step {
    static final String ID = Integer.toString(org.mailwright.render.MailLayout.VMAIL_ID);

    @Override
    public String id() {
        return "vmail";
    }

    @Override
    public String title() {
        return "Create the mail storage user";
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = new ArrayList<>();
        String group = ctx.run(Command.script("getent group vmail || true")).stdout().strip();
        String user = ctx.run(Command.script("getent passwd vmail || true")).stdout().strip();
        if (group.isEmpty()) {
            changes.add(new CommandChange("create group vmail", Command.of("groupadd", "--system", "--gid", ID, "vmail")));
        }
        if (user.isEmpty()) {
            changes.add(new CommandChange("create user vmail", Command.of("useradd", "--system", "--uid", ID, "--gid", "vmail",
                    "--home-dir", "/var/vmail", "--no-create-home", "--shell", "/usr/sbin/nologin", "vmail")));
        }
        String dir = ctx.run(Command.script("stat -c '%U %G %a' /var/vmail 2>/dev/null || true")).stdout().strip();
        if (!dir.equals("vmail vmail 750")) {
            changes.add(new CommandChange("create /var/vmail owned by vmail",
                    Command.of("install", "-d", "-o", "vmail", "-g", "vmail", "-m", "0750", "/var/vmail")));
        }
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            ctx.run(c.command()).orThrow();
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        String id = ctx.run(Command.script("id -u vmail 2>/dev/null; stat -c '%U %a' /var/vmail 2>/dev/null")).stdout();
        return List.of(id.contains("vmail 750")
                ? Finding.ok(title(), "vmail (uid " + id.lines().findFirst().orElse("?") + ") owns /var/vmail")
                : Finding.error(title(), "vmail or /var/vmail is missing or has the wrong owner", "Run apply again."));
    }
}
