package io.specgraph.closure;

import io.specgraph.internal.PackageAccess;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanOptions;
import io.specgraph.plan.PlanRefusedException;
import io.specgraph.plan.PlanTask;
import io.specgraph.vocab.SG;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.vocabulary.RDF;

/**
 * The claims category: every {@code sg:Claim} the spec makes about itself is compared with the figure derived
 * from its plan (strict phases, as {@code plan} derives it by default). A claim that does not hold is a violation
 * whose message gives the declared value and the computed one; for a speedup or makespan that no number of
 * workers could reach, it says so, and otherwise from how many workers it could.
 *
 * <p>The plan is derived only when the spec makes claims, from everything else closure found (so an unclosed
 * spec's claims are still checked against what could be planned). The closure percent a claim states is
 * compared with the checks of every other category.
 */
final class ClaimRule {
    static final String CATEGORY = "claims";
    static final String HOLDS = "claim-holds";
    static final String READABLE = "claim-well-formed";
    static final String CHECKABLE = "claim-checkable";

    /** Upper limit of worker counts tried for a claim that names none. */
    private static final int MAX_WORKERS_TRIED = 256;

    private ClaimRule() {}

    /**
     * Checks the claims. {@code others} is the report of every other rule; {@code notices} receives what keeps
     * the claims from being checked at all.
     */
    static void run(Findings findings, java.util.function.Supplier<ClosureReport> othersReport, List<String> notices) {
        List<Node> nodes = new ArrayList<>(findings.data().find(Node.ANY, RDF.type.asNode(), SG.Claim)
                .mapWith(Triple::getSubject).toSet());
        if (nodes.isEmpty()) {
            return;
        }
        nodes.sort(java.util.Comparator.comparing(Node::toString));
        findings.tally().checks(READABLE, CATEGORY, nodes.size());
        List<Claim> claims = new ArrayList<>();
        for (Node node : nodes) {
            try {
                claims.add(Claim.read(findings.data(), node, findings::name));
            } catch (Claim.Unreadable e) {
                findings.fail(READABLE, CATEGORY, Severity.VIOLATION, node, null, null, e.getMessage(),
                        Origin.rule(Origin.CLAIM, null));
            }
        }
        if (claims.isEmpty()) {
            return;
        }
        ClosureReport others = othersReport.get();
        Plan plan;
        try {
            plan = PackageAccess.planning().derive(findings.spec(), PlanOptions.builder().allowUnclosed(true).build(), others);
        } catch (PlanRefusedException e) {
            notices.add(claims.size() + (claims.size() == 1 ? " claim was" : " claims were")
                    + " not checked: the spec cannot be planned (" + e.getMessage() + ")");
            return;
        }
        List<String> unknown = unknownDurations(plan, findings);
        findings.tally().checks(HOLDS, CATEGORY, claims.size());
        for (Claim claim : claims) {
            new Check(findings, plan, others, claim, unknown).run();
        }
    }

    /** Scheduled tasks whose estimate the plan does not know (no sg:estimatedDuration, or one refused). */
    private static List<String> unknownDurations(Plan plan, Findings findings) {
        List<String> out = new ArrayList<>();
        for (PlanTask t : plan.tasks()) {
            if (!t.compensation() && plan.unknownDurations().contains(t.iri())) {
                out.add(findings.name(NodeFactory.createURI(t.iri())));
            }
        }
        return out;
    }

    /** The check of one claim. */
    private record Check(Findings findings, Plan plan, ClosureReport others, Claim claim, List<String> unknown) {
        void run() {
            if (claim.figure().duration || claim.figure() == Claim.Figure.SPEEDUP) {
                if (!unknown.isEmpty()) {
                    findings.fail(CHECKABLE, CATEGORY, Severity.VIOLATION, claim.node(), null, null,
                            "claims " + what() + ", which cannot be checked: " + unknown.size()
                                    + (unknown.size() == 1 ? " task has" : " tasks have") + " no estimated duration ("
                                    + examples(unknown) + "); give them sg:estimatedDuration", Origin.rule(Origin.CLAIM, null));
                    return;
                }
            }
            switch (claim.figure()) {
                case TASK_COUNT -> compare(PackageAccess.planning().taskCount(plan, claim.phase()), "");
                case TOTAL_WORK -> compare(millis(PackageAccess.planning().work(plan, claim.phase())), "");
                case CLOSURE_PERCENT -> compare(others.percent(), " (" + others.satisfied() + " of " + others.checks()
                        + " checks of the other categories pass)");
                case CRITICAL_PATH -> criticalPath();
                case MAKESPAN, SPEEDUP -> withWorkers();
            }
        }

