package org.mailwright.engine;

import java.util.ArrayList;
import java.util.List;

/** Line diffs in unified format (as {@code diff -u} prints them), for plans a person reviews. */
public final class TextDiff {
    private static final int CONTEXT = 3;
    /** Beyond this many cell comparisons the LCS table is too big; the diff then replaces the whole file. */
    private static final long MAX_CELLS = 20_000_000L;

    private TextDiff() {
    }

    private record Op(char kind, String line) {
    }

    public static String unified(String path, String before, String after, boolean created) {
        if (before.equals(after)) {
            return "";
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<Op> ops = diff(a, b);
        StringBuilder sb = new StringBuilder();
        sb.append("--- ").append(created ? "/dev/null" : path).append('\n');
        sb.append("+++ ").append(path).append('\n');
        int i = 0;
        int lineA = 1;
        int lineB = 1;
        while (i < ops.size()) {
            int next = i;
            while (next < ops.size() && ops.get(next).kind == ' ') {
                next++;
            }
            if (next == ops.size()) {
                break;
            }
            int start = Math.max(i, next - CONTEXT);
            for (int k = i; k < start; k++) {
                lineA++;
                lineB++;
            }
            // extend the hunk until CONTEXT*2 unchanged lines separate it from the next change
            int end = next;
            int quiet = 0;
            while (end < ops.size() && quiet <= CONTEXT * 2) {
                quiet = ops.get(end).kind == ' ' ? quiet + 1 : 0;
                end++;
            }
            end = Math.min(ops.size(), end - Math.max(0, quiet - CONTEXT));
            int countA = 0;
            int countB = 0;
            StringBuilder body = new StringBuilder();
            for (int k = start; k < end; k++) {
                Op op = ops.get(k);
                body.append(op.kind).append(op.line).append('\n');
                if (op.kind != '+') {
                    countA++;
                }
                if (op.kind != '-') {
                    countB++;
                }
            }
            sb.append("@@ -").append(countA == 0 ? lineA - 1 : lineA).append(',').append(countA)
              .append(" +").append(countB == 0 ? lineB - 1 : lineB).append(',').append(countB).append(" @@\n");
            sb.append(body);
            lineA += countA;
            lineB += countB;
            i = end;
        }
        return sb.toString();
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }

    private static List<Op> diff(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        List<Op> ops = new ArrayList<>();
        if ((long) n * m > MAX_CELLS) {
            a.forEach(l -> ops.add(new Op('-', l)));
            b.forEach(l -> ops.add(new Op('+', l)));
            return ops;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i++)));
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                ops.add(new Op('+', b.get(j++)));
            } else {
                ops.add(new Op('-', a.get(i++)));
            }
        }
        // removals read better before the additions that replace them
        for (int k = 1; k < ops.size(); k++) {
            int p = k;
            while (p > 0 && ops.get(p).kind == '-' && ops.get(p - 1).kind == '+') {
                Op t = ops.get(p - 1);
                ops.set(p - 1, ops.get(p));
                ops.set(p, t);
                p--;
            }
        }
        return ops;
    }
}
