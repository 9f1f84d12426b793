package io.specgraph.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Classes that record being initialised. ARQ initialises whatever class a {@code java:} IRI names (the check
 * that it is a function comes after), so a query naming one of these shows whether the class was loaded.
 */
public final class Traps {
    /** The simple names of the traps initialised so far. */
    public static final Set<String> LOADED = ConcurrentHashMap.newKeySet();

    private Traps() {}

    /** Named by the query that shows ARQ, left alone, does load a class. */
    public static final class Control {
        static {
            LOADED.add("Control");
        }
    }

    /** Named as a function. */
    public static final class Function {
        static {
            LOADED.add("Function");
        }
    }

    /** Named as a property function. */
    public static final class Property {
        static {
            LOADED.add("Property");
        }
    }

    /** Named by an IRI the query computes, which no reading of its text can see. */
    public static final class Computed {
        static {
            LOADED.add("Computed");
        }
    }

    /** Named at run time by a shape's SPARQL, which Jena's SHACL engine runs unconfined. */
    public static final class Shape {
        static {
            LOADED.add("Shape");
        }
    }

    /** Named through a java: prefix a shapes file declares. */
    public static final class ShapePrefixed {
        static {
            LOADED.add("ShapePrefixed");
        }
    }
}
