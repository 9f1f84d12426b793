package io.specgraph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** {@code specgraph run --report FILE}: the HTML page of the run, written after it, its file checked before it. */
class RunReportCommandTest {
    private static final Path REPO = Path.of(System.getProperty("specgraph.repo"));
    private static final String SPEC = REPO.resolve("specs/build-optimization").toString();

    @TempDir
    Path dir;

    @Test
    void aSimulatedRunWritesItsPageWithTheTimelineThePlanAndTheClosureSummary() throws Exception {
        Path page = dir.resolve("reports/run.html");
        Run run = Run.of("run", SPEC, "--simulate", "--time-scale", "virtual", "--progress", "none", "--report", page.toString());

        assertThat(run.code()).isEqualTo(Main.OK);
        assertThat(run.err()).contains("run report written to " + page);
        assertThat(run.out()).contains("\nrun succeeded: 35 tasks");
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(Files.readString(page))));
        var xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/html/head/title", html)).isEqualTo("ggen v6.0 build optimization: 10 agents in 3 phases"
                + " — run report");
        assertThat(((Double) xpath.evaluate("count(//svg[contains(@class, 'by-worker')]//rect[contains(@class, 'bar')])",
                html, XPathConstants.NUMBER)).intValue()).isEqualTo(35);
        assertThat(((Double) xpath.evaluate("count(//svg[contains(@class, 'plan-graph')]//g[contains(@class, 'cluster')])",
                html, XPathConstants.NUMBER)).intValue()).isEqualTo(3);
        assertThat(xpath.evaluate("//section[@id='closure']/p", html)).startsWith("closed: 100% of ");
    }

    @Test
    void aReportPathThatIsAFolderIsRefusedBeforeTheRunStarts() {
        Run run = Run.of("run", SPEC, "--simulate", "--time-scale", "virtual", "--progress", "none", "--report", dir.toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("--report " + dir + " is a folder").contains("nothing was run");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void theRecordAndTheReportCannotBeOneFile() throws Exception {
        Path file = dir.resolve("run.out");
        Run run = Run.of("run", SPEC, "--simulate", "--time-scale", "virtual", "--progress", "none", "--record", file.toString(),
                "--report", file.toString());

        assertThat(run.code()).isEqualTo(Main.BAD_INPUT);
        assertThat(run.err()).contains("--record and --report both name " + file).contains("nothing was run");
        assertThat(Files.exists(file)).isFalse();
    }
}
