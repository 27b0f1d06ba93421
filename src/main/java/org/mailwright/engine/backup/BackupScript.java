package org.mailwright.engine.backup;

import java.util.stream.Collectors;
import org.mailwright.model.ServerSpec.BackupSettings;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;

/**
 * The files that make the server back itself up: the script (POSIX sh, run as root by systemd), its service and its
 * daily timer. The script is the one way a snapshot is made, by the timer and by {@code mailwright backup} alike
 * ({@code systemctl start} of the service), so both leave the same status and never run twice at once.
 *
 * <p>Choices, and where they come from:
 * <ul>
 *   <li>restic exit status 3 ("snapshot created, but some files could not be read", restic manual, "Exit codes")
 *   is a success here: a message moved from {@code new/} to {@code cur/} while restic walked the maildir is in the
 *   next snapshot, and on the server meanwhile.</li>
 *   <li>{@code forget --prune} with the spec's {@code --keep-daily/weekly/monthly}, and the last 3 whatever their day
 *   ({@code --keep-last 3}): a snapshot made by hand before an upgrade is not forgotten by that night's run; {@code check
 *   --read-data-subset=N/10} with N the day of the year modulo 10, so ten days read every pack once.</li>
 *   <li>redis: {@code redis-cli --rdb} asks the running server for a consistent dump (redis-cli(1)); copying
 *   {@code dump.rdb} while redis writes it could save half a file.</li>
 *   <li>The offsite copy is {@code restic copy --from-repo} (restic >= 0.14) into a repository made with
 *   {@code init --copy-chunker-params}, so it deduplicates like the local one.</li>
 * </ul>
 */
public final class BackupScript {
    private BackupScript() {
    }

