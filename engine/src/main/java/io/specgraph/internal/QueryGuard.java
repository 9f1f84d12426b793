package io.specgraph.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryParseException;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.core.VarExprList;
import org.apache.jena.sparql.expr.E_Call;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.E_NotExists;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprAggregator;
import org.apache.jena.sparql.expr.ExprFunction;
import org.apache.jena.sparql.expr.ExprFunction0;
import org.apache.jena.sparql.expr.ExprFunction1;
import org.apache.jena.sparql.expr.ExprFunction2;
import org.apache.jena.sparql.expr.ExprFunction3;
import org.apache.jena.sparql.expr.ExprFunctionN;
import org.apache.jena.sparql.expr.ExprFunctionOp;
import org.apache.jena.sparql.expr.ExprList;
import org.apache.jena.sparql.expr.ExprNone;
import org.apache.jena.sparql.expr.ExprTripleTerm;
import org.apache.jena.sparql.expr.ExprVar;
import org.apache.jena.sparql.expr.ExprVisitor;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.expr.aggregate.Aggregator;
import org.apache.jena.sparql.path.P_NegPropSet;
import org.apache.jena.sparql.path.P_Path0;
import org.apache.jena.sparql.path.P_Path1;
import org.apache.jena.sparql.path.P_Path2;
import org.apache.jena.sparql.path.Path;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementAntiJoin;
import org.apache.jena.sparql.syntax.ElementAssign;
import org.apache.jena.sparql.syntax.ElementBind;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementDataset;
import org.apache.jena.sparql.syntax.ElementExists;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementLateral;
import org.apache.jena.sparql.syntax.ElementMinus;
import org.apache.jena.sparql.syntax.ElementNamedGraph;
import org.apache.jena.sparql.syntax.ElementNotExists;
import org.apache.jena.sparql.syntax.ElementOptional;
import org.apache.jena.sparql.syntax.ElementPathBlock;
import org.apache.jena.sparql.syntax.ElementSemiJoin;
import org.apache.jena.sparql.syntax.ElementService;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementTriplesBlock;
import org.apache.jena.sparql.syntax.ElementUnfold;
import org.apache.jena.sparql.syntax.ElementUnion;
import org.apache.jena.sparql.syntax.ElementVisitor;

/**
 * Decides, before anything runs, whether a query written by someone else (a spec's {@code sg:ask}, a user's
 * closure query, a dialect's CONSTRUCT) stays inside the data it is given. It refuses, wherever they occur —
 * nested groups, OPTIONAL, UNION, MINUS, GRAPH, subqueries, and every expression (FILTER, BIND, EXISTS and
 * NOT EXISTS, SELECT expressions, GROUP BY, HAVING, ORDER BY, aggregates):
 * <ul>
 *   <li>{@code SERVICE}, which sends the query, and the data it binds, to another host;</li>
 *   <li>{@code FROM} and {@code FROM NAMED}, which name data to read from elsewhere (ARQ only picks graphs of
 *       the dataset it is given, but a query that asks for other data is refused rather than half-answered);</li>
 *   <li>functions and property functions named by a {@code java:} IRI, which ARQ would load and instantiate
 *       as a class of the running program.</li>
 * </ul>
 * A query can still compute such a name at run time ({@code CALL}); {@link SafeQueryExec} is the second line
 * that refuses it then. Not public API.
 */
public final class QueryGuard {
    private static final String JAVA_SCHEME = "java:";

    private QueryGuard() {}

    /**
     * Why a query did not parse, in one line. Jena's parser turns running out of stack on a deeply nested
     * query into a parse error without a message; that case is named for what it is.
     */
    public static String parseFailure(QueryParseException e) {
        if (e.getCause() instanceof StackOverflowError) {
            return "it is nested too deeply for the parser; flatten the deepest expression or group";
        }
        return e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    }

    /**
     * What the query must not do, as a phrase to follow "the query" ({@code "uses SERVICE <http://x> (within
     * FILTER, NOT EXISTS)"}), or null when it only reads the data it is given.
     */
    public static String problem(Query query) {
        Scan scan = new Scan(false);
        scan.query(query);
        return scan.problem;
    }

