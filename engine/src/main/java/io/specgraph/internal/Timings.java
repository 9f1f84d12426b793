package io.specgraph.internal;

import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.sparql.expr.nodevalue.XSDFuncOp;

/**
 * What a spec's durations ({@code sg:estimatedDuration}, {@code sg:timeout}) and retry counts
 * ({@code sg:retries}) mean, in one place: the closure check reports from it and the plan reads from it, so
 * validate, plan and run can never disagree about a value (a value validate refuses is never used by the
 * plan; a value validate accepts with a warning is used exactly as the warning says). Not public API.
 */
public final class Timings {
    /** More attempts than this are surely a mistake (each is a full run of the task). */
    public static final int MAX_RETRIES = 100;
    /** Longer than this is surely a mistake, and it keeps every sum of durations far from overflowing. */
    public static final Duration MAX_DURATION = Duration.ofDays(36_525);

    private Timings() {}

    /** What a duration value is for: an estimate may be zero, a timeout may not. */
    public enum Use {
        ESTIMATE, TIMEOUT
    }

    /**
     * A value as read: the value to use (null when it cannot be used), and what is wrong with it as a clause
     * that follows "which" ("is negative; …"). A
     * problem with a non-null value is a warning (the value is used as read); with a null value it is an
     * error (the value is not used: an estimate counts as zero, a timeout as none).
     */
    public record Reading<T>(T value, String problem) {
        /** True when the value cannot be used at all. */
        public boolean refused() {
            return value == null && problem != null;
        }
    }

    /** Reads a duration literal: an {@code xsd:duration} of days, hours, minutes and seconds. */
    public static Reading<Duration> duration(Node node, Use use) {
        if (!node.isLiteral()) {
            return refuse("is not a literal; write a duration such as \"PT2H\"^^xsd:duration");
        }
        String text = node.getLiteralLexicalForm().strip();
        Duration value;
        try {
            value = Duration.parse(text);
        } catch (DateTimeParseException e) {
            return refuse("is not an xsd:duration of days, hours, minutes and seconds such as \"PT1H30M\"^^xsd:duration"
                    + " or \"P2D\"^^xsd:duration (years and months have no fixed length)");
        }
        if (value.isNegative()) {
            return refuse("is negative; a duration says how long something takes, which cannot be less than nothing");
        }
        if (use == Use.TIMEOUT && value.isZero()) {
            return refuse("is zero; every attempt would time out before it starts (leave sg:timeout out for no timeout)");
        }
        if (value.compareTo(MAX_DURATION) > 0) {
            return refuse("is longer than 100 years, surely a mistake");
        }
        String datatype = node.getLiteralDatatypeURI();
        if (!XSDDatatype.XSDduration.getURI().equals(datatype)
                && !(XSDDatatype.XSD + "#dayTimeDuration").equals(datatype)) {
            return new Reading<>(value, "is typed " + shortType(datatype) + ", not xsd:duration; it is read as " + text
                    + ", but write \"" + text + "\"^^xsd:duration so that every tool reads it the same");
        }
        return new Reading<>(value, null);
    }

    /** Reads a retry count: a non-negative integer of at most {@value #MAX_RETRIES}. */
    public static Reading<Integer> retries(Node node) {
        if (!node.isLiteral()) {
            return refuse("is not a literal; write a whole number such as 3");
        }
        String text = node.getLiteralLexicalForm().strip();
        BigInteger value;
        try {
            value = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return refuse("is not a whole number of retries");
        }
        if (value.signum() < 0) {
            return refuse("is negative; say 0 for no retries");
        }
        if (value.compareTo(BigInteger.valueOf(MAX_RETRIES)) > 0) {
            return refuse("is more than " + MAX_RETRIES + " retries, surely a mistake (each retry runs the task again)");
        }
        String datatype = node.getLiteralDatatypeURI();
        if (!XSDDatatype.XSDinteger.getURI().equals(datatype) && !XSDDatatype.XSDnonNegativeInteger.getURI().equals(datatype)
                && !XSDDatatype.XSDint.getURI().equals(datatype)) {
            return new Reading<>(value.intValueExact(), "is typed " + shortType(datatype)
                    + ", not xsd:integer; it is read as " + value + ", but write it as a plain number: sg:retries " + value);
        }
        return new Reading<>(value.intValueExact(), null);
    }

    private static <T> Reading<T> refuse(String problem) {
        return new Reading<>(null, problem);
    }

    /**
     * A value as messages show it, before the problem's clause ({@code sg:timeout "PT0S", which is zero}):
     * numbers as written, other literals quoted and cut at 60 characters.
     */
    public static String show(Node node) {
        if (node.isURI()) {
            return "<" + node.getURI() + ">";
        }
        if (!node.isLiteral()) {
            return "a blank node";
        }
        String text = node.getLiteralLexicalForm();
        text = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        return XSDFuncOp.isNumeric(node) ? text : "\"" + text + "\""; // by datatype: the value may be ill-formed
    }

    private static String shortType(String datatype) {
        return datatype.startsWith(XSDDatatype.XSD + "#") ? "xsd:" + datatype.substring(XSDDatatype.XSD.length() + 1)
                : "<" + datatype + ">";
    }
}
