package io.specgraph.closure;

import io.specgraph.vocab.SG;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.jena.graph.Node;
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
        long checks = findings.countInstances(SG.Task) + findings.countInstances(SG.Gate);
        findings.tally().checks(ID, CATEGORY, checks);
        List<Node[]> edges = new ArrayList<>();
        data.find(Node.ANY, SG.dependsOn, Node.ANY).forEachRemaining(t -> edges.add(new Node[] {t.getSubject(), t.getObject()}));
        data.find(Node.ANY, SG.requires, Node.ANY).forEachRemaining(t -> edges.add(new Node[] {t.getSubject(), t.getObject()}));
        Map<Node, List<Node>> tasksByPhase = new HashMap<>();
        data.find(Node.ANY, SG.phase, Node.ANY).forEachRemaining(
                t -> tasksByPhase.computeIfAbsent(t.getObject(), p -> new ArrayList<>()).add(t.getSubject()));
        data.find(Node.ANY, SG.closes, Node.ANY).forEachRemaining(t -> {
            for (Node task : tasksByPhase.getOrDefault(t.getObject(), List.of())) {
                edges.add(new Node[] {t.getSubject(), task});
            }
        });
        if (acyclic(edges)) {
            return; // the usual case, decided in linear time on arrays; only a cyclic spec pays for the report
        }
        Graph<Node, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (Node[] e : edges) {
            edge(graph, e[0], e[1]);
        }

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
                            + " remove one of these dependencies", Origin.rule(Origin.CYCLE, null));
            for (Node member : cycle) {
                findings.tally().failed(ID, CATEGORY, member);
            }
        }
    }

    /** Kahn's algorithm on int indices: true when every node can be removed, that is when there is no cycle. */
    static boolean acyclic(List<Node[]> edges) {
        Map<Node, Integer> index = new HashMap<>();
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        for (int i = 0; i < edges.size(); i++) {
            from[i] = index.computeIfAbsent(edges.get(i)[0], k -> index.size());
            to[i] = index.computeIfAbsent(edges.get(i)[1], k -> index.size());
        }
        int n = index.size();
        int[] indegree = new int[n];
        int[] outStart = new int[n + 1];
        for (int i = 0; i < from.length; i++) {
            indegree[to[i]]++;
            outStart[from[i] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            outStart[v + 1] += outStart[v];
        }
        int[] out = new int[from.length];
        int[] fill = Arrays.copyOf(outStart, n);
        for (int i = 0; i < from.length; i++) {
            out[fill[from[i]]++] = to[i];
        }
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int v = 0; v < n; v++) {
            if (indegree[v] == 0) {
                queue[tail++] = v;
            }
        }
        while (head < tail) {
            int v = queue[head++];
            for (int k = outStart[v]; k < outStart[v + 1]; k++) {
                if (--indegree[out[k]] == 0) {
                    queue[tail++] = out[k];
                }
            }
        }
        return tail == n;
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
