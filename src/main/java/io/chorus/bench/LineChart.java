package io.chorus.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A plain line chart rendered to PNG with Java2D (headless), so results need nothing but the JDK to plot. */
final class LineChart {
    record Series(String name, List<double[]> points) {}

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
    private static final int W = 900, H = 540, LEFT = 90, RIGHT = 30, TOP = 50, BOTTOM = 70;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    void add(Series s) { if (!s.points().isEmpty()) series.add(s); }

    boolean isEmpty() { return series.isEmpty(); }

    void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double maxX = 0, maxY = 0;
        for (Series s : series) for (double[] p : s.points()) { maxX = Math.max(maxX, p[0]); maxY = Math.max(maxY, p[1]); }
        maxX = nice(maxX);
        maxY = nice(maxY);
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
        for (int i = 0; i <= 5; i++) {
            int x = LEFT + pw * i / 5, y = TOP + ph - ph * i / 5;
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + pw, y);
            g.drawLine(x, TOP, x, TOP + ph);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label(maxX * i / 5), x - 15, TOP + ph + 18);
            g.drawString(label(maxY * i / 5), LEFT - 60, y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, pw, ph);
        g.drawString(xLabel, LEFT + pw / 2 - 60, H - 25);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + ph / 2 + 60), 25);
        g.rotate(Math.PI / 2);
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            g.setColor(COLORS[si % COLORS.length]);
            g.setStroke(new BasicStroke(2));
            int px = -1, py = -1;
            for (double[] p : s.points()) {
                int x = LEFT + (int) (pw * p[0] / maxX), y = TOP + ph - (int) (ph * p[1] / maxY);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (px >= 0) g.drawLine(px, py, x, y);
                px = x;
                py = y;
            }
            g.fillRect(LEFT + 10, TOP + 10 + si * 18, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), LEFT + 28, TOP + 21 + si * 18);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double nice(double v) {
        if (v <= 0) return 1;
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) if (m * mag >= v) return m * mag;
        return 10 * mag;
    }

    private static String label(double v) {
        if (v >= 1_000_000) return String.format("%.1fM", v / 1_000_000);
        if (v >= 10_000) return String.format("%.0fk", v / 1000);
        if (v >= 100) return String.format("%.0f", v);
        return String.format("%.2f", v);
    }
}
