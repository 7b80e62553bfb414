package dev.sabaody.kv.server.admin;

import java.util.List;

/**
 * LATENCY GRAPH's picture: latency.c's latencyCommandGenSparkeline drawn by sparkline.c, rows of
 * {@code _o#|} over labels saying how long ago each sample was ("3s", "2m", "1h", "4d").
 */
final class LatencyGraph {

    /** LATENCY_GRAPH_COLS (latency.c). */
    static final int LATENCY_GRAPH_COLS = 80;
    /** Rows of the graph (latency.c passes 4). */
    private static final int ROWS = 4;
    /** sparkline.c's charset_fill: the graph is drawn filled (SPARKLINE_FILL). */
    private static final char[] CHARSET_FILL = {'_', 'o', '#'};
    private static final int LABEL_MARGIN_TOP = 1;

    private LatencyGraph() {
    }

    static String render(String event, LatencyMonitor.Series ts, long nowSeconds) {
        List<LatencyMonitor.Sample> samples = ts.samples();
        long min = 0;
        long max = 0;
        String[] labels = new String[samples.size()];
        long[] values = new long[samples.size()];
        for (int j = 0; j < samples.size(); j++) {
            LatencyMonitor.Sample s = samples.get(j);
            if (j == 0) {
                min = max = s.millis();
            } else {
                max = Math.max(max, s.millis());
                min = Math.min(min, s.millis());
            }
            long elapsed = nowSeconds - s.unixSeconds();
            labels[j] = elapsed < 60 ? elapsed + "s" : elapsed < 3600 ? elapsed / 60 + "m"
                    : elapsed < 86400 ? elapsed / 3600 + "h" : elapsed / 86400 + "d";
            values[j] = s.millis();
        }
        StringBuilder out = new StringBuilder();
        out.append(event).append(" - high ").append(max).append(" ms, low ").append(min)
                .append(" ms (all time high ").append(ts.max).append(" ms)\n");
        out.append("-".repeat(LATENCY_GRAPH_COLS)).append('\n');
        for (int j = 0; j < values.length; j += LATENCY_GRAPH_COLS) {
            if (j != 0) {
                out.append('\n');
            }
            range(out, values, labels, min, max, j, Math.min(LATENCY_GRAPH_COLS, values.length - j));
        }
        return out.toString();
    }

    /** sparklineRenderRange with SPARKLINE_FILL. */
    private static void range(StringBuilder out, long[] values, String[] labels, long min, long max, int offset, int len) {
        double relmax = max - min;
        if (relmax == 0) {
            relmax = 1;
        }
        int steps = CHARSET_FILL.length * ROWS;
        char[] chars = new char[len];
        for (int row = 0; ; row++) {
            boolean loop = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                double relval = values[j + offset] - min;
                int step = (int) ((int) (relval * steps) / relmax);
                step = Math.max(0, Math.min(steps - 1, step));
                if (row < ROWS) {
                    int charidx = step - ((ROWS - row - 1) * CHARSET_FILL.length);
                    loop = true;
                    if (charidx >= 0 && charidx < CHARSET_FILL.length) {
                        chars[j] = CHARSET_FILL[charidx];
                    } else if (charidx >= CHARSET_FILL.length) {
                        chars[j] = '|';
                    }
                } else {
                    if (labels.length > 0 && row - ROWS < LABEL_MARGIN_TOP) {
                        loop = true;
                        break;
                    }
                    String label = labels[j + offset];
                    int labelChar = row - ROWS - LABEL_MARGIN_TOP;
                    if (label.length() > labelChar) {
                        loop = true;
                        chars[j] = label.charAt(labelChar);
                    }
                }
            }
            if (!loop) {
                return;
            }
            out.append(chars).append('\n');
        }
    }
}
