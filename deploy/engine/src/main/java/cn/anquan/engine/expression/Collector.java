package cn.anquan.engine.expression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.operaton.bpm.engine.delegate.DelegateExecution;
import org.operaton.bpm.engine.impl.pvm.runtime.PvmExecutionImpl;
import org.springframework.stereotype.Component;

/**
 * {@code ${collector.…}}: the output collection of a multi-instance activity (one result per
 * element, in input order), which Camunda 7 has no attribute for. One pattern for every
 * case:
 *
 * <pre>{@code
 * <bpmn:multiInstanceLoopCharacteristics
 *     camunda:collection="${collector.start(execution, 'inspectionResults', draw.assignments)}"
 *     camunda:elementVariable="assignment" />
 * <camunda:executionListener event="end"
 *     expression="${collector.put(execution, 'inspectionResults', maps.of('targetId', assignment.targetId, …))}" />
 * }</pre>
 *
 * <ul>
 *   <li>{@link #start}, evaluated once when the multi-instance body is entered, sets the variable to
 *       a list of one {@code null} per element, as a local variable of the scope around the body (the
 *       process, or the enclosing subprocess instance; so nested multi-instances do not share it), and
 *       returns the collection unchanged. An empty collection gives an empty list.</li>
 *   <li>{@link #put}, an end listener of the inner activity, stores its element at index
 *       {@code loopCounter}: the order is the input order whatever the completion order.</li>
 * </ul>
 */
@Component("collector")
public class Collector {

  private static final String MULTI_INSTANCE_BODY_SUFFIX = "#multiInstanceBody";

  /** Initialises {@code variable} around the multi-instance body; returns {@code collection}. */
  public Object start(DelegateExecution execution, String variable, Object collection) {
    int size = collection == null ? 0 : ((Collection<?>) collection).size();
    List<Object> slots = new ArrayList<>(Collections.nCopies(size, null));
    scopeAroundBody(execution).setVariableLocal(variable, slots);
    return collection == null ? List.of() : collection;
  }

  /** Stores {@code element} at this instance's {@code loopCounter} in {@code variable}. */
  public void put(DelegateExecution execution, String variable, Object element) {
    Object counter = execution.getVariable("loopCounter");
    Object current = execution.getVariable(variable);
    if (!(counter instanceof Number index) || !(current instanceof Collection<?> list)) {
      throw new IllegalStateException(
          "collector.put 须在多实例活动内、collector.start 之后调用 / collector.put must run inside a multi-instance "
              + "activity whose collection is collector.start(…) (variable " + variable + ", activity "
              + execution.getCurrentActivityId() + ")");
    }
    List<Object> updated = new ArrayList<>(list);
    while (updated.size() <= index.intValue()) updated.add(null);
    updated.set(index.intValue(), element);
    execution.setVariable(variable, updated); // lands where start() put it: the nearest scope that has it
  }

  private static PvmExecutionImpl scopeAroundBody(DelegateExecution execution) {
    PvmExecutionImpl current = (PvmExecutionImpl) execution;
    while (current != null && !isBody(current)) current = current.getParent();
    if (current == null) {
      throw new IllegalStateException(
          "collector.start 只能用作多实例的 camunda:collection / collector.start must be the camunda:collection of a "
              + "multi-instance activity (activity " + execution.getCurrentActivityId() + ")");
    }
    return current.getParentScopeExecution(false);
  }

  private static boolean isBody(PvmExecutionImpl execution) {
    String activityId = execution.getActivity() == null ? null : execution.getActivity().getId();
    return activityId != null && activityId.endsWith(MULTI_INSTANCE_BODY_SUFFIX);
  }
}
