package io.specgraph.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.specgraph.Specgraph;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jena.atlas.json.JSON;
import org.apache.jena.atlas.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The renderers on every example: deterministic to the byte, JSON that parses and carries the whole DAG,
 * and Mermaid/DOT whose structure a parser accepts (checked structurally here; with Graphviz installed,
 * {@code dot} itself must accept the DOT).
 */
class PlanWriterTest {
    private static final Pattern MERMAID_NODE = Pattern.compile("^\\s*([tgb]\\d+)(\\[\"|\\{\\{\"|\\(\\(\")");
    private static final Pattern MERMAID_EDGE = Pattern.compile("^\\s*([tgb]\\d+) (-->|-\\.->) ([tgb]\\d+)$");

    static Plan plan(String name) {
        return Specgraph.load(Path.of("..", "specs", name)).plan();
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void everyFormatIsByteIdenticalAcrossRuns(String name) {
        for (PlanFormat format : PlanFormat.values()) {
            assertThat(PlanWriter.write(plan(name), format, 4)).as(format.name())
                    .isEqualTo(PlanWriter.write(plan(name), format, 4));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void compactJsonIsTheSameValueOnOneLine(String name) {
        Plan plan = plan(name);
        String compact = PlanWriter.compactJson(plan, 4);
        assertThat(compact).doesNotContain("\n").doesNotContain("\": ").doesNotContain("[\n");
        assertThat(JSON.parse(compact)).isEqualTo(JSON.parse(PlanWriter.write(plan, PlanFormat.JSON, 4)));
        assertThat(compact.length()).isLessThan(PlanWriter.write(plan, PlanFormat.JSON, 4).length());
    }

    /** A store writes a plan's JSON into its file as it is made, in pieces; the text must be the same to the char. */
    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void compactJsonWrittenToAWriterIsTheSameText(String name) throws java.io.IOException {
        Plan plan = plan(name);
        java.util.List<Integer> pieces = new java.util.ArrayList<>();
        java.io.StringWriter text = new java.io.StringWriter() {
            @Override
            public java.io.StringWriter append(CharSequence s) {
                pieces.add(s.length());
                return super.append(s);
            }
        };
        PlanWriter.compactJson(plan, 4, text);
        assertThat(text.toString()).isEqualTo(PlanWriter.compactJson(plan, 4));
        if (text.toString().length() > 40_000) {
            assertThat(pieces).as("handed on in pieces").hasSizeGreaterThan(1).allSatisfy(n -> assertThat(n).isLessThan(40_000));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void jsonCarriesTheWholePlan(String name) {
        Plan plan = plan(name);
        JsonObject json = JSON.parse(PlanWriter.write(plan, PlanFormat.JSON, 4));
        assertThat(json.getString("schema")).isEqualTo(PlanWriter.JSON_SCHEMA);
        assertThat(json.getString("mode")).isEqualTo("strict");
        assertThat(json.getArray("tasks").count()).isEqualTo(plan.tasks().size());
        assertThat(json.getArray("nodes").count()).isEqualTo(plan.nodes().size());
        assertThat(json.getArray("edges").count()).isEqualTo(plan.edges().size());
        assertThat(json.getObj("criticalPath").getNumber("lengthMillis").longValue())
                .isEqualTo(plan.criticalPath().length().toMillis());
        assertThat(json.getObj("figures").getNumber("lowerBoundMillis").longValue()).isEqualTo(plan.lowerBound(4).toMillis());
        JsonObject firstTask = json.getArray("tasks").findFirst().orElseThrow().getAsObject();
        assertThat(firstTask.getObj("action").getString("kind")).isEqualTo("handler");
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void mermaidIsAWellFormedFlowchartWithASubgraphPerPhase(String name) {
        Plan plan = plan(name);
        List<String> lines = PlanWriter.write(plan, PlanFormat.MERMAID, 4).lines().toList();
        assertThat(lines.get(0)).isEqualTo("flowchart LR");
        Set<String> declared = new HashSet<>();
        int open = 0;
        int subgraphs = 0;
        int edges = 0;
        for (String line : lines.subList(1, lines.size())) {
            Matcher node = MERMAID_NODE.matcher(line);
            Matcher edge = MERMAID_EDGE.matcher(line);
            if (line.trim().startsWith("subgraph ")) {
                open++;
                subgraphs++;
                assertThat(line).matches("\\s*subgraph phase_\\d+\\[\"[^\"]*\"]");
            } else if (line.trim().equals("end")) {
                open--;
                assertThat(open).isZero();
            } else if (node.find()) {
                declared.add(node.group(1));
                // a label is one quoted string without raw quotes inside
                String label = line.substring(line.indexOf('"') + 1, line.lastIndexOf('"'));
                assertThat(label).doesNotContain("\"");
            } else if (edge.matches()) {
                edges++;
                assertThat(declared).as(line).contains(edge.group(1), edge.group(3));
            } else {
                assertThat(line).as("unexpected line").matches("\\s*(classDef \\w+ .*|class [tgb0-9,]+ (gate|critical))");
            }
        }
        assertThat(open).isZero();
        assertThat(subgraphs).isEqualTo(plan.phases().size());
        assertThat(edges).isEqualTo(plan.edges().size());
        assertThat(declared).hasSize(plan.nodes().size());
        assertThat(lines).anyMatch(l -> l.matches("\\s*class [tgb0-9,]+ critical"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void dotHasAClusterPerPhaseAndBalancedBraces(String name) {
        Plan plan = plan(name);
        String dot = PlanWriter.write(plan, PlanFormat.DOT, 4);
        assertThat(dot).startsWith("digraph plan {").endsWith("}\n");
        Deque<Character> braces = new ArrayDeque<>();
        boolean inString = false;
        for (int i = 0; i < dot.length(); i++) {
            char c = dot.charAt(i);
            if (c == '"' && dot.charAt(i - 1) != '\\') {
                inString = !inString;
            } else if (!inString && c == '{') {
                braces.push(c);
            } else if (!inString && c == '}') {
                assertThat(braces).isNotEmpty();
                braces.pop();
            }
        }
        assertThat(braces).isEmpty();
        assertThat(inString).isFalse();
        assertThat(dot.lines().filter(l -> l.trim().startsWith("subgraph cluster_")).count()).isEqualTo(plan.phases().size());
        assertThat(dot.lines().filter(l -> l.contains(" -> ")).count()).isEqualTo(plan.edges().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "gadugi-v03"})
    void graphvizAcceptsTheDotWhereItIsInstalled(String name) throws Exception {
        assumeThat(onPath("dot")).as("Graphviz 'dot' on PATH").isTrue();
        Path file = Files.createTempFile("plan", ".dot");
        Files.writeString(file, PlanWriter.write(plan(name), PlanFormat.DOT, 4), StandardCharsets.UTF_8);
        Process dot = new ProcessBuilder("dot", "-Tsvg", file.toString()).redirectErrorStream(true).start();
        String output = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dot.exitValue()).as(output).isZero();
        assertThat(output).contains("<svg");
        Files.delete(file);
    }

    /**
     * Every gate is drawn in a phase's box: the phase it closes, or else the latest phase of what it requires (the
     * build-optimization spec's closure gate requires phase 1 tasks and closes nothing); every barrier in the phase
     * it ends. In Mermaid and in DOT alike.
     */
    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "review-all", "codegen", "gadugi-v03"})
    void everyGateAndBarrierIsDrawnInsideAPhase(String name) {
        Plan plan = plan(name);
        java.util.Map<String, String> boxOf = new java.util.HashMap<>();
        String box = null;
        for (String line : PlanWriter.write(plan, PlanFormat.MERMAID, 4).lines().toList()) {
            Matcher node = MERMAID_NODE.matcher(line);
            if (line.trim().startsWith("subgraph ")) {
                box = line.trim().substring("subgraph ".length(), line.trim().indexOf('['));
            } else if (line.trim().equals("end")) {
                box = null;
            } else if (node.find()) {
                boxOf.put(node.group(1), box);
            }
        }
        java.util.Map<String, String> dotBoxOf = new java.util.HashMap<>();
        box = null;
        for (String line : PlanWriter.write(plan, PlanFormat.DOT, 4).lines().toList()) {
            Matcher node = Pattern.compile("^\\s*([tgb]\\d+) \\[").matcher(line);
            if (line.trim().startsWith("subgraph cluster_")) {
                box = "phase_" + line.trim().substring("subgraph cluster_".length(), line.trim().indexOf(' ', "subgraph ".length()));
            } else if (line.equals("  }")) {
                box = null;
            } else if (node.find()) {
                dotBoxOf.put(node.group(1), box);
            }
        }
        int gate = 0;
        int barrier = 0;
        for (PlanNode n : plan.nodes()) {
            String id = switch (n.kind()) {
                case TASK -> null;
                case GATE -> "g" + gate++;
                case BARRIER -> "b" + barrier++;
            };
            if (id == null) {
                continue;
            }
            String expected = n.phase() != null ? "phase_" + plan.phases().stream()
                    .filter(p -> p.iri().equals(n.phase())).findFirst().orElseThrow().order() : null;
            assertThat(boxOf.get(id)).as("Mermaid box of %s (%s)", id, n.id()).isNotNull();
            if (expected != null) {
                assertThat(boxOf.get(id)).as("a gate or barrier sits in the phase it closes or ends").isEqualTo(expected);
            }
            assertThat(dotBoxOf.get(id)).as("DOT cluster of %s", id).isEqualTo(boxOf.get(id));
        }
        if (name.equals("build-optimization")) {
            // the closure gate requires phase-1 tasks only
            String closure = "https://w3id.org/specgraph/example/build-optimization#spec-closure-gate";
            int index = 0;
            for (PlanNode n : plan.nodes()) {
                if (n.kind() == PlanNode.Kind.GATE) {
                    if (n.id().equals(closure)) {
                        assertThat(boxOf.get("g" + index)).isEqualTo("phase_1");
                    }
                    index++;
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-optimization", "gadugi-v03"})
    void dotUsesOneFontFamilyForClustersNodesAndEdges(String name) {
        String dot = PlanWriter.write(plan(name), PlanFormat.DOT, 4);
        Matcher fonts = Pattern.compile("fontname=\"([^\"]+)\"").matcher(dot);
        Set<String> families = new HashSet<>();
        while (fonts.find()) {
            families.add(fonts.group(1));
        }
        assertThat(families).containsExactly(PlanWriter.DOT_FONT);
        // the graph attribute is the one cluster labels take: without it Graphviz draws them in Times
        assertThat(dot).contains("graph [fontname=\"" + PlanWriter.DOT_FONT + "\"]");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
