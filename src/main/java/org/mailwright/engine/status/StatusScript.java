package org.mailwright.engine.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mailwright.engine.backup.BackupLayout;
import org.mailwright.model.Finding;
import org.mailwright.model.MailPorts;
import org.mailwright.model.Severity;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;

/**
 * The server's own checks, written once as a POSIX shell script: the dashboard and {@code mailwright status} run its
 * text over SSH, and the alert timer runs the installed copy ({@link #PATH}) and mails the postmaster when a result
 * changes. Both therefore say the same sentences with the same fixes, and the thresholds live here only.
 *
 * <p>Shell, not Python: Debian's minimal and cloud images do not all have Python on both releases, and every tool
 * used here (df, ss, systemctl, openssl, apt-get, sshd) is on every server Mailwright sets up.
 *
 * <p>Output: one line per check, {@code id TAB group TAB severity TAB check TAB message TAB fix}, read back by
 * {@link #parse}. {@code --only NAME[,NAME...]} runs only those groups of checks ({@link #PARTS});
 * {@code --alert} runs all, compares the severities with {@link #STATE_FILE} and mails the postmaster on a change
 * (RFC 3834 {@code Auto-Submitted: auto-generated}), through the local sendmail, so rspamd DKIM-signs it.
 *
 * <p>Thresholds, and why: /var/vmail WARN from 90 % used (issue 16), ERROR from 97 % (OpenSMTPD starts refusing mail
 * when the queue's file system fills; the mail store shares it on most servers); memory WARN under 10 % available
 * (rspamd's workers are the first to be killed by the OOM killer); certificate WARN under 21 days left (certbot
 * renews at 30, so under 21 means several renewals failed), ERROR under 7; backups WARN after
 * {@link BackupLayout#STALE_DAYS} days.
 */
public final class StatusScript {
    /** Where apply installs the script. */
    public static final String PATH = "/usr/local/sbin/mailwright-status";
    /** The alert timer's oneshot service. */
    public static final String SERVICE = "mailwright-status.service";
    /** Daily and a few minutes after each boot. */
    public static final String TIMER = "mailwright-status.timer";
    /** The severities the last alert run saw ({@code id TAB severity} lines): what "changed" is measured against. */
    public static final String STATE_FILE = "/var/lib/mailwright/status-last";
    /** The services whose state is checked, with what breaks when one is down. */
    static final Map<String, String> SERVICES = services();
    /** The names {@code --only} takes, each a {@code check_NAME} function of the script. */
    public static final List<String> PARTS = List.of("services", "ports", "disk", "memory", "certificate", "backup", "ssh", "protection", "queue", "quota", "updates");
    /** Where the person sees the queue, named in the queue check's fix. */
    public static final String QUEUE_NOW = "mailwright queue SPEC";
    /** How the person makes a snapshot now, named in the backup check's fixes (the window words it its own way). */
    public static final String BACKUP_NOW = "mailwright backup SPEC";

    /**
     * An awk function {@code human(bytes)} giving sizes as {@link org.mailwright.model.Words#bytes} does ("512 B",
     * "6.2 MiB"), so the script's sentences match the window's and the CLI's.
     */
    static final String HUMAN_AWK = "function human(b) { if (b < 1024) return sprintf(\"%d B\", b); split(\"KiB MiB GiB TiB\", u, \" \");"
            + " v = b / 1024; i = 1; while (v >= 1024 && i < 4) { v /= 1024; i++ } return sprintf(\"%.1f %s\", v, u[i]) }";

    private StatusScript() {
    }