        private void compare(double computed, String detail) {
            if (!claim.admits(computed)) {
                fail(show(computed) + detail);
            }
        }

        private void criticalPath() {
            double length = millis(plan.criticalPath().length());
            String actual = show(length) + " through " + path(plan.criticalPath().nodes());
            List<String> problems = new ArrayList<>();
            if (!claim.admits(length)) {
                problems.add("");
            }
            if (!claim.through().isEmpty()) {
                Optional<Duration> through = PackageAccess.planning().longestPathThrough(plan, claim.through());
                Set<String> onPath = new HashSet<>(plan.criticalPath().nodes());
                List<String> off = claim.through().stream().filter(t -> !onPath.contains(t)).map(this::name).toList();
                if (through.isEmpty()) {
                    problems.add("no path of the plan runs through " + path(claim.through()) + " in that order");
                } else if (millis(through.get()) < length) {
                    problems.add((off.isEmpty() ? "the claimed tasks are not on it in that order"
                            : examples(off) + (off.size() == 1 ? " is" : " are") + " not on it")
                            + "; the longest path through the claimed tasks takes " + show(millis(through.get())));
                }
            }
            if (!problems.isEmpty()) {
                String more = String.join("; ", problems.stream().filter(p -> !p.isEmpty()).toList());
                fail(actual + (more.isEmpty() ? "" : "; " + more));
            }
        }

        /** Makespan and speedup: on the claim's workers, or on any number of them. */
        private void withWorkers() {
            double work = millis(PackageAccess.planning().work(plan, claim.phase()));
            boolean speedup = claim.figure() == Claim.Figure.SPEEDUP;
            if (speedup && work == 0) {
                findings.fail(CHECKABLE, CATEGORY, Severity.VIOLATION, claim.node(), null, null, "claims " + what()
                        + ", which cannot be checked: " + (claim.phase() == null ? "the plan" : name(claim.phase()))
                        + " has no work to speed up (speedup –)", Origin.rule(Origin.CLAIM, null));
                return;
            }
            int tasks = (int) Math.max(1, plan.tasks().stream()
                    .filter(t -> !t.compensation() && (claim.phase() == null || claim.phase().equals(t.phase()))).count());
            if (claim.workers() != null) {
                double computed = value(work, claim.workers());
                if (!claim.admits(computed)) {
                    fail(show(computed) + " with " + workers(claim.workers()) + reach(work, tasks, computed));
                }
                return;
            }
            int limit = Math.min(tasks, MAX_WORKERS_TRIED);
            double best = Double.NaN;
            int bestWorkers = 1;
            for (int w = 1; w <= limit; w++) {
                double computed = value(work, w);
                if (claim.admits(computed)) {
                    return;
                }
                if (Double.isNaN(best) || Math.abs(computed - midpoint()) < Math.abs(best - midpoint())) {
                    best = computed;
                    bestWorkers = w;
                }
            }
            fail(show(best) + " at the nearest (with " + workers(bestWorkers) + ", trying every number of workers from 1 to "
                    + limit + ")" + reach(work, tasks, best));
        }

        private double value(double work, int workers) {
            double makespan = millis(PackageAccess.planning().makespan(plan, claim.phase(), workers));
            return claim.figure() == Claim.Figure.SPEEDUP ? work / makespan : makespan;
        }

        private double midpoint() {
            return (claim.low() + claim.high()) / 2;
        }

