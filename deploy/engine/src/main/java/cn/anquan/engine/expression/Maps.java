package cn.anquan.engine.expression;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code ${maps.…}}: map literals for JUEL, which has none. Where a whole input or output is a map,
 * the diagrams use {@code camunda:map}; these are for maps inside an expression (a ternary branch,
 * a collector element).
 */
@Component("maps")
public class Maps {

  /** {@code maps.of('name', patrolTargetName, 'kind', patrolTargetKind)}: keys and values alternate. */
  public Map<String, Object> of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("maps.of 需要成对的键和值 / maps.of needs key, value pairs");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
    return map;
  }

  /** {@code maps.put(transferLetter, 'body', letterBody)}: a copy with one entry set (FEEL context put). */
  public Map<String, Object> put(Map<?, ?> map, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>();
    if (map != null) map.forEach((k, v) -> copy.put(String.valueOf(k), v));
    copy.put(key, value);
    return copy;
  }
}
