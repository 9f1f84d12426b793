package io.specgraph.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.specgraph.Spec;
import io.specgraph.Specgraph;
import io.specgraph.closure.ClosureReport;
import io.specgraph.plan.Plan;
import io.specgraph.run.Engine;
import io.specgraph.run.RunResult;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Deeply nested Turtle: refused with a located message at the nesting limit instead of a stack overflow,
 * and accepted, through validation, planning and a run, up to the limit.
 */
class DeepNestingTest {
    private static final String PREFIXES = """
            @prefix :     <https://example.org/deep#> .
            @prefix sg:   <https://w3id.org/specgraph#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
            """;
    private static final int LIMIT = LoadLimits.DEFAULT_MAX_NESTING;

    /** A closed one-task spec whose task carries the given value on line 7. */
    private static String spec(String value) {
        return PREFIXES + """
                :p1 a sg:Phase ; rdfs:label "Build" ; sg:order 1 .
                :dev a sg:Agent ; rdfs:label "Dev" .
                :t a sg:Task ; rdfs:label "T" ; sg:agent :dev ; sg:phase :p1 ; sg:handler "work" ;
                   sg:estimatedDuration "PT1M"^^xsd:duration ;
                   rdfs:seeAlso %s .
                """.formatted(value);
    }

    private static String blankNodes(int depth) {
        return "[ rdfs:seeAlso ".repeat(depth) + "1" + " ]".repeat(depth);
    }

    private static String lists(int depth) {
        return "( ".repeat(depth) + "1" + " )".repeat(depth);
    }

    private static String reifiedTriples(int depth) {
        return "<< :a :b ".repeat(depth) + ":c" + " >>".repeat(depth);
    }

    private static LoadProblem refusal(String turtle) {
        SpecLoadException e = catchThrowableOfType(SpecLoadException.class,
                () -> new SpecLoader().string("deep.ttl", turtle).load());
        assertThat(e).as("a spec nested too deep must be refused").isNotNull();
        return e.problems().get(0);
    }

    @Test
    void blankNodesTwoThousandDeepAreRefusedWhereTheNestingPassesTheLimitInsteadOfOverflowingTheStack() {
        LoadProblem p = refusal(spec(blankNodes(2_000)));

        assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
        // line 9 (4 lines of prefixes, then the value on the 5th line of the spec); "   rdfs:seeAlso " is 16 columns,
        // and each "[ rdfs:seeAlso " is 15: the opening bracket of level 257 is at column 17 + 256 * 15
        assertThat(p.position()).isEqualTo(new SourcePosition("deep.ttl", 9, 17 + LIMIT * 15));
        assertThat(p.toString()).startsWith("deep.ttl:9:" + (17 + LIMIT * 15) + ": refused: nested deeper than the limit of 256")
                .contains("--max-nesting");
    }

    @Test
    void listsTwoThousandDeepAreRefusedLikeBlankNodes() {
        LoadProblem p = refusal(spec(lists(2_000)));

        assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
        assertThat(p.position()).isEqualTo(new SourcePosition("deep.ttl", 9, 17 + LIMIT * 2));
    }

    @Test
    void reifiedTriplesTwoThousandDeepAreRefusedToo() {
        LoadProblem p = refusal(spec(reifiedTriples(2_000)));

        assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
        assertThat(p.position().line()).isEqualTo(9);
    }

    @Test
    void bracketsInsideStringsCommentsAndIrisDoNotCountAsNesting() {
        String brackets = "[(".repeat(2_000);
        LoadedSpec spec = new SpecLoader().string("flat.ttl", spec("\"" + brackets + "\\\" " + brackets + "\"")
                + "# " + brackets + "\n"
                + ":t rdfs:comment '''" + brackets + "'' ' \\''' " + brackets + "''' , \"\"\"" + brackets + "\"\"\" .\n"
                + ":t rdfs:seeAlso <https://example.org/" + "[(".repeat(10) + "> .\n").load();

        assertThat(spec.size()).isEqualTo(15);
    }