    private static Map<String, String> services() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("opensmtpd", "no mail is received or sent");
        // Dovecot is also the MDA (LMTP): while it is down, incoming mail waits in OpenSMTPD's queue
        m.put("dovecot", "mail apps cannot log in or read mail, and incoming mail waits in the queue");
        m.put("rspamd", "OpenSMTPD refuses incoming mail while its filter cannot scan");
        m.put("redis-server", "rspamd loses its history (greylisting, rate limits, learned spam)");
        return m;
    }

    /**
     * The script's text.
     *
     * @param hostname     the mail host name (the alert mail's subject and the certificate's name)
     * @param postmaster   who gets the alert mail, such as {@code postmaster@example.com}; also its sender, so the mail
     *                     is signed with that domain's DKIM key
     * @param certificate  the certificate chain the services use
     * @param fallbackCertificate the stand-in certificate used while certbot could not issue one
     * @param certbot      whether certbot renews the certificate (its timer is then checked)
     */
    public static String script(String hostname, String postmaster, String certificate, String fallbackCertificate, boolean certbot) {
        String services = SERVICES.entrySet().stream().map(e -> "check_service " + e.getKey() + " " + Shell.quote(e.getValue()))
                .collect(Collectors.joining("\n    "));
        String ports = MailPorts.FIREWALL.stream().map(String::valueOf).collect(Collectors.joining(" "));
        return TEMPLATE
                .replace("{{HEADER}}", MailLayout.HEADER)
                .replace("{{HOSTNAME}}", Shell.quote(hostname))
                .replace("{{POSTMASTER}}", Shell.quote(postmaster))
                .replace("{{CERT}}", Shell.quote(certificate))
                .replace("{{FALLBACK_CERT}}", Shell.quote(fallbackCertificate))
                .replace("{{CERTBOT}}", certbot ? "yes" : "no")
                .replace("{{VMAIL}}", Shell.quote(MailLayout.VMAIL))
                .replace("{{BACKUP_STATUS}}", Shell.quote(BackupLayout.STATUS_FILE))
                .replace("{{BACKUP_SERVICE}}", BackupLayout.SERVICE)
                .replace("{{BACKUP_TIMER}}", BackupLayout.TIMER)
                .replace("{{STALE_DAYS}}", String.valueOf(BackupLayout.STALE_DAYS))
                .replace("{{BACKUP_NOW}}", BACKUP_NOW)
                .replace("{{QUEUE_NOW}}", QUEUE_NOW)
                .replace("{{HUMAN_AWK}}", HUMAN_AWK)
                .replace("{{QUOTA_WARN}}", String.valueOf(org.mailwright.model.QuotaSize.WARNING_PERCENT))
                .replace("{{STATE}}", Shell.quote(STATE_FILE))
                .replace("{{PORTS}}", ports)
                .replace("{{FIRST_JAIL}}", org.mailwright.render.Fail2ban.DOVECOT_JAIL)
                .replace("{{JAILS}}", String.join(" ", org.mailwright.render.Fail2ban.jails(org.mailwright.render.Fail2ban.Ssh.OFF)))
                .replace("{{SERVICES}}", services);
    }

    /** The alert timer's service: runs the script in {@code --alert} mode, after the mail services are up. */
    public static String service() {
        return """
                # %s
                [Unit]
                Description=Mailwright: check the mail server and mail the postmaster when a result changes
                After=network-online.target opensmtpd.service dovecot.service rspamd.service

                [Service]
                Type=oneshot
                ExecStart=%s --alert
                Nice=10
                """.formatted(MailLayout.HEADER, PATH);
    }

    /** Daily (at a random minute of the early morning) and 10 minutes after each boot. */
    public static String timer() {
        return """
                # %s
                [Unit]
                Description=Mailwright: daily server checks, mail on change

                [Timer]
                OnBootSec=10min
                OnCalendar=*-*-* 05:30
                RandomizedDelaySec=1h
                Persistent=true

                [Install]
                WantedBy=timers.target
                """.formatted(MailLayout.HEADER);
    }

    /**
     * Reads the script's output into checks, in the script's order; lines that are not six tab-separated fields (a
     * stray message from a tool) are ignored.
     */
    public static List<StatusCheck> parse(String output) {
        List<String[]> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length == 6 && (f[2].equals(SKIPPED) || List.of("OK", "WARN", "ERROR").contains(f[2]))) {
                lines.add(f);
            }
        }
        List<StatusCheck> out = new ArrayList<>();
        for (String[] f : lines) {
            if (f[2].equals(SKIPPED)) {
                // the message field holds the id of the check that failed; name it as that check is named
                String cause = lines.stream().filter(o -> o[0].equals(f[4])).map(o -> o[3]).findFirst().orElse(f[4]);
                out.add(StatusCheck.skipped(f[0], f[1], f[3], f[4], cause));
            } else {
                Severity s = Severity.valueOf(f[2]);
                out.add(StatusCheck.of(f[0], f[1], new Finding(s, f[3], f[4], s == Severity.OK ? "" : f[5])));
            }
        }
        return out;
    }

    /** The severity word of a check the script did not run, its message field the id of the check that failed. */
    static final String SKIPPED = "SKIPPED";

    private static final String TEMPLATE = """
            #!/bin/sh
            # {{HEADER}}
            # The server's own checks, for `mailwright status`, the dashboard and (with --alert) the daily timer that
            # mails the postmaster when a result changes. Prints: id TAB group TAB severity TAB check TAB message TAB fix
            set -u
            export LC_ALL=C
            HOSTNAME_={{HOSTNAME}}
            POSTMASTER={{POSTMASTER}}
            CERT={{CERT}}
            FALLBACK_CERT={{FALLBACK_CERT}}
            CERTBOT={{CERTBOT}}
            VMAIL={{VMAIL}}
            BACKUP_STATUS=${MAILWRIGHT_BACKUP_STATUS:-{{BACKUP_STATUS}}}
            STATE=${MAILWRIGHT_STATUS_STATE:-{{STATE}}}
            NOW=${MAILWRIGHT_NOW:-$(date +%s)}
            SENDMAIL=${MAILWRIGHT_SENDMAIL:-/usr/sbin/sendmail}

            r() { printf '%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' "$1" "$2" "$3" "$4" "$5" "${6:-}"; }
            # bytes as "6.2 MiB", like the window and the CLI
            human() { awk -v b="$1" '{{HUMAN_AWK}} BEGIN { printf "%s", human(b) }'; }
            # seconds as "5 min ago", "20 h ago", "3 days ago"
            ago() { s=$1; if [ "$s" -lt 60 ]; then echo "just now"; elif [ "$s" -lt 3600 ]; then echo "$((s / 60)) min ago"; elif [ "$s" -lt 172800 ]; then echo "$((s / 3600)) h ago"; else echo "$((s / 86400)) days ago"; fi; }

            check_service() {
                if ! systemctl cat "$1" >/dev/null 2>&1; then
                    r "service.$1" System ERROR "Service $1" "$1 is not installed: $2" "Set the server up with mailwright apply: it installs and configures the mail services."
                    return
                fi
                state=$(systemctl is-active "$1" 2>/dev/null)
                [ -n "$state" ] || state=unknown
                if [ "$state" = active ]; then
                    r "service.$1" System OK "Service $1" "running"
                else
                    r "service.$1" System ERROR "Service $1" "$1 is $state: $2" "Start it with systemctl restart $1 on the server; journalctl -u $1 -n 50 says why it stopped."
                fi
            }

            check_services() {
                {{SERVICES}}
            }

            check_ports() {
                listening=$(ss -Htln 2>/dev/null)
                for p in {{PORTS}}; do
                    case $p in 993|4190) svc=dovecot ;; *) svc=opensmtpd ;; esac
                    # a stopped service is its own check's problem: its ports are not reported a second time
                    if ! systemctl is-active --quiet "$svc" 2>/dev/null; then
                        r "port.$p" Network SKIPPED "Port $p" "service.$svc" ""
                    elif printf '%s\\n' "$listening" | awk -v p="$p" '{ n = split($4, a, ":"); if (a[n] == p) f = 1 } END { exit !f }'; then
                        r "port.$p" Network OK "Port $p" "listening"
                    else
                        r "port.$p" Network ERROR "Port $p" "nothing listens on port $p" "See the service's log: journalctl -u $svc -n 50 on the server."
                    fi
                done
            }

            check_disk() {
                line=$(df -P "$VMAIL" 2>/dev/null | awk 'NR == 2 { print $2, $4, $5, $6 }')
                if [ -z "$line" ]; then
                    r disk.vmail System WARN "Disk $VMAIL" "df could not read $VMAIL" "Check that $VMAIL exists and its file system is mounted."
                    return
                fi
                set -- $line
                pct=${3%\\%}
                said="$pct % used, $(human $(($2 * 1024))) free of $(human $(($1 * 1024))) (on $4)"
                if [ "$pct" -ge 97 ]; then
                    r disk.vmail System ERROR "Disk $VMAIL" "$said" "Free space now: mail is refused when the disk fills. Delete old mail, or grow the disk at your hosting provider."
                elif [ "$pct" -ge 90 ]; then
                    r disk.vmail System WARN "Disk $VMAIL" "$said" "Free space soon: delete old mail or grow the disk at your hosting provider (du -sh $VMAIL/*/* shows the biggest mailboxes)."
                else
                    r disk.vmail System OK "Disk $VMAIL" "$said"
                fi
                line=$(df -Pi "$VMAIL" 2>/dev/null | awk 'NR == 2 { print $2, $4, $5 }')
                set -- $line
                if [ -z "$line" ] || [ "${1:-0}" = 0 ] || [ "${3:--}" = - ]; then
                    r inodes.vmail System OK "Inodes $VMAIL" "the file system has no inode limit"
                    return
                fi
                ipct=${3%\\%}
                said="$ipct % of the inodes used, $2 free (one per message)"
                if [ "$ipct" -ge 97 ]; then
                    r inodes.vmail System ERROR "Inodes $VMAIL" "$said" "Free inodes now: no new message can be stored. Delete old mail, or move $VMAIL to a larger file system."
                elif [ "$ipct" -ge 90 ]; then
                    r inodes.vmail System WARN "Inodes $VMAIL" "$said" "Delete old mail, or move $VMAIL to a larger file system soon."
                else
                    r inodes.vmail System OK "Inodes $VMAIL" "$said"
                fi
            }

            check_memory() {
                set -- $(awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { print t + 0, a + 0 }' /proc/meminfo)
                said="$(human $(($2 * 1024))) of $(human $(($1 * 1024))) available"
                if [ "$1" -gt 0 ] && [ $(($2 * 100 / $1)) -lt 10 ]; then
                    r memory System WARN "Memory" "only $said" "See what uses it with ps aux --sort=-rss | head on the server; a server with rspamd wants 2 GiB, add swap or memory."
                else
                    r memory System OK "Memory" "$said"
                fi
            }

            check_updates() {
                sim=$(apt-get -s -o Debug::NoLocking=true dist-upgrade 2>/dev/null)
                security=$(printf '%s\\n' "$sim" | awk '/^Inst / && /-security/ { print $2 }')
                count=$(printf '%s\\n' "$sim" | grep -c '^Inst ')
                if [ -n "$security" ]; then
                    n=$(printf '%s\\n' "$security" | wc -l)
                    names=$(printf '%s\\n' "$security" | head -n 5 | tr '\\n' ' ' | sed 's/ $//')
                    [ "$n" -gt 5 ] && names="$names, ..."
                    r updates.security System WARN "Security updates" "$n security updates are waiting ($names)" "Install them: apt-get update && apt-get upgrade on the server (unattended-upgrades does this every day once installed)."
                else
                    r updates.security System OK "Security updates" "none waiting ($count other updates; as of apt's last update)"
                fi
                running=$(uname -r)
                newest=$(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -V | tail -n 1)
                if [ -e /run/reboot-required ]; then
                    r reboot System WARN "Reboot" "a reboot is required to finish installing updates" "Reboot the server at a quiet time: systemctl reboot (mail waits at the senders meanwhile)."
                elif [ -n "$newest" ] && [ -e "/lib/modules/$running" ] && [ "$newest" != "$running" ]; then
                    r reboot System WARN "Reboot" "kernel $newest is installed but $running is running" "Reboot the server at a quiet time: systemctl reboot (mail waits at the senders meanwhile)."
                else
                    r reboot System OK "Reboot" "not needed (kernel $running)"
                fi
            }

            check_certificate() {
                cert=$CERT
                [ -r "$cert" ] || cert=$FALLBACK_CERT
                if [ ! -r "$cert" ]; then
                    r certificate System ERROR "Certificate" "no certificate at $CERT" "Run mailwright apply again: its TLS step gets one."
                    return
                fi
                end=$(openssl x509 -enddate -noout -in "$cert" 2>/dev/null | sed 's/^notAfter=//')
                ends=$(date -d "$end" +%s 2>/dev/null || echo 0)
                days=$(( (ends - NOW) / 86400 ))
                which="the certificate for $HOSTNAME_"
                [ "$cert" = "$FALLBACK_CERT" ] && [ "$cert" != "$CERT" ] && which="the stand-in certificate (certbot has not issued one)"
                if [ "$ends" -le "$NOW" ]; then
                    r certificate System ERROR "Certificate" "$which expired on $(date -u -d @"$ends" +%F)" "Renew it: certbot renew on the server, and see journalctl -u certbot -n 50 for why it was not renewed."
                elif [ "$days" -lt 7 ]; then
                    r certificate System ERROR "Certificate" "$which expires in $days days" "Renew it now: certbot renew on the server; journalctl -u certbot -n 50 says why renewals fail."
                elif [ "$days" -lt 21 ] && [ "$CERTBOT" = yes ]; then
                    r certificate System WARN "Certificate" "$which expires in $days days: renewals have been failing" "Run certbot renew on the server and read what it says (journalctl -u certbot -n 50)."
                else
                    r certificate System OK "Certificate" "$which is valid for $days more days"
                fi
                [ "$CERTBOT" = yes ] || return
                timer=$(systemctl is-active certbot.timer 2>/dev/null)
                result=$(systemctl show -p Result --value certbot.service 2>/dev/null)
                exited=$(systemctl show -p ExecMainExitTimestamp --value certbot.service 2>/dev/null)
                status=$(systemctl show -p ExecMainStatus --value certbot.service 2>/dev/null)
                if [ "$timer" != active ]; then
                    r renewal System WARN "Certificate renewal" "certbot's renewal timer is ${timer:-missing}" "Turn it on: systemctl enable --now certbot.timer on the server."
                elif [ -z "$exited" ] || [ "$exited" = n/a ]; then
                    r renewal System OK "Certificate renewal" "certbot.timer is active; no renewal has run since the last boot"
                elif [ "$result" = success ]; then
                    r renewal System OK "Certificate renewal" "the last renewal run succeeded ($exited)"
                else
                    r renewal System WARN "Certificate renewal" "the last renewal run failed (exit ${status:-?}, $exited)" "Read why: journalctl -u certbot -n 50 on the server, then certbot renew."
                fi
            }

            check_backup() {
                running=no
                case $(systemctl is-active {{BACKUP_SERVICE}} 2>/dev/null) in active|activating) running=yes ;; esac
                last_ok=; result=; error=; bytes=0; verified=; offsite=none
                if [ -r "$BACKUP_STATUS" ]; then
                    while IFS='=' read -r k v; do
                        case $k in
                            last_ok) last_ok=$v ;; result) result=$v ;; error) error=$v ;; bytes) bytes=$v ;;
                            verified) verified=$v ;; offsite) offsite=$v ;;
                        esac
                    done < "$BACKUP_STATUS"
                fi
                if [ -z "$last_ok" ] && [ "$result" != failed ]; then
                    if [ $running = yes ]; then
                        r backup System OK "Backups" "the first snapshot is being made now"
                    else
                        r backup System WARN "Backups" "no backup yet" "Make one now with {{BACKUP_NOW}}; the server makes one every night."
                    fi
                    return
                fi
                recent=no
                if [ -n "$last_ok" ]; then
                    age=$((NOW - last_ok))
                    [ $((age / 86400)) -lt {{STALE_DAYS}} ] && recent=yes
                    said="last backup $(ago $age), $(human "$bytes")"
                    if [ "$verified" = yes ]; then said="$said, verified"; else said="$said, not verified"; fi
                else
                    said="no good backup yet"
                fi
                if [ "$result" = failed ]; then
                    if [ $recent = yes ]; then sev=WARN; else sev=ERROR; fi
                    r backup System $sev "Backups" "the last backup failed: $error ($said)" "Fix the cause shown, then run {{BACKUP_NOW}}."
                elif [ $recent = no ]; then
                    r backup System WARN "Backups" "$said: older than {{STALE_DAYS}} days" "Is the timer running? systemctl status {{BACKUP_TIMER}} on the server; or run {{BACKUP_NOW}}."
                else
                    case $offsite in
                        failed*) r backup System WARN "Backups" "$said; the offsite copy $offsite" "Check backup.offsite and its credentials, then run {{BACKUP_NOW}}." ;;
                        ok) r backup System OK "Backups" "$said, copied offsite" ;;
                        *) r backup System OK "Backups" "$said" ;;
                    esac
                fi
            }

            # mail that cannot leave: smtpd retries for 4 days, then bounces; a day of waiting is worth knowing about
            check_queue() {
                systemctl is-active --quiet opensmtpd 2>/dev/null || { r queue Network SKIPPED "Mail queue" service.opensmtpd ""; return; }
                smtpctl show queue 2>/dev/null | awk -F '|' -v now="$NOW" '
                    NF >= 14 { n++; age = now - $8; if (age > 86400) { old++ } if (oldest == "" || $8 < oldest) { oldest = $8; rcpt = $6; err = $14 } }
                    END {
                        if (n == 0) { printf "queue\\tNetwork\\tOK\\tMail queue\\tempty\\t\\n"; exit }
                        a = now - oldest
                        if (a < 3600) w = int(a / 60) " min"; else if (a < 172800) w = int(a / 3600) " h"; else w = int(a / 86400) " days"
                        said = n " message" (n > 1 ? "s" : "") " waiting; the oldest, to " rcpt ", for " w (err != "" ? " (smtpd: " err ")" : "")
                        if (old > 0) printf "queue\\tNetwork\\tWARN\\tMail queue\\t%s\\tSee each one with {{QUEUE_NOW}}: its last error says why it cannot leave; retry or remove it there.\\n", said
                        else printf "queue\\tNetwork\\tOK\\tMail queue\\t%s\\t\\n", said
                    }'
            }

            # mailboxes at or over QuotaSize.WARNING_PERCENT of their quota, from Dovecot's own count (one doveadm call)
            check_quota() {
                systemctl is-active --quiet dovecot 2>/dev/null || { r quota System SKIPPED "Mailbox quotas" service.dovecot ""; return; }
                doveadm -f tab quota get -A 2>/dev/null | awk -F '\\t' -v warn={{QUOTA_WARN}} '
                    {{HUMAN_AWK}}
                    NR > 1 && $3 == "STORAGE" && $5 ~ /^[0-9]+$/ && $5 > 0 {
                        limited++; pct = int($4 * 100 / $5)
                        said = $1 " (" human($4 * 1024) " of " human($5 * 1024) ", " pct " %)"
                        if (pct >= 100) { nfull++; if (nfull <= 5) full = full (full == "" ? "" : ", ") said; if (first == "") first = $1 }
                        else if (pct >= warn) { nnear++; if (nnear <= 5) near = near (near == "" ? "" : ", ") said; if (first == "") first = $1 }
                    }
                    END {
                        # one line whatever the number of mailboxes, with the worst level, so an alert says once what changed
                        if (nfull > 5) full = full " and " (nfull - 5) " more"
                        if (nnear > 5) near = near " and " (nnear - 5) " more"
                        fix = "The person deletes mail or empties Trash and Junk, or give more room: mailwright users quota " first " SIZE --server SPEC"
                        if (nfull > 0) printf "quota\\tSystem\\tERROR\\tMailbox quotas\\tfull, new mail refused until there is room (senders retry for a few days): %s%s\\t%s\\n", full, (near == "" ? "" : "; nearly full: " near), fix
                        else if (nnear > 0) printf "quota\\tSystem\\tWARN\\tMailbox quotas\\tnearly full: %s\\t%s\\n", near, fix
                        else printf "quota\\tSystem\\tOK\\tMailbox quotas\\t%d mailbox%s with a quota, all below %d %%\\t\\n", limited, (limited == 1 ? "" : "es"), warn
                    }'
            }

            check_ssh() {
                pw=$(sshd -T 2>/dev/null | awk '$1 == "passwordauthentication" { print $2 }')
                if [ "$pw" = yes ]; then
                    r ssh.password System WARN "SSH passwords" "SSH accepts passwords: anyone can try to guess one" "Log in with a key (ssh-copy-id root@$HOSTNAME_ from your computer), then put PasswordAuthentication no in /etc/ssh/sshd_config.d/60-no-passwords.conf and run systemctl reload ssh."
                elif [ -n "$pw" ]; then
                    r ssh.password System OK "SSH passwords" "SSH accepts keys only"
                fi
            }

            # the brute-force protection: fail2ban running with Mailwright's jails, and how many addresses are banned now
            check_protection() {
                if ! command -v fail2ban-client >/dev/null 2>&1; then
                    r protection System WARN "Brute-force protection" "fail2ban is not installed: passwords can be guessed without limit" "Run mailwright apply: it installs and configures fail2ban."
                    return
                fi
                state=$(systemctl is-active fail2ban 2>/dev/null)
                if [ "$state" != active ]; then
                    r protection System ERROR "Brute-force protection" "fail2ban is not running (${state:-unknown}): passwords can be guessed without limit" "Start it with systemctl restart fail2ban on the server; journalctl -u fail2ban -n 50 says why it stopped."
                    return
                fi
                jails=$(fail2ban-client status 2>/dev/null | sed -n 's/.*Jail list:[[:space:]]*//p' | tr -d ' ')
                missing=
                for j in {{JAILS}}; do
                    case ",$jails," in *",$j,"*) ;; *) missing="$missing $j" ;; esac
                done
                if [ -n "$missing" ]; then
                    r protection System ERROR "Brute-force protection" "fail2ban runs without the jail(s)$missing" "Run mailwright apply again; journalctl -u fail2ban -n 50 says why a jail did not start."
                    return
                fi
                n=0
                for j in $(printf '%s' "$jails" | tr ',' ' '); do
                    c=$(fail2ban-client get "$j" banip 2>/dev/null | wc -w)
                    n=$((n + c))
                done
                # the addresses never banned besides loopback: the one Mailwright connects from and protection.ignore
                ign=$(fail2ban-client get {{FIRST_JAIL}} ignoreip 2>/dev/null | sed -n 's/^[|`]- //p' | grep -v -e '^127\\.' -e '^::1$' | tr '\\n' ' ' | sed 's/ $//')
                r protection System OK "Brute-force protection" "fail2ban is on; $n ban$( [ "$n" -ne 1 ] && echo s) now${ign:+; never banned: $ign}"
            }

            all() {
                check_services
                check_ports
                check_disk
                check_memory
                check_certificate
                check_backup
                check_ssh
                check_protection
                check_queue
                check_quota
                check_updates
            }

            # --only services,backup: just those check_* functions
            only() {
                for c in $(printf '%s\\n' "$1" | tr ',' ' '); do
                    case $c in
                        services|ports|disk|memory|certificate|backup|ssh|protection|queue|quota|updates) "check_$c" ;;
                        *) echo "mailwright-status: unknown check $c" >&2; exit 2 ;;
                    esac
                done
            }

            # --alert: mail the postmaster what changed since the last run (new problems and fixed ones), then remember
            alert() {
                # mail held while Dovecot (the MDA, over LMTP) was down waits for smtpd's next retry, which can be an
                # hour away: once the services are up, deliver it now, earlier alerts included
                if systemctl is-active --quiet dovecot 2>/dev/null && systemctl is-active --quiet opensmtpd 2>/dev/null; then
                    smtpctl schedule all >/dev/null 2>&1 || true
                fi
                now=$(all)
                new=$(printf '%s\\n' "$now" | awk -F '\\t' -v state="$STATE" '
                    BEGIN { while ((getline l < state) > 0) { split(l, f, "\\t"); was[f[1]] = f[2] } }
                    ($3 == "WARN" || $3 == "ERROR") && was[$1] != $3 { print }')
                fixed=$(printf '%s\\n' "$now" | awk -F '\\t' -v state="$STATE" '
                    BEGIN { while ((getline l < state) > 0) { split(l, f, "\\t"); if (f[2] == "WARN" || f[2] == "ERROR") was[f[1]] = f[2] } }
                    $3 == "OK" && ($1 in was) { print }')
                mkdir -p "$(dirname "$STATE")"
                # a report the local mail system refused last time (rspamd or OpenSMTPD down) goes out with this one
                unsent=
                [ -s "$STATE.unsent" ] && unsent=$(cat "$STATE.unsent")
                if [ -n "$new" ] || [ -n "$fixed" ] || [ -n "$unsent" ]; then
                    n_new=0; n_fixed=0
                    [ -n "$new" ] && n_new=$(printf '%s\\n' "$new" | wc -l)
                    [ -n "$fixed" ] && n_fixed=$(printf '%s\\n' "$fixed" | wc -l)
                    subject="$HOSTNAME_:"
                    [ "$n_new" -gt 0 ] && subject="$subject $n_new new problem$( [ "$n_new" -gt 1 ] && echo s)"
                    [ "$n_new" -gt 0 ] && [ "$n_fixed" -gt 0 ] && subject="$subject,"
                    [ "$n_fixed" -gt 0 ] && subject="$subject $n_fixed fixed"
                    [ -n "$unsent" ] && [ "$n_new" -eq 0 ] && [ "$n_fixed" -eq 0 ] && subject="$subject a report that could not be sent"
                    still=$(printf '%s\\n' "$now" | awk -F '\\t' -v state="$STATE" '
                        BEGIN { while ((getline l < state) > 0) { split(l, f, "\\t"); was[f[1]] = f[2] } }
                        ($3 == "WARN" || $3 == "ERROR") && was[$1] == $3 { print }')
                    {
                        printf 'From: Mailwright on %s <%s>\\n' "$HOSTNAME_" "$POSTMASTER"
                        printf 'To: %s\\n' "$POSTMASTER"
                        printf 'Subject: %s\\n' "$subject"
                        printf 'Date: %s\\n' "$(date -R)"
                        printf 'Message-ID: <mailwright-status-%s-%s@%s>\\n' "$NOW" "$$" "$HOSTNAME_"
                        printf 'Auto-Submitted: auto-generated\\nMIME-Version: 1.0\\nContent-Type: text/plain; charset=utf-8\\nContent-Transfer-Encoding: 8bit\\n\\n'
                        if [ -n "$new" ]; then
                            printf 'New problems on %s:\\n\\n' "$HOSTNAME_"
                            printf '%s\\n' "$new" | awk -F '\\t' '{ printf "  %-5s %s: %s\\n        Fix: %s\\n\\n", $3, $4, $5, $6 }'
                        fi
                        if [ -n "$fixed" ]; then
                            printf 'Fixed:\\n\\n'
                            printf '%s\\n' "$fixed" | awk -F '\\t' '{ printf "  OK    %s: %s\\n", $4, $5 }'
                            printf '\\n'
                        fi
                        if [ -n "$unsent" ]; then
                            printf 'Not sent earlier, because the mail system on the server refused it then:\\n\\n%s\\n\\n' "$unsent"
                        fi
                        if [ -n "$still" ]; then
                            printf 'Still to fix:\\n\\n'
                            printf '%s\\n' "$still" | awk -F '\\t' '{ printf "  %-5s %s: %s\\n        Fix: %s\\n\\n", $3, $4, $5, $6 }'
                        fi
                        printf -- '-- \\nMailwright checks this server every day and after each boot, and writes only when a result changes.\\n'
                        printf 'Run mailwright status (or open the server in Mailwright) for every check, DNS and blocklists included.\\n'
                    } > "$STATE.mail"
                    if "$SENDMAIL" -f "$POSTMASTER" "$POSTMASTER" < "$STATE.mail"; then
                        rm -f "$STATE.unsent"
                    else
                        # kept whole for the next run, which sends it with what it finds then: an outage of the mail
                        # system itself is reported once it works again, not lost
                        sed '1,/^$/d; /^-- $/,$d' "$STATE.mail" | sed "1s/^/[$(date -u '+%F %H:%M UTC')]\\n/" > "$STATE.unsent.new"
                        mv -f "$STATE.unsent.new" "$STATE.unsent"
                        echo "mailwright-status: sendmail failed; the next run sends this report" >&2
                        # the next run in half an hour, not tomorrow: the mail system is often back by then
                        systemd-run --quiet --collect --on-active=30min "$0" --alert >/dev/null 2>&1 || true
                        sent_failed=yes
                    fi
                fi
                printf '%s\\n' "$now" | awk -F '\\t' 'NF >= 3 { print $1 "\\t" $3 }' > "$STATE.new" && mv -f "$STATE.new" "$STATE"
                printf '%s\\n' "$now"
                [ "${sent_failed:-}" = yes ] && exit 1
                return 0
            }

            case ${1:-} in
                --alert) alert ;;
                --only) only "${2:-}" ;;
                *) all ;;
            esac
            """;
}
