package org.mailwright.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Line diffs in unified format (as {@code diff -u} prints them), for plans a person reviews: as text for a terminal
 * ({@link #unified}) or as {@link DiffLine}s for a view that colours them ({@link #lines}).
 */
public final class TextDiff {
    private static final int CONTEXT = 3;
    /** Beyond this many cell comparisons the LCS table is too big; the diff then replaces the whole file. */
    private static final long MAX_CELLS = 20_000_000L;

    private TextDiff() {
    }

    private record Op(char kind, String line) {
    }

    /**
     * The unified diff from {@code before} to {@code after} as text, or "" when they are equal.
     *
     * @param path    the file's name in the headers
     * @param created the file does not exist yet: the old side is named {@code /dev/null}
     */
    public static String unified(String path, String before, String after, boolean created) {
        return DiffLine.text(lines(path, before, after, created));
    }

    /**
     * The same diff as {@link #unified}, line by line with each line's kind; empty when the texts are equal.
     *
     * @param path    the file's name in the headers
     * @param created the file does not exist yet: the old side is named {@code /dev/null}
     */
    public static List<DiffLine> lines(String path, String before, String after, boolean created) {
        if (before.equals(after)) {
            return List.of();
        }
        List<String> a = splitLines(before);
        List<String> b = splitLines(after);
        List<Op> ops = diff(a, b);
        List<DiffLine> out = new ArrayList<>();
        out.add(DiffLine.header("--- " + (created ? "/dev/null" : path)));
        out.add(DiffLine.header("+++ " + path));
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
            List<DiffLine> body = new ArrayList<>();
            for (int k = start; k < end; k++) {
                Op op = ops.get(k);
                body.add(new DiffLine(op.kind == '+' ? DiffLine.Kind.ADDED : op.kind == '-' ? DiffLine.Kind.REMOVED
                        : DiffLine.Kind.CONTEXT, op.kind + op.line));
                if (op.kind != '+') {
                    countA++;
                }
                if (op.kind != '-') {
                    countB++;
                }
            }
            out.add(DiffLine.header("@@ -" + (countA == 0 ? lineA - 1 : lineA) + "," + countA
                    + " +" + (countB == 0 ? lineB - 1 : lineB) + "," + countB + " @@"));
            out.addAll(body);
            lineA += countA;
            lineB += countB;
            i = end;
        }
        return List.copyOf(out);
    }

    private static List<String> splitLines(String text) {
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
