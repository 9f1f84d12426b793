/**
 * OpenTelemetry traces of runs: {@link io.specgraph.trace.RunTracer} is a run listener that makes a span per run,
 * phase, task attempt and gate evaluation. The engine depends on the OpenTelemetry API alone; the host brings and
 * configures the SDK.
 */
package io.specgraph.trace;
