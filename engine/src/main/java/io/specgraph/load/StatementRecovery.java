package io.specgraph.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.irix.IRIxResolver;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.lang.LangTurtle;
import org.apache.jena.riot.system.ParserProfile;
import org.apache.jena.riot.system.RiotLib;
import org.apache.jena.riot.system.StreamRDFBase;
import org.apache.jena.riot.tokens.Tokenizer;
import org.apache.jena.riot.tokens.TokenizerText;

/**
 * Re-reads a source that has a syntax error one top-level statement at a time, so that every error of the file
 * is reported in one run rather than only the first (RIOT's parser stops at its first fatal error), and so that
 * what does parse can still be used when the loader skips what does not.
 *
 * <p>A statement with an error is left out whole: the triples the parser emitted before it failed are dropped,
 * so that a half-read statement (a task with half its properties, a list without its end) never reaches the
 * spec. Prefixes, the base and blank node labels carry over from statement to statement as in one parse.
 *
 * <p>Each error says where it is in characters of the source (not UTF-16 units, not offsets into the
 * statement), an unclosed string is reported where it opens, the usual slips (a list closed with {@code ]},
 * commas or {@code ;} inside {@code ( … )}, a name without a prefix) say what to write instead, and an error
 * that may only follow from an earlier one (a statement whose start is a guess, a prefix whose directive did not
 * parse) says so.
 */
final class StatementRecovery {
    /** Errors listed per source; beyond this a file is usually not Turtle at all, and one line says how many more. */
    static final int MAX_LISTED = 100;

    private static final Pattern UNDEFINED_PREFIX = Pattern.compile("(?i)undefined prefix:?\\s*'?([^'\\s:]*)");
    private static final Pattern KEYWORD = Pattern.compile("(?:Unrecognized keyword: |\\[KEYWORD:)([^\\]\\s]+)");

    private final String source;
    private final String baseIri;
    private final String text;
    private final TurtleStatements statements;
    private final boolean literalPositions;

    /**
     * What the re-read found.
     *
     * @param errors     every syntax error, in source order (at most {@link #MAX_LISTED}, then one line for the rest)
     * @param statements how many statements the source has
     * @param profile    the profile that read the statements that parse (their sg: terms and prefix declarations)
     */
    record Outcome(List<LoadProblem> errors, int statements, PositionRecordingProfile profile) {}

    /** @param literalPositions whether to note where literals are written too (see {@link SpecLoader#literalPositions}) */
    StatementRecovery(String source, String baseIri, String text, boolean literalPositions) {
        this.literalPositions = literalPositions;
        this.source = source;
        this.baseIri = baseIri;
        this.text = text.startsWith("\uFEFF") ? " " + text.substring(1) : text;
        this.statements = new TurtleStatements(this.text);
    }

    /**
     * Parses every statement; those that parse are added through {@code commit} (which may throw to stop at a
     * limit) and their subjects' positions recorded, those that do not become errors.
     *
     * @param skipping whether the statements that do not parse are left out of a spec that is then used (the
     *                 errors then say which lines were left out)
     */
    Outcome parse(Graph graph, Consumer<Triple> commit, Map<Node, SourcePosition> positions, List<LoadWarning> warnings,
                  boolean skipping) {
        List<TurtleStatements.Statement> all = statements.split();
        CollectingErrorHandler errors = new CollectingErrorHandler(source, new ArrayList<>(), warnings, (l, c) -> null);
        ParserProfile std = RiotLib.createParserProfile(RiotLib.factoryRDF(), errors,
                IRIxResolver.create().base(baseIri).build(), false);
        PositionRecordingProfile profile = new PositionRecordingProfile(std, positions, (l, c) -> null);
        if (literalPositions) {
            profile.recordLiterals();
        }
        Buffer buffer = new Buffer();
        List<LoadProblem> out = new ArrayList<>();
        Map<String, Long> failedPrefixes = new HashMap<>();
        TurtleStatements.Statement previousFailed = null;
        int failedCount = 0;
        long firstUnlisted = 0;
        long lastUnlisted = 0;
        for (TurtleStatements.Statement st : all) {
            List<LoadProblem> found = new ArrayList<>();
            Locator at = locatorFor(st.start());
            errors.restart(found, at);
            profile.locator(at);
            profile.mark();
            buffer.clear();
            Tokenizer tokenizer = TokenizerText.create().fromString(text.substring(st.start(), st.end())).errorHandler(errors).build();
            try {
                new LangTurtle(tokenizer, profile, buffer).parse();
            } catch (RiotException e) {
                if (!errors.fatalSeen()) {
                    found.add(new LoadProblem(LoadProblem.Kind.SYNTAX, source, at.at(1, 1), String.valueOf(e.getMessage())));
                }
            } catch (RuntimeException e) {
                // Jena's parser failing on its own (a '%' escape cut off by the end of the file): still a syntax error
                found.add(new LoadProblem(LoadProblem.Kind.SYNTAX, source, at.at(tokenizer.getLine(), tokenizer.getColumn()),
                        "the Turtle parser stopped here (" + e.getClass().getSimpleName() + "); look for a name, escape"
                                + " or string cut off by the end of the file or another malformed term"));
            }
            if (found.isEmpty()) {
                buffer.commit(graph, commit);
                previousFailed = null;
                continue;
            }
            profile.rollback();
            failedCount++;
            if (out.size() >= MAX_LISTED) {
                firstUnlisted = firstUnlisted == 0 ? statements.line(st.start()) : firstUnlisted;
                lastUnlisted = statements.line(st.end() - 1);
            } else {
                for (LoadProblem p : found) {
                    out.add(explain(p, st, previousFailed, failedPrefixes, skipping));
                }
            }
            if (st.prefix() != null) {
                failedPrefixes.putIfAbsent(st.prefix(), statements.line(st.start()));
            }
            previousFailed = st;
        }
        if (firstUnlisted > 0) {
            int more = failedCount - countListedStatements(out);
            out.add(new LoadProblem(LoadProblem.Kind.SYNTAX, source, new SourcePosition(source, firstUnlisted, 0),
                    more + " more statement" + (more == 1 ? "" : "s") + " between lines " + firstUnlisted + " and " + lastUnlisted
                            + " do not parse either (not listed: after " + MAX_LISTED + " errors a file is seldom Turtle at all)"
                            + (skipping ? "; they were left out" : "")));
        }
        return new Outcome(out, all.size(), profile);
    }

