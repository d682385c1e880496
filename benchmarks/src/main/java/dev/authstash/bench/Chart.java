package dev.authstash.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;

/** One grouped bar chart panel drawn with Java2D: groups along x, one bar per series, values labelled. */
final class Chart {
    static final Color[] COLORS = {new Color(0xD6604D), new Color(0x4393C3), new Color(0x92C5DE),
        new Color(0xF4A582), new Color(0x878787), new Color(0x5AAE61)};

    /**
     * @param values [group][series]; NaN = no bar
     * @param log    logarithmic y axis (for values spanning orders of magnitude)
     */
    record Panel(String title, String unit, List<String> groups, List<String> series, double[][] values,
                 boolean log) {}

    private Chart() {}

    static void draw(Graphics2D g, Panel p, int x, int y, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(p.title(), x + 12, y + 22);
        int left = x + 70;
        int top = y + 40;
        int right = x + w - 12;
        int bottom = y + h - 80;
        double max = 0;
        double min = Double.MAX_VALUE;
        for (double[] row : p.values()) {
            for (double v : row) {
                if (!Double.isNaN(v) && v > 0) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        double lo = p.log() ? Math.pow(10, Math.floor(Math.log10(min))) : 0;
        double hi = p.log() ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeil(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1f));
        for (double t : ticks(lo, hi, p.log())) {
            int ty = yOf(t, lo, hi, p.log(), top, bottom);
            g.setColor(new Color(0xE0E0E0));
            g.drawLine(left, ty, right, ty);
            g.setColor(Color.DARK_GRAY);
            String label = human(t);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), ty + 4);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(p.unit() + (p.log() ? " (log scale)" : ""), x + 12, top - 4);
        int groups = p.groups().size();
        int series = p.series().size();
        double groupW = (right - left) / (double) groups;
        double barW = groupW * 0.8 / series;
        for (int gi = 0; gi < groups; gi++) {
            for (int si = 0; si < series; si++) {
                double v = p.values()[gi][si];
                if (Double.isNaN(v) || v <= 0) {
                    continue;
                }
                int bx = (int) (left + gi * groupW + groupW * 0.1 + si * barW);
                int by = yOf(v, lo, hi, p.log(), top, bottom);
                g.setColor(COLORS[si % COLORS.length]);
                g.fillRect(bx, by, Math.max(1, (int) barW - 2), bottom - by);
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                String label = human(v);
                g.drawString(label, bx + (int) (barW - 2 - g.getFontMetrics().stringWidth(label)) / 2, by - 3);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String name = p.groups().get(gi);
            g.drawString(name, (int) (left + gi * groupW + (groupW - g.getFontMetrics().stringWidth(name)) / 2),
                    bottom + 16);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        int lx = left;
        int ly = bottom + 36;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int si = 0; si < series; si++) {
            String name = p.series().get(si);
            int width = 18 + g.getFontMetrics().stringWidth(name) + 16;
            if (lx + width > right) {
                lx = left;
                ly += 18;
            }
            g.setColor(COLORS[si % COLORS.length]);
            g.fillRect(lx, ly - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(name, lx + 16, ly);
            lx += width;
        }
    }

    private static int yOf(double v, double lo, double hi, boolean log, int top, int bottom) {
        double f = log ? (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) : (v - lo) / (hi - lo);
        return (int) Math.round(bottom - f * (bottom - top));
    }

    private static double[] ticks(double lo, double hi, boolean log) {
        if (log) {
            int n = (int) Math.round(Math.log10(hi / lo)) + 1;
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                t[i] = lo * Math.pow(10, i);
            }
            return t;
        }
        double[] t = new double[5];
        for (int i = 0; i < 5; i++) {
            t[i] = hi * i / 4;
        }
        return t;
    }

    private static double niceCeil(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * mag >= v * 1.08) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    /** 1234567 → 1.23M, 45600 → 45.6k. */
    static String human(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