    /**
     * As {@link #problem(Query)}, for a query that will run where {@link SafeQueryExec}'s confinement cannot
     * be applied (Jena's SHACL engine): then everything must be decided before it runs, so a function named
     * at run time ({@code CALL(IRI(…))}, which may compute a {@code java:} class name) is refused too.
     */
    public static String problemUnconfined(Query query) {
        Scan scan = new Scan(true);
        scan.query(query);
        return scan.problem;
    }

    /** Walks every element and expression, remembering the first refusal and the constructs around it. */
    private static final class Scan implements ElementVisitor, ExprVisitor {
        private final Deque<String> within = new ArrayDeque<>();
        private final boolean unconfined;
        private String problem;

        Scan(boolean unconfined) {
            this.unconfined = unconfined;
        }

        private void refuse(String what) {
            if (problem == null) {
                problem = what + (within.isEmpty() ? "" : " (within " + String.join(", ", within) + ")");
            }
        }

        void query(Query query) {
            if (query.hasDatasetDescription()) {
                List<String> graphs = new ArrayList<>(query.getGraphURIs());
                graphs.addAll(query.getNamedGraphURIs());
                refuse("names data to read with FROM or FROM NAMED (<" + String.join(">, <", graphs) + ">)");
            }
            if (query.getQueryPattern() != null) {
                query.getQueryPattern().visit(this);
            }
            in("a SELECT expression", () -> exprs(query.getProject()));
            if (query.hasGroupBy()) {
                in("GROUP BY", () -> exprs(query.getGroupBy()));
            }
            if (query.hasHaving()) {
                in("HAVING", () -> query.getHavingExprs().forEach(this::expr));
            }
            if (query.hasOrderBy()) {
                in("ORDER BY", () -> query.getOrderBy().stream().map(SortCondition::getExpression).forEach(this::expr));
            }
            if (query.hasAggregators()) {
                query.getAggregators().forEach(this::expr);
            }
        }

        private void in(String construct, Runnable walk) {
            within.addLast(construct);
            try {
                walk.run();
            } finally {
                within.removeLast();
            }
        }

        private void in(String construct, Element element) {
            if (element != null) {
                in(construct, () -> element.visit(this));
            }
        }

        private void exprs(VarExprList list) {
            if (list != null) {
                list.getExprs().values().forEach(this::expr);
            }
        }

        private void expr(Expr expr) {
            if (expr != null) {
                expr.visit(this);
            }
        }

        private void predicate(Node node) {
            if (node != null && node.isURI() && isJava(node.getURI())) {
                refuse("names the property <" + node.getURI() + ">, which ARQ would load as a Java class");
            }
        }

        private void path(Path path) {
            switch (path) {
                case P_NegPropSet p -> p.getNodes().forEach(n -> predicate(n.getNode()));
                case P_Path0 p -> predicate(p.getNode());
                case P_Path1 p -> path(p.getSubPath());
                case P_Path2 p -> {
                    path(p.getLeft());
                    path(p.getRight());
                }
                default -> refuse("uses a property path of a kind that cannot be checked (" + path + ")");
            }
        }

        // ---- elements

        @Override
        public void visit(ElementTriplesBlock el) {
            el.getPattern().forEach(t -> predicate(t.getPredicate()));
        }

        @Override
        public void visit(ElementPathBlock el) {
            for (TriplePath t : el.getPattern().getList()) {
                if (t.isTriple()) {
                    predicate(t.getPredicate());
                } else {
                    path(t.getPath());
                }
            }
        }

        @Override
        public void visit(ElementFilter el) {
            in("FILTER", () -> expr(el.getExpr()));
        }

        @Override
        public void visit(ElementAssign el) {
            in("LET", () -> expr(el.getExpr()));
        }

        @Override
        public void visit(ElementBind el) {
            in("BIND", () -> expr(el.getExpr()));
        }

