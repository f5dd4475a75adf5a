package io.ddbsync.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A bar chart (PNG) of records per second per contender, one group of bars per workload, drawn with
 * the JDK's own imaging so that the report needs nothing beyond the build. Input: a CSV with the
 * header {@code workload,contender,records_per_second}, as the side-by-side harnesses write it.
 *
 * <p>{@code java -Djava.awt.headless=true -cp "target/classes:target/lib/*"
 * io.ddbsync.benchmarks.report.RecordsPerSecondChart <in.csv> <out.png> <title>}; the script {@code
 * benchmarks/scripts/sink_comparison_chart.sh} runs it for the peer sink comparison.
 */
public final class RecordsPerSecondChart {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0x9467bd)
  };
  private static final int WIDTH = 900;
  private static final int BAR_HEIGHT = 34;
  private static final int GROUP_GAP = 30;
  private static final int LEFT = 40;
  private static final int TOP = 70;

  private RecordsPerSecondChart() {}

  /** One bar. */
  record Bar(String workload, String contender, double recordsPerSecond) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      throw new IllegalArgumentException("usage: RecordsPerSecondChart <in.csv> <out.png> <title>");
    }
    List<Bar> bars = read(Path.of(args[0]));
    BufferedImage image = render(bars, args[2]);
    Path out = Path.of(args[1]);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    ImageIO.write(image, "png", out.toFile());
    System.out.println("wrote " + out + " (" + bars.size() + " bars)");
  }

  static List<Bar> read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).trim().equals("workload,contender,records_per_second")) {
      throw new IllegalArgumentException(
          csv + ": the first line must be workload,contender,records_per_second");
    }
    List<Bar> bars = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 3) {
        throw new IllegalArgumentException(csv + ": three fields expected in '" + line + "'");
      }
      bars.add(new Bar(fields[0].trim(), fields[1].trim(), Double.parseDouble(fields[2].trim())));
    }
    return bars;
  }

  static BufferedImage render(List<Bar> bars, String title) {
    Map<String, List<Bar>> groups = new LinkedHashMap<>();
    Map<String, Color> colors = new LinkedHashMap<>();
    for (Bar bar : bars) {
      groups.computeIfAbsent(bar.workload(), w -> new ArrayList<>()).add(bar);
      colors.computeIfAbsent(bar.contender(), c -> PALETTE[colors.size() % PALETTE.length]);
    }
    double max = bars.stream().mapToDouble(Bar::recordsPerSecond).max().orElse(1);
    int height = TOP;
    for (List<Bar> group : groups.values()) {
      height += 24 + group.size() * BAR_HEIGHT + GROUP_GAP;
    }
    height += 24 * colors.size() + 20;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, LEFT, 36);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      FontMetrics metrics = g.getFontMetrics();
      int plotWidth = WIDTH - LEFT - 160;
      int y = TOP;
      for (Map.Entry<String, List<Bar>> group : groups.entrySet()) {
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(Font.BOLD));
        g.drawString(group.getKey(), LEFT, y + 14);
        g.setFont(g.getFont().deriveFont(Font.PLAIN));
        y += 24;
        for (Bar bar : group.getValue()) {
          int length = (int) Math.round(plotWidth * bar.recordsPerSecond() / max);
          g.setColor(colors.get(bar.contender()));
          g.fillRect(LEFT, y + 4, Math.max(length, 1), BAR_HEIGHT - 8);
          g.setColor(Color.BLACK);
          g.drawString(
              String.format(Locale.ROOT, "%,.0f records/s", bar.recordsPerSecond()),
              LEFT + length + 8,
              y + BAR_HEIGHT / 2 + metrics.getAscent() / 2 - 2);
          y += BAR_HEIGHT;
        }
        y += GROUP_GAP;
      }
      g.setColor(Color.GRAY);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(LEFT, TOP, LEFT, y - GROUP_GAP);
      y += 4;
      for (Map.Entry<String, Color> legend : colors.entrySet()) {
        g.setColor(legend.getValue());
        g.fillRect(LEFT, y, 16, 16);
        g.setColor(Color.BLACK);
        g.drawString(legend.getKey(), LEFT + 24, y + 13);
        y += 24;
      }
    } finally {
      g.dispose();
    }
    return image;
  }
}