        /**
         * For how many workers a claim the plan falls short of could hold at all, by the plan's lower bounds; for a
         * claim the plan does better than, what the plan does at its slowest.
         */
        private String reach(double work, int tasks, double computed) {
            boolean speedup = claim.figure() == Claim.Figure.SPEEDUP;
            int most = Math.max(1, tasks);
            if (speedup ? computed > claim.high() : computed < claim.low()) {
                if (speedup) {
                    return "";
                }
                double alone = millis(PackageAccess.planning().makespan(plan, claim.phase(), 1));
                return alone < claim.low() ? "; even one worker would finish in " + show(alone) : "";
            }
            double floor = millis(PackageAccess.planning().lowerBound(plan, claim.phase(), most));
            double needed = speedup ? work / claim.low() : claim.high();
            if (floor > needed) {
                return speedup
                        ? "; no number of workers can reach " + show(claim.min()) + ": even with one worker per task no"
                                + " schedule beats " + show(Claim.Figure.MAKESPAN, floor) + ", so the speedup is at most "
                                + show(work / floor) + " (" + show(Claim.Figure.MAKESPAN, work) + " of work)"
                        : "; no number of workers can finish within " + show(claim.max()) + ": even with one worker per"
                                + " task no schedule beats " + show(floor);
            }
            int w = leastWorkers(most, needed);
            if (claim.workers() != null && w <= claim.workers()) {
                return "; the plan's lower bounds would allow it from " + workers(w) + ", but the engine's schedule does"
                        + " not reach it";
            }
            return "; by the plan's lower bounds it could hold only with " + workers(w) + " or more";
        }

        /** The fewest workers whose lower bound is at most {@code millis} (the bound falls as workers are added). */
        private int leastWorkers(int most, double millis) {
            int lo = 1;
            int hi = most;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (millis(PackageAccess.planning().lowerBound(plan, claim.phase(), mid)) <= millis) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        private void fail(String computed) {
            Node property = claim.value() == null ? SG.claimedValue : valueProperty();
            findings.fail(HOLDS, CATEGORY, Severity.VIOLATION, claim.node(), findings.name(property), claim.value(),
                    "claims " + what() + (claim.statedAs() == null ? "" : " (\"" + claim.statedAs() + "\")")
                            + ", but the plan gives " + computed, Origin.rule(Origin.CLAIM, property));
        }

        private Node valueProperty() {
            return findings.data().contains(claim.node(), SG.claimedValue, claim.value()) ? SG.claimedValue : SG.claimedMin;
        }

        /** The claim in words: "a critical path of ~32 h through :a → :b". */
        private String what() {
            String scope = claim.phase() == null ? "" : " in " + name(claim.phase());
            String workers = claim.figure().withWorkers()
                    ? claim.workers() == null ? " on some number of workers" : " with " + workers(claim.workers()) : "";
            return switch (claim.figure()) {
                case TASK_COUNT -> claim.declared() + " tasks" + scope;
                case TOTAL_WORK -> "total work of " + claim.declared() + scope;
                case CRITICAL_PATH -> "a critical path of " + claim.declared()
                        + (claim.through().isEmpty() ? "" : " through " + path(claim.through()));
                case MAKESPAN -> "a makespan of " + claim.declared() + scope + workers;
                case SPEEDUP -> "a speedup of " + claim.declared() + scope + workers;
                case CLOSURE_PERCENT -> "closure of " + claim.declared();
            };
        }

        private String show(double value) {
            return Claim.show(claim.figure(), value);
        }

        private static String show(Claim.Figure figure, double value) {
            return Claim.show(figure, value);
        }

        private String name(String iri) {
            return findings.name(NodeFactory.createURI(iri));
        }

        private String path(List<String> nodes) {
            return String.join(" → ", nodes.stream().filter(n -> !n.startsWith("urn:specgraph:barrier:")).map(this::name).toList());
        }
    }

    private static String workers(int n) {
        return n + (n == 1 ? " worker" : " workers");
    }

    private static double millis(Duration d) {
        return d.toMillis();
    }

    /** Up to three names, then how many more. */
    static String examples(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