        @Override
        public void visit(ElementUnfold el) {
            in("UNFOLD", () -> expr(el.getExpr()));
        }

        @Override
        public void visit(ElementData el) {
            // VALUES holds constants only
        }

        @Override
        public void visit(ElementUnion el) {
            in("UNION", () -> el.getElements().forEach(e -> e.visit(this)));
        }

        @Override
        public void visit(ElementOptional el) {
            in("OPTIONAL", el.getOptionalElement());
        }

        @Override
        public void visit(ElementLateral el) {
            in("LATERAL", el.getLateralElement());
        }

        @Override
        public void visit(ElementSemiJoin el) {
            in("SEMIJOIN", el.getSubElement());
        }

        @Override
        public void visit(ElementAntiJoin el) {
            in("ANTIJOIN", el.getSubElement());
        }

        @Override
        public void visit(ElementGroup el) {
            el.getElements().forEach(e -> e.visit(this));
        }

        @Override
        public void visit(ElementDataset el) {
            refuse("names a dataset of its own");
        }

        @Override
        public void visit(ElementNamedGraph el) {
            in("GRAPH", el.getElement());
        }

        @Override
        public void visit(ElementExists el) {
            in("EXISTS", el.getElement());
        }

        @Override
        public void visit(ElementNotExists el) {
            in("NOT EXISTS", el.getElement());
        }

        @Override
        public void visit(ElementMinus el) {
            in("MINUS", el.getMinusElement());
        }

        @Override
        public void visit(ElementService el) {
            Node service = el.getServiceNode();
            refuse("uses SERVICE " + (service == null ? "" : service.isURI() ? "<" + service.getURI() + ">" : service.toString()));
        }

        @Override
        public void visit(ElementSubQuery el) {
            in("a subquery", () -> query(el.getQuery()));
        }

        // ---- expressions

        @Override
        public void visit(ExprFunction0 func) {
            function(func);
        }

        @Override
        public void visit(ExprFunction1 func) {
            function(func);
        }

        @Override
        public void visit(ExprFunction2 func) {
            function(func);
        }

        @Override
        public void visit(ExprFunction3 func) {
            function(func);
        }

        @Override
        public void visit(ExprFunctionN func) {
            function(func);
        }

        private void function(ExprFunction func) {
            if (func instanceof E_Function f && isJava(f.getFunctionIRI())) {
                refuse("calls <" + f.getFunctionIRI() + ">, which ARQ would load as a Java class");
            }
            if (unconfined && func instanceof E_Call) {
                refuse("uses CALL, whose function is only known when it runs (it could name a Java class to load)");
            }
            for (int i = 1; i <= func.numArgs(); i++) {
                expr(func.getArg(i));
            }
        }

        @Override
        public void visit(ExprFunctionOp funcOp) {
            function(funcOp);
            Element pattern = funcOp.getElement();
            String construct = funcOp instanceof E_NotExists ? "NOT EXISTS" : "EXISTS";
            if (pattern == null) {
                refuse("has " + construct + " over a pattern that cannot be checked");
            } else {
                in(construct, pattern);
            }
        }

        @Override
        public void visit(ExprAggregator eAgg) {
            Aggregator aggregator = eAgg.getAggregator();
            ExprList args = aggregator == null ? null : aggregator.getExprList();
            if (args != null) {
                in("an aggregate", () -> args.forEach(this::expr));
            }
        }

        @Override
        public void visit(ExprTripleTerm tripleTerm) {
            // a constant triple term: nothing to run
        }

        @Override
        public void visit(NodeValue nv) {
            // a constant
        }

        @Override
        public void visit(ExprVar nv) {
            // a variable
        }

        @Override
        public void visit(ExprNone exprNone) {
            // a placeholder for a missing argument
        }
    }

    /** Whether ARQ would treat this IRI as the name of a Java class to load ({@code java:} is case-sensitive there). */
    static boolean isJava(String iri) {
        return iri != null && iri.regionMatches(true, 0, JAVA_SCHEME, 0, JAVA_SCHEME.length());
    }
}
