package io.ddbsync.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a data engineer sees it: rendered by a real headless Chromium (Debian's {@code
 * chromium}), the screenshot shows each part of the chart in its colour, and the DOM the browser
 * built holds the tables. Chromium is started by PID and stopped by the test.
 */
class HtmlReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;

  @Test
  void theReconcilePageRendersEachOutcomeInItsColour() throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM),
        "Debian's chromium is not installed (apt-get install chromium)");
    TableReport orders =
        new TableReport(
            "Orders",
            "orders",
            "FULL",
            1.0,
            3000,
            3000,
            7500,
            2990,
            4,
            2,
            4,
            0,
            10,
            Map.of("orders.total", 4L),
            List.of(
                new TableReport.Example(
                    "different",
                    "OrderId=ORD-1",
                    List.of("orders.total: expected 424.5, found 999")),
                new TableReport.Example("missing", "OrderId=ORD-<script>", List.of())),
            1234.5,
            12.0,
            "2026-12-07T00:00:00Z",
            0);
    Path page = dir.resolve("report.html");
    Files.writeString(
        page,
        HtmlReport.reconcile(
            new ReconcileReport(
                "2026-12-07T00:00:00Z", 12.0, "redshift schema public", List.of(orders))));

    Path screenshot = dir.resolve("report.png");
    String dom =
        chromium(List.of("--screenshot=" + screenshot, "--window-size=900,600"), page, screenshot);
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    for (String colour : List.of("2e7d32", "c62828", "ef6c00", "6a1b9a")) {
      assertThat(contains(image, Integer.parseInt(colour, 16)))
          .as("a pixel of #" + colour)
          .isTrue();
    }
    String rendered = chromium(List.of("--dump-dom"), page, null);
    assertThat(rendered)
        .contains("MISMATCH")
        .contains("orders.total")
        .contains("Every change before 2026-12-07T00:00:00Z is in the warehouse")
        .contains("ORD-&lt;script&gt;")
        .doesNotContain("<script>");
    assertThat(dom).isNotNull();
    if (System.getProperty("ddbsync.report.screenshot") != null) {
      Files.copy(
          screenshot,
          Path.of(System.getProperty("ddbsync.report.screenshot")),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean contains(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }

  /** Runs headless Chromium on the page; its standard output. */
  private String chromium(List<String> options, Path page, Path expectedFile) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(CHROMIUM.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
    command.addAll(options);
    command.add(page.toUri().toString());
    Path out = dir.resolve("chromium.out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    try {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished in 60 s").isTrue();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    if (expectedFile != null) {
      assertThat(expectedFile).as(Files.readString(dir.resolve("chromium.err"))).exists();
    }
    return Files.readString(out);
  }
}
