package io.specgraph.internal;

import io.specgraph.closure.ClosureReport;
import io.specgraph.load.LoadedSpec;
import io.specgraph.plan.Plan;
import io.specgraph.plan.PlanOptions;
import io.specgraph.record.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;

/**
 * Doors from one package of the engine into code another keeps package-private, as the JDK's SharedSecrets: the
 * package that owns the code installs its door when its public class is initialized, and the door is public only
 * here, in a package the module does not export. So plumbing such as deriving a plan, writing a run's record or a
 * dialect's checks is not API just because two packages of the engine share it.
 */
public final class PackageAccess {
    private PackageAccess() {}

    /**
     * Into {@code io.specgraph.plan}: deriving a plan from a loaded spec (for {@code Spec} and the claim rule), and
     * the figures a spec may claim about its plan, for one phase ({@code phase} an IRI, null: the whole plan) or
     * through given nodes (for the claim rule). Each is documented in {@code PlanFigures}.
     */
    public interface Planning {
        /** Derives the plan from a closure report already computed for the spec with {@code options.closure()}. */
        Plan derive(LoadedSpec spec, PlanOptions options, ClosureReport report);

        int taskCount(Plan plan, String phase);

        Duration work(Plan plan, String phase);

        Duration makespan(Plan plan, String phase, int workers);

        Duration lowerBound(Plan plan, String phase, int workers);

        Optional<Duration> longestPathThrough(Plan plan, List<String> nodes);
    }

    /** Into {@code io.specgraph.record}: writing a run's record (for the run), keeping it as facts (for the store). */
    public interface Recording {
        /** Starts a record for the run with this IRI. */
        Recorder open(String runIri);

        /** Writes what was recorded, a line per fact. */
        void writeFacts(RunRecord record, OutputStream out) throws IOException;

        /** Reads facts written by {@link #writeFacts} and adds their triples to {@code into}. */
        void readFacts(InputStream in, Graph into) throws IOException;
    }

    /** Into {@code io.specgraph.load}: what a dialect derived and checked (for the dialect and closure packages). */
    public interface Loading {
        /** The spec with derived triples, the checks made while deriving and the references it made, added. */
        LoadedSpec withDerived(LoadedSpec spec, String graphName, Graph derived, Map<Node, Node> derivedFrom,
                               List<SourceCheck> checks, Map<Node, List<Reference>> references);

        /** Checks made while reading the spec (by a dialect); closure validation reports their failures. */
        List<SourceCheck> checks(LoadedSpec spec);
    }

    private static volatile Loading loading;
    private static volatile Planning planning;
    private static volatile Recording recording;

    /** Installed by {@link LoadedSpec}. */
    public static void install(Loading door) {
        loading = door;
    }

    /** Installed by {@link Plan}. */
    public static void install(Planning door) {
        planning = door;
    }

    /** Installed by {@link RunRecord}. */
    public static void install(Recording door) {
        recording = door;
    }

    public static Loading loading() {
        if (loading == null) {
            initialize(LoadedSpec.class);
        }
        return loading;
    }

    public static Planning planning() {
        if (planning == null) {
            initialize(Plan.class);
        }
        return planning;
    }

    public static Recording recording() {
        if (recording == null) {
            initialize(RunRecord.class);
        }
        return recording;
    }

    /** Runs the static initializer of the class that installs a door, if it has not run yet. */
    private static void initialize(Class<?> installer) {
        try {
            Class.forName(installer.getName(), true, installer.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the engine's class " + installer.getName() + " is missing", e);
        }
    }
}
