/**
 * Generic helpers for the JUEL expressions of the diagrams (processes/*.bpmn).
 *
 * <p>JUEL has no list or map literals, no lambdas and no list functions, which FEEL had. These
 * beans fill exactly that gap and nothing more: they know lists, maps, ISO dates and the
 * multi-instance collector, never a procedure, a category or a field of the domain. The field
 * names a diagram passes (e.g. {@code lists.pluck(findings, 'unitName')}) stay in the diagram.
 *
 * <ul>
 *   <li>{@code lists} ({@link cn.anquan.engine.expression.Lists}): of, join, pluck, flatten,
 *       compact, distinct, concat, where, whereIn, first, anyMatch, anyBlank, anyFieldsEqual, select, max;</li>
 *   <li>{@code maps} ({@link cn.anquan.engine.expression.Maps}): of, put;</li>
 *   <li>{@code dates} ({@link cn.anquan.engine.expression.Dates}): plusDays, durationDays;</li>
 *   <li>{@code collector} ({@link cn.anquan.engine.expression.Collector}): start, put: the
 *       output collection of a multi-instance activity, which Camunda 7 lacks.</li>
 * </ul>
 *
 * <p>Every method treats a {@code null} list as empty and never changes its arguments: it returns
 * new lists and maps, which the engine stores as Json variables.
 *
 * <p>These beans are all that expressions see (cn.anquan.engine.sandbox), and only their methods
 * named in {@code expression-allowlist.properties} (and in EXPRESSION_ALLOWLIST of
 * deploy/expression-sandbox.ts, the deploy check) may be called: a new public method must be listed
 * in both; a unit test fails until it is.
 */
package cn.anquan.engine.expression;
