package org.mailwright.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The ASCII (xn--) form of an internationalized domain name, so a refusal can say exactly what to write instead.
 * Written from RFC 3492 rather than using java.net.IDN: the model does no networking (ArchitectureTest), and IDN
 * implements IDNA2003, which maps {@code ß} to {@code ss} where registries today (IDNA2008) keep it. Labels are
 * lower-cased and NFC-normalized first; anything but letters, digits and hyphens gets no suggestion.
 */
final class Punycode {
    private static final int BASE = 36;
    private static final int TMIN = 1;
    private static final int TMAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 128;

    private Punycode() {
    }

    /** {@code name} with every non-ASCII label as an xn-- A-label, or empty when no sensible one exists. */
    static Optional<String> toAscii(String name) {
        String n = Normalizer.normalize(name.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder();
        for (String label : n.split("\\.", -1)) {
            if (out.length() > 0) {
                out.append('.');
            }
            if (label.chars().allMatch(c -> c < 128)) {
                out.append(label);
            } else if (label.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
                out.append("xn--").append(encode(label));
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    /** RFC 3492 section 6.3, for one label. */
    static String encode(String label) {
        int[] input = label.codePoints().toArray();
        StringBuilder output = new StringBuilder();
        for (int c : input) {
            if (c < 128) {
                output.append((char) c);
            }
        }
        int basic = output.length();
        int handled = basic;
        if (basic > 0) {
            output.append('-');
        }
        int n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < input.length) {
            int m = Integer.MAX_VALUE;
            for (int c : input) {
                if (c >= n && c < m) {
                    m = c;
                }
            }
            delta += (long) (m - n) * (handled + 1);
            n = m;
            for (int c : input) {
                if (c < n) {
                    delta++;
                }
                if (c == n) {
                    long q = delta;
                    for (int k = BASE; ; k += BASE) {
                        int t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
                        if (q < t) {
                            break;
                        }
                        output.append(digit((int) (t + (q - t) % (BASE - t))));
                        q = (q - t) / (BASE - t);
                    }
                    output.append(digit((int) q));
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return output.toString();
    }

    private static int adapt(long delta, int points, boolean first) {
        delta = first ? delta / DAMP : delta / 2;
        delta += delta / points;
        int k = 0;
        while (delta > ((BASE - TMIN) * TMAX) / 2) {
            delta /= BASE - TMIN;
            k += BASE;
        }
        return (int) (k + (BASE - TMIN + 1) * delta / (delta + SKEW));
    }

    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }
}
