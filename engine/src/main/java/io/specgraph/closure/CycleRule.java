package io.specgraph.closure;

import io.specgraph.vocab.SG;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Finds dependency cycles among tasks and gates with JGraphT (linear in the size of the spec, unlike the
 * SPARQL property path {@code ?t sg:dependsOn+ ?t}) and reports each cycle once, with its whole path.
 *
 * <p>Edges: a task depends on what it {@code sg:dependsOn}; a gate depends on what it {@code sg:requires}
 * and on every task of the phase it {@code sg:closes}.
 */
final class CycleRule {
    static final String ID = "dependency-cycle";
    static final String CATEGORY = "ordering";

    private CycleRule() {}

    static void run(Findings findings) {
        org.apache.jena.graph.Graph data = findings.data();
        Graph<Node, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        long checks = findings.countInstances(SG.Task) + findings.countInstances(SG.Gate);
        addEdges(data, graph, SG.dependsOn);
        addEdges(data, graph, SG.requires);
        Map<Node, List<Node>> tasksByPhase = new HashMap<>();
        data.find(Node.ANY, SG.phase, Node.ANY).forEachRemaining(
                t -> tasksByPhase.computeIfAbsent(t.getObject(), p -> new ArrayList<>()).add(t.getSubject()));
        data.find(Node.ANY, SG.closes, Node.ANY).forEachRemaining(t -> {
            for (Node task : tasksByPhase.getOrDefault(t.getObject(), List.of())) {
                edge(graph, t.getSubject(), task);
            }
        });
        findings.tally().checks(ID, CATEGORY, checks);

        Comparator<Node> order = Comparator.comparing((Node n) -> findings.spec().positionOf(n)
                .map(p -> findings.spec().sources().indexOf(p.source()) * 1_000_000_000L + p.line()).orElse(Long.MAX_VALUE))
                .thenComparing(n -> n.toString());
        List<Set<Node>> components = new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets();
        List<List<Node>> cycles = new ArrayList<>();
        for (Set<Node> component : components) {
            Node start = component.stream().min(order).orElseThrow();
            if (component.size() == 1 && !graph.containsEdge(start, start)) {
                continue;
            }
            cycles.add(cycleThrough(graph, component, start));
        }
        cycles.sort(Comparator.comparing(c -> c.get(0), order));
        for (List<Node> cycle : cycles) {
            String path = cycle.stream().map(findings::name).collect(Collectors.joining(" → "));
            findings.fail(ID, CATEGORY, Severity.VIOLATION, cycle.get(0), null, null,
                    "is on a dependency cycle: " + path + " (each depends on the next), so none of them can ever start;"
                            + " remove one of these dependencies");
            for (Node member : cycle) {
                findings.tally().failed(ID, CATEGORY, member);
            }
        }
    }

    private static void addEdges(org.apache.jena.graph.Graph data, Graph<Node, DefaultEdge> graph, Node property) {
        data.find(Node.ANY, property, Node.ANY).forEachRemaining((Triple t) -> edge(graph, t.getSubject(), t.getObject()));
    }

    private static void edge(Graph<Node, DefaultEdge> graph, Node from, Node to) {
        graph.addVertex(from);
        graph.addVertex(to);
        graph.addEdge(from, to);
    }

    /** The shortest cycle from start back to start inside its strongly connected component (BFS). */
    private static List<Node> cycleThrough(Graph<Node, DefaultEdge> graph, Set<Node> component, Node start) {
        Map<Node, Node> parent = new HashMap<>();
        Deque<Node> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            Node current = queue.poll();
            for (Node next : Graphs.successorListOf(graph, current)) {
                if (!component.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<Node> path = new ArrayList<>();
                    for (Node n = current; n != null; n = parent.get(n)) {
                        path.add(0, n);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(next) && !next.equals(start)) {
                    parent.put(next, current);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("a strongly connected component without a cycle through " + start);
    }

}