    /** The script for these settings; {@code offsite} is written into it (quoted), its credentials are not. */
    public static String script(BackupSettings settings) {
        String paths = BackupLayout.PATHS.stream().map(Shell::quote).collect(Collectors.joining(" "));
        return """
                #!/bin/sh
                # %s
                # Makes a restic snapshot of the mail state, forgets old ones, checks a sample and records the result
                # for `mailwright check`. Run by %s (daily, by its timer) and by `mailwright backup`.
                set -u
                export RESTIC_REPOSITORY=%s
                export RESTIC_PASSWORD_FILE=%s
                export RESTIC_CACHE_DIR=%s
                STATUS=%s
                STAGE=%s
                OFFSITE=%s
                started=$(date +%%s)
                err=$(mktemp)
                trap 'rm -f "$err"' EXIT
                umask 077
                mkdir -p "$STAGE" "$(dirname "$STATUS")"

                # the previous good run's figures stay in the status when this one fails
                previous() { [ -f "$STATUS" ] && grep -E '^(last_ok|snapshot|bytes|verified|snapshots)=' "$STATUS"; true; }
                fail() {
                    { printf 'attempt=%%s\\nresult=failed\\nerror=%%s\\n' "$started" "$1"; previous; } > "$STATUS.new"
                    mv -f "$STATUS.new" "$STATUS"
                    echo "mailwright-backup: $1" >&2
                    exit 1
                }
                last_words() { grep -v '^$' "$err" | tail -n 2 | tr '\\n' ' ' | cut -c1-400; }

                [ -s "$RESTIC_PASSWORD_FILE" ] || fail "no repository password in $RESTIC_PASSWORD_FILE: run mailwright backup"
                [ -f "$RESTIC_REPOSITORY/config" ] || fail "no restic repository at $RESTIC_REPOSITORY: run mailwright backup"
                restic unlock >/dev/null 2>&1

                # rspamd's learned data, as a consistent dump from the running redis
                rm -f %s
                if systemctl is-active --quiet redis-server; then
                    redis-cli --rdb %s >/dev/null 2>"$err" || fail "redis-cli --rdb: $(last_words)"
                fi

                set --
                for p in %s; do
                    [ -e "$p" ] && set -- "$@" "$p"
                done
                out=$(restic backup --tag %s --json --quiet "$@" 2>"$err")
                rc=$?
                if [ $rc -ne 0 ] && [ $rc -ne 3 ]; then
                    fail "restic backup: $(last_words)"
                fi
                snapshot=$(printf '%%s\\n' "$out" | sed -n 's/.*"snapshot_id":"\\([0-9a-f]*\\)".*/\\1/p' | tail -n 1)
                [ -n "$snapshot" ] || fail "restic backup made no snapshot: $(last_words)"
                incomplete=0
                [ $rc -eq 3 ] && incomplete=1

                restic forget --tag %s --keep-daily %d --keep-weekly %d --keep-monthly %d --keep-last 3 --prune --quiet >/dev/null 2>"$err" \\
                    || fail "restic forget: $(last_words)"

                verified=no
                part=$(( $(date +%%j | sed 's/^0*//') %% 10 + 1 ))
                if restic check --read-data-subset="$part/10" >/dev/null 2>"$err"; then
                    verified=yes
                else
                    fail "restic check found a damaged repository: $(last_words)"
                fi

                offsite=none
                if [ -n "$OFFSITE" ]; then
                    offsite=ok
                    if [ -f %s ]; then set -a; . %s; set +a; fi
                    if ! restic -r "$OFFSITE" cat config >/dev/null 2>&1; then
                        restic -r "$OFFSITE" init --from-repo "$RESTIC_REPOSITORY" --from-password-file "$RESTIC_PASSWORD_FILE" \\
                            --password-file "$RESTIC_PASSWORD_FILE" --copy-chunker-params >/dev/null 2>"$err" || offsite="failed: $(last_words)"
                    fi
                    if [ "$offsite" = ok ]; then
                        restic -r "$OFFSITE" copy --from-repo "$RESTIC_REPOSITORY" --from-password-file "$RESTIC_PASSWORD_FILE" \\
                            --password-file "$RESTIC_PASSWORD_FILE" --quiet "$snapshot" >/dev/null 2>"$err" || offsite="failed: $(last_words)"
                    fi
                fi

                bytes=$(du -sb "$RESTIC_REPOSITORY" | cut -f1)
                count=$(restic snapshots --tag %s --json 2>/dev/null | grep -o '"short_id"' | wc -l)
                printf 'last_ok=%%s\\nattempt=%%s\\nresult=ok\\nsnapshot=%%s\\nbytes=%%s\\nverified=%%s\\nsnapshots=%%s\\nincomplete=%%s\\noffsite=%%s\\n' \\
                    "$(date +%%s)" "$started" "$snapshot" "$bytes" "$verified" "$count" "$incomplete" "$offsite" > "$STATUS.new"
                mv -f "$STATUS.new" "$STATUS"
                echo "snapshot $snapshot, $bytes bytes in the repository, verified: $verified, offsite: $offsite"
                case "$offsite" in failed*) exit 1 ;; esac
                exit 0
                """.formatted(MailLayout.HEADER, BackupLayout.SERVICE, Shell.quote(BackupLayout.REPOSITORY),
                Shell.quote(BackupLayout.PASSWORD_FILE), Shell.quote(BackupLayout.CACHE), Shell.quote(BackupLayout.STATUS_FILE),
                Shell.quote(BackupLayout.STAGE), Shell.quote(settings.offsite().orElse("")),
                Shell.quote(BackupLayout.REDIS_DUMP), Shell.quote(BackupLayout.REDIS_DUMP), paths, BackupLayout.TAG,
                BackupLayout.TAG, settings.daily(), settings.weekly(), settings.monthly(),
                Shell.quote(BackupLayout.OFFSITE_ENV), Shell.quote(BackupLayout.OFFSITE_ENV), BackupLayout.TAG);
    }

    /** The oneshot service; idle I/O priority so mail delivery is never slowed by a backup. */
    public static String service() {
        return """
                # %s
                [Unit]
                Description=Mailwright: snapshot of the mail state (restic)
                After=network-online.target redis-server.service

                [Service]
                Type=oneshot
                ExecStart=%s
                Nice=10
                IOSchedulingClass=idle
                """.formatted(MailLayout.HEADER, BackupLayout.SCRIPT);
    }

    /** Daily at night, spread over an hour; {@code Persistent} runs a missed one after the server was off. */
    public static String timer() {
        return """
                # %s
                [Unit]
                Description=Mailwright: daily snapshot of the mail state

                [Timer]
                OnCalendar=*-*-* 03:15:00
                RandomizedDelaySec=1h
                Persistent=true

                [Install]
                WantedBy=timers.target
                """.formatted(MailLayout.HEADER);
    }
}