    @Test
    void theLimitCanBeRaisedOrLowered() {
        String turtle = spec(blankNodes(20));

        assertThat(new SpecLoader().limits(LoadLimits.DEFAULT.withMaxNesting(20)).string("deep.ttl", turtle).load().size())
                .isEqualTo(12 + 20);
        SpecLoadException e = catchThrowableOfType(SpecLoadException.class,
                () -> new SpecLoader().limits(LoadLimits.DEFAULT.withMaxNesting(19)).string("deep.ttl", turtle).load());
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("limit of 19"));
    }

    @Test
    void aStackOverflowBehindARaisedLimitIsALocatedLoadProblemNotAnError() throws InterruptedException {
        String turtle = spec(blankNodes(20_000));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // a small stack makes the overflow certain, whatever the JIT does with the parser's frames
        Thread small = new Thread(null, () -> {
            try {
                new SpecLoader().limits(LoadLimits.DEFAULT.withMaxNesting(1_000_000)).string("deep.ttl", turtle).load();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();

        assertThat(thrown.get()).isInstanceOf(SpecLoadException.class);
        LoadProblem p = ((SpecLoadException) thrown.get()).problems().get(0);
        assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
        assertThat(p.message()).contains("ran out of stack").contains("-Xss");
        assertThat(p.position()).isNotNull();
        assertThat(p.position().source()).isEqualTo("deep.ttl");
    }

    @Test
    void aCommentEndedByABareCarriageReturnDoesNotHideTheNestingThatFollows() {
        // RIOT ends a comment at CR as well as LF; a scan that waited for LF saw the rest of the file as comment
        String turtle = spec("# a comment ended by CR alone\r" + blankNodes(50));

        SpecLoadException e = catchThrowableOfType(SpecLoadException.class,
                () -> new SpecLoader().limits(LoadLimits.DEFAULT.withMaxNesting(10)).string("deep.ttl", turtle).load());

        assertThat(e).as("50 deep under a limit of 10 must be refused").isNotNull();
        LoadProblem p = e.problems().get(0);
        assertThat(p.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
        assertThat(p.message()).contains("limit of 10");
        // RIOT counts lines by LF only (a bare CR is a column, CRLF one line): the place is on line 9, after the
        // 16 columns of "   rdfs:seeAlso ", the 30 of the comment and its CR, and 10 levels of 15 columns each
        assertThat(p.position()).isEqualTo(new SourcePosition("deep.ttl", 9, 17 + 30 + 10 * 15));
    }

    @Test
    void theScanCountsLinesAndColumnsAsTheParserDoesWithCrLfAndBareCr() {
        // the same text before a nesting refusal and before a syntax error: both must name the same place
        String before = PREFIXES.replace("\n", "\r\n") + "# CRLF\r\n# CR\r:t rdfs:comment \"a\" .\r# CR again\r\r\n:t rdfs:seeAlso ";
        LoadProblem deep = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader()
                .limits(LoadLimits.DEFAULT.withMaxNesting(1)).string("deep.ttl", before + "[ rdfs:seeAlso [ rdfs:seeAlso 1 ] ] .\n")
                .load()).problems().get(0);
        LoadProblem syntax = catchThrowableOfType(SpecLoadException.class, () -> new SpecLoader()
                .string("deep.ttl", before + "[ rdfs:seeAlso ; ] .\n").load()).problems().get(0);

        assertThat(deep.kind()).isEqualTo(LoadProblem.Kind.LIMIT);
        assertThat(syntax.kind()).isEqualTo(LoadProblem.Kind.SYNTAX);
        assertThat(deep.position()).isEqualTo(syntax.position());
        assertThat(deep.position().line()).isEqualTo(7);
    }

    @Test
    void aStackOverflowAfterACommentEndedByCrStillSaysHowDeepAndWhere() throws InterruptedException {
        String turtle = spec("# comment\r" + blankNodes(20_000));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                new SpecLoader().limits(LoadLimits.DEFAULT.withMaxNesting(1_000_000)).string("deep.ttl", turtle).load();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();

        assertThat(thrown.get()).isInstanceOf(SpecLoadException.class);
        LoadProblem p = ((SpecLoadException) thrown.get()).problems().get(0);
        assertThat(p.message()).contains("ran out of stack").doesNotContain(" 0 deep");
        assertThat(p.position()).isNotNull();
        assertThat(p.position().line()).isEqualTo(9);
    }

    @Test
    void blankNodesAndListsNestedAtTheLimitGoThroughValidationPlanningAndARun() {
        Spec spec = Specgraph.load(l -> l.string("deep.ttl", spec(blankNodes(LIMIT)))
                .string("lists.ttl", PREFIXES + ":t rdfs:comment " + lists(LIMIT) + " .\n"));

        ClosureReport report = spec.validate();
        assertThat(report.closed()).as(report.summary()).isTrue();
        Plan plan = spec.plan();
        assertThat(plan.tasks()).hasSize(1);
        RunResult result = Engine.builder().handler("work", ctx -> "done").build().run(plan);
        assertThat(result.succeeded()).isTrue();
    }
}
