package io.specgraph.closure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to validate a spec: whether phases are strict, whether load warnings count as violations, and the
 * user's own rules.
 *
 * <p>User rules come in two forms. <b>Shapes files</b> are SHACL (Core or SPARQL-based) in Turtle; each
 * shape is a rule. Annotate a shape with {@code sgc:category "…"} (namespace
 * {@code https://w3id.org/specgraph/closure#}) to count it in a category; otherwise it counts as
 * {@code custom}. <b>Query files</b> are SPARQL SELECT queries that return one row per failure, with the
 * failing node in {@code ?this} and optionally {@code ?value}, {@code ?path} and {@code ?message}.
 * Comment lines at the top of the file describe the rule:
 * <pre>
 * # rule: every-task-has-an-owner-label     (default: the file name without .rq)
 * # category: ownership                      (default: custom)
 * # severity: warning                        (violation, warning or info; default: violation)
 * # target: https://w3id.org/specgraph#Task  (instances counted as checks; default: one check per query)
 * # message: has no label {?var}            (template with {$this}, {$value}, {?var}; default: ?message)
 * </pre>
 *
 * <p>Instances are immutable values (equal when their settings are equal); build them with {@link #builder()}.
 */
public final class ClosureOptions {
    private static final ClosureOptions DEFAULTS = builder().build();

    private final boolean strictPhases;
    private final boolean strictSources;
    private final List<NamedText> shapes;
    private final List<NamedText> queries;

    private ClosureOptions(Builder b) {
        this.strictPhases = b.strictPhases;
        this.strictSources = b.strictSources;
        this.shapes = List.copyOf(b.shapes);
        this.queries = List.copyOf(b.queries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClosureOptions other && strictPhases == other.strictPhases && strictSources == other.strictSources
                && shapes.equals(other.shapes)
                && queries.equals(other.queries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(strictPhases, strictSources, shapes, queries);
    }

    /** Built-in rules only, phases not strict, load warnings not violations. */
    public static ClosureOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether every phase but the last must be closed by a gate. */
    public boolean strictPhases() {
        return strictPhases;
    }

    /** Whether every load warning of the spec is a violation (category {@code sources}). */
    public boolean strictSources() {
        return strictSources;
    }

    /** Extra SHACL shapes, each with the name used in messages. */
    public List<NamedText> shapes() {
        return shapes;
    }

    /** Extra SPARQL SELECT closure queries, each with the name used in messages. */
    public List<NamedText> queries() {
        return queries;
    }

    /**
     * A named text: a file's content with the file's name, or a string with a name the caller chose.
     *
     * @param name used in messages
     * @param text the content
     */
    public record NamedText(String name, String text) {
        public NamedText {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Builder of {@link ClosureOptions}. */
    public static final class Builder {
        private boolean strictPhases;
        private boolean strictSources;
        private final List<NamedText> shapes = new ArrayList<>();
        private final List<NamedText> queries = new ArrayList<>();

        private Builder() {}

        /** Requires every phase but the last to be closed by a gate (default: false). */
        public Builder strictPhases(boolean strict) {
            this.strictPhases = strict;
            return this;
        }

        /**
         * Makes every warning raised while loading the spec a violation (default: false), in the category
         * {@code sources}, under the rule its kind names ({@link io.specgraph.load.LoadWarning.Kind#ruleId()}):
         * an unknown {@code sg:} term, a namespace a typo away from {@code sg:}'s, a file without specgraph
         * subjects, bytes that are not UTF-8, a last statement without its {@code .}, a link not followed, a
         * sub-folder not loaded, one name under two namespaces, a parser warning. For CI, where a warning on
         * stderr goes unread: a spec that loads with warnings is then not closed, and is not planned or run
         * unless unclosed specs are allowed. CLI: {@code --strict}.
         */
        public Builder strictSources(boolean strict) {
            this.strictSources = strict;
            return this;
        }

        /** Adds a Turtle file of SHACL shapes. */
        public Builder shapes(Path file) {
            shapes.add(new NamedText(file.toString(), read(file, "shapes")));
            return this;
        }

        /** Adds SHACL shapes given as Turtle text. */
        public Builder shapes(String name, String turtle) {
            shapes.add(new NamedText(name, turtle));
            return this;
        }

        /** Adds a SPARQL SELECT closure query file. */
        public Builder query(Path file) {
            queries.add(new NamedText(file.toString(), read(file, "query")));
            return this;
        }

        /** Adds a SPARQL SELECT closure query given as text. */
        public Builder query(String name, String sparql) {
            queries.add(new NamedText(name, sparql));
            return this;
        }

        public ClosureOptions build() {
            return new ClosureOptions(this);
        }

        private static String read(Path file, String what) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidRuleException(file + ": cannot read the " + what + " file (" + e.getMessage() + ")");
            }
        }
    }
}
