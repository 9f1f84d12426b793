package io.specgraph.report;

import io.specgraph.closure.ClosureReport;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanWriter;
import io.specgraph.run.RunResult;
import io.specgraph.vocab.SG;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;

/**
 * A run as one self-contained HTML page a person opens or attaches to a review: the timeline as a Gantt chart
 * (a lane per worker or per agent, retries, waits, gates as milestones, the critical path marked) beside the
 * plan's estimated schedule, the plan graph, gate outcomes with each condition, the SLO table, the tasks that did
 * not succeed, which tasks an incremental run found up to date and why the others ran, contentions, and the spec's
 * closure summary when given.
 *
 * <p>The page needs nothing but itself: inline SVG and CSS, no script, no font, image or style sheet from
 * anywhere, so it opens offline and cannot call home. It is well-formed XHTML (every element closed, all text
 * escaped), so any XML parser reads it too. Large runs are aggregated: a 10,000-task run is a few hundred
 * kilobytes. The output depends only on its inputs.
 */
public final class RunReportHtml {
    private static final String STYLE = "report.css";
    private static final Node DCTERMS_TITLE = NodeFactory.createURI("http://purl.org/dc/terms/title");

    private RunReportHtml() {}

    /** The page for a result, without a closure summary. */
    public static String write(RunResult result) {
        return write(Objects.requireNonNull(result, "result"), Optional.empty());
    }

    /** The page for a result, with the closure report of the spec it ran (as checked before planning). */
    public static String write(RunResult result, ClosureReport closure) {
        return write(Objects.requireNonNull(result, "result"), Optional.of(Objects.requireNonNull(closure, "closure")));
    }

    private static String write(RunResult result, Optional<ClosureReport> closure) {
        Markup m = new Markup(64 * 1024 + result.tasks().size() * 200);
        String title = specTitle(result.plan()).map(t -> t + " — run report").orElse("specgraph run report");
        m.declaration("<!DOCTYPE html>\n");
        m.open("html", "xmlns", "http://www.w3.org/1999/xhtml", "lang", "en").newline();
        m.open("head").empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", title).newline();
        m.open("style").verbatim(style()).close("style").close("head").newline();
        m.open("body").newline();
        Estimate expected = Estimate.of(result);
        Sections sections = new Sections(result, expected);
        sections.header(m, title, closure.isPresent());
        new Timeline(result, expected).render(m);
        new PlanGraph(result).render(m);
        sections.gates(m);
        sections.slos(m);
        sections.tasks(m);
        new CachedTasks(result).render(m);
        sections.contentions(m);
        closure.ifPresent(c -> Sections.closure(m, c));
        sections.warnings(m);
        m.open("footer").text("Written by specgraph from run " + result.runIri() + " (started " + result.startedAt()
                + ", " + PlanWriter.human(result.wallTime()) + ").").close("footer").newline();
        m.close("body").close("html").newline();
        return m.toString();
    }

    /** The spec's {@code dcterms:title}, when its {@code sg:Spec} has one. */
    private static Optional<String> specTitle(Plan plan) {
        return plan.specGraph().find(Node.ANY, RDF.type.asNode(), SG.Spec).toList().stream()
                .flatMap(t -> plan.specGraph().find(t.getSubject(), DCTERMS_TITLE, Node.ANY).toList().stream())
                .map(Triple::getObject).filter(Node::isLiteral).map(Node::getLiteralLexicalForm)
                .filter(s -> !s.isBlank()).sorted().findFirst();
    }

    private static String style() {
        try (InputStream in = RunReportHtml.class.getResourceAsStream(STYLE)) {
            if (in == null) {
                throw new IllegalStateException("the report's style sheet " + STYLE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
