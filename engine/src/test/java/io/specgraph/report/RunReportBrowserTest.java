package io.specgraph.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report as a person sees it: the page of a simulated run of the build-optimization example, rendered by
 * headless Chromium (the Debian package {@code chromium}; {@code .ci/run} installs it, and this test is skipped
 * when it is missing). The screenshot must show the charts (the colours of the run's bars, of the estimated
 * schedule and of the phase bands, in quantity) and the page must log nothing to the console.
 */
class RunReportBrowserTest {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 1400;

    @TempDir
    Path dir;

    private static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(p -> !p.isEmpty())
                .flatMap(p -> Stream.of("chromium", "chromium-browser", "google-chrome").map(name -> Path.of(p, name)))
                .filter(Files::isExecutable).findFirst();
    }

    @Test
    void theBuildOptimizationRunRendersWithItsChartsAndNoConsoleMessage() throws Exception {
        Optional<Path> browser = chromium();
        assumeTrue(browser.isPresent(), "skipped: no chromium on the PATH; install the Debian package chromium"
                + " (.ci/run does) to render the run report in a browser");
        Spec spec = Specgraph.load(Path.of("..", "specs", "build-optimization"));
        RunResult result = Engine.builder().simulateInVirtualTime().build().run(spec.plan());
        Path page = Files.writeString(dir.resolve("run.html"), RunReportHtml.write(result, spec.validate()));
        Path png = dir.resolve("run.png");
        Path log = dir.resolve("chromium.log");

        Process chrome = new ProcessBuilder(browser.get().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"),
                "--enable-logging=stderr", "--v=0", "--window-size=" + WIDTH + "," + HEIGHT,
                "--screenshot=" + png, page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!chrome.waitFor(120, TimeUnit.SECONDS)) {
            chrome.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s; its output:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(chrome.exitValue()).as("chromium's exit status; its output:\n%s", output).isZero();
        List<String> console = output.lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertThat(console).as("what the page logged to the console").isEmpty();

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG that javax.imageio decodes").isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        long white = 0;
        long succeeded = 0;
        long estimated = 0;
        long phases = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                white += rgb == 0xffffff ? 1 : 0;
                succeeded += near(rgb, 0x5bb974) ? 1 : 0;
                estimated += near(rgb, 0xaecbfa) ? 1 : 0;
                phases += near(rgb, 0xe8f0fe) || near(rgb, 0xd2e3fc) ? 1 : 0;
            }
        }
        long pixels = (long) WIDTH * HEIGHT;
        assertThat(white).as("white pixels: the page is not blank").isLessThan(pixels * 95 / 100);
        // the run's 35 bars and the estimate's take tens of thousands of pixels each at this size
        assertThat(succeeded).as("pixels of succeeded bars").isGreaterThan(20_000);
        assertThat(estimated).as("pixels of estimated bars").isGreaterThan(20_000);
        assertThat(phases).as("pixels of phase bands").isGreaterThan(5_000);
    }

    /** Within a few levels per channel: anti-aliasing and colour management shift colours a little. */
    private static boolean near(int rgb, int colour) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((colour >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }

    static {
        // ImageIO must not try to open a display on a build machine
        System.setProperty("java.awt.headless", "true");
    }

}
