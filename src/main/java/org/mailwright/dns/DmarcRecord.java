package org.mailwright.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A published DMARC policy (RFC 7489 6.3), parsed strictly enough that a receiver would accept it. */
public record DmarcRecord(DmarcPolicy policy, List<String> reportAddresses, int percent) {

    public static DmarcRecord parse(String joined) throws MalformedRecordException {
        String s = joined.strip();
        // RFC 7489 6.4: v=DMARC1 must come first, exactly so; receivers ignore the record otherwise
        if (!s.matches("v\\s*=\\s*DMARC1\\s*(;.*)?")) {
            throw new MalformedRecordException("DMARC record must start with 'v=DMARC1;', not '" + abbreviate(s) + "'");
        }
        Map<String, String> tags = TagList.parse(s, "DMARC");
        String p = tags.get("p");
        if (p == null) {
            throw new MalformedRecordException("DMARC record has no p= tag (none, quarantine or reject)");
        }
        DmarcPolicy policy;
        try {
            policy = DmarcPolicy.valueOf(p.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException("DMARC p=" + p + " is not one of none, quarantine, reject");
        }
        List<String> rua = new ArrayList<>();
        if (tags.containsKey("rua")) {
            for (String uri : tags.get("rua").split(",")) {
                String u = uri.strip();
                if (!u.toLowerCase(Locale.ROOT).startsWith("mailto:") || !u.contains("@")) {
                    throw new MalformedRecordException("DMARC rua entry '" + u + "' must be a mailto: address");
                }
                rua.add(u.substring("mailto:".length()).replaceFirst("!.*$", ""));
            }
        }
        int pct = 100;
        if (tags.containsKey("pct")) {
            try {
                pct = Integer.parseInt(tags.get("pct"));
            } catch (NumberFormatException e) {
                pct = -1;
            }
            if (pct < 0 || pct > 100) {
                throw new MalformedRecordException("DMARC pct=" + tags.get("pct") + " must be a number from 0 to 100");
            }
        }
        return new DmarcRecord(policy, List.copyOf(rua), pct);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