    private static int countListedStatements(List<LoadProblem> listed) {
        return (int) listed.stream().map(p -> p.position() == null ? -1 : p.position().line()).distinct().count();
    }

    /** The error in words a user can act on: where it really is, what to write instead, whether it follows from another. */
    private LoadProblem explain(LoadProblem p, TurtleStatements.Statement st, TurtleStatements.Statement previousFailed,
                                Map<String, Long> failedPrefixes, boolean skipping) {
        SourcePosition where = p.position();
        String message = p.message();
        if (st.brokenString() >= 0 && message.startsWith("Broken")) {
            where = position(st.brokenString());
            message = st.longString()
                    ? "a long string (\"\"\") opens here and is never closed, so the rest of the file, to line "
                            + statements.line(text.length() - 1) + ", reads as part of it; close it with the same three quotes"
                    : "a string opens here and is not closed on its line; close it, or write text over several lines as"
                            + " \"\"\"…\"\"\"";
        } else if (where != null) {
            message = message + hint(message, st, statements.offsetOfCharacter(where.line(), Math.max(1, where.column())));
        }
        Matcher undefined = UNDEFINED_PREFIX.matcher(message);
        if (previousFailed != null && !previousFailed.regular()) {
            message += " (this may be a consequence of the error at line " + statements.line(previousFailed.start())
                    + ": that statement leaves a bracket or a string open, so where this one starts is a guess)";
        } else if (undefined.find() && failedPrefixes.containsKey(undefined.group(1))) {
            message += " (a consequence of the error at line " + failedPrefixes.get(undefined.group(1))
                    + ", where the directive declaring this prefix does not parse)";
        }
        if (skipping) {
            long first = statements.line(st.start());
            long last = statements.line(Math.max(st.start(), st.end() - 1));
            message += "; left out: the statement at " + (first == last ? "line " + first : "lines " + first + "–" + last);
        }
        return new LoadProblem(LoadProblem.Kind.SYNTAX, source, where, message);
    }

    /** What to write instead, for the slips real specs make; empty when the parser's message is all there is. */
    private String hint(String message, TurtleStatements.Statement st, int offset) {
        int open = statements.openBracketAt(st, offset);
        char bracket = open >= 0 ? text.charAt(open) : 0;
        String opened = open >= 0 ? " opened at line " + statements.line(open) + ":" + statements.column(open) : "";
        if (bracket == '(' && message.contains("[RBRACKET]")) {
            return ": the list ( …" + opened + " is closed with ']'; close it with ')'";
        }
        if (bracket == '[' && message.contains("[RPAREN]")) {
            return ": the [ …" + opened + " is closed with ')'; close it with ']'";
        }
        if (bracket == '(' && message.contains("[COMMA]")) {
            return ": the items of a list ( …" + opened + " are separated by spaces, not commas";
        }
        if (bracket == '(' && message.contains("[SEMICOLON]")) {
            return ": a ';' inside the list ( …" + opened + "; close the list with ')' before the next property";
        }
        Matcher keyword = KEYWORD.matcher(message);
        if (keyword.find() && !List.of("a", "true", "false").contains(keyword.group(1))) {
            String name = keyword.group(1);
            return ": " + name + " is a name without a prefix; write it with one (:" + name + ", with @prefix : <…> ."
                    + " declared) or as an IRI <…>";
        }
        return "";
    }

    private SourcePosition position(int offset) {
        return new SourcePosition(source, statements.line(offset), statements.column(offset));
    }

    /** Positions inside a statement parsed on its own, as positions in the source. */
    private Locator locatorFor(int start) {
        long firstLine = statements.line(start);
        long firstColumn = start - statements.lineStart(firstLine) + 1;
        return (line, column) -> {
            if (line <= 0) {
                return null;
            }
            long absolute = firstLine + line - 1;
            long utf16 = line == 1 ? firstColumn + Math.max(column, 1) - 1 : Math.max(column, 1);
            int offset = statements.offset(absolute, utf16);
            return new SourcePosition(source, absolute, offset < 0 ? Math.max(column, 0) : statements.column(offset));
        };
    }

    /** Holds one statement's triples and prefixes until it has parsed. */
    private static final class Buffer extends StreamRDFBase {
        private final List<Triple> triples = new ArrayList<>();
        private final List<String[]> prefixes = new ArrayList<>();

        void clear() {
            triples.clear();
            prefixes.clear();
        }

        @Override
        public void triple(Triple triple) {
            triples.add(triple);
        }

        @Override
        public void prefix(String prefix, String iri) {
            prefixes.add(new String[] {prefix, iri});
        }

        void commit(Graph graph, Consumer<Triple> commit) {
            prefixes.forEach(p -> graph.getPrefixMapping().setNsPrefix(p[0], p[1]));
            triples.forEach(commit);
            clear();
        }
    }
}
