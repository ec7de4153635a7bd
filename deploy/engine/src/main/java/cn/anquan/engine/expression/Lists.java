package cn.anquan.engine.expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * {@code ${lists.…}}: list functions for JUEL (FEEL had them built in). A {@code null} list counts
 * as empty; elements that are not maps have no fields.
 */
@Component("lists")
public class Lists {

  /** {@code lists.of('a', 'b')}: a list literal. */
  public List<Object> of(Object... items) {
    return new ArrayList<>(Arrays.asList(items));
  }

  /** {@code lists.join(names, '、')}: the non-null elements as text, separated (FEEL string join). */
  public String join(Collection<?> list, String separator) {
    StringBuilder text = new StringBuilder();
    for (Object item : nonNull(list)) {
      if (item == null) continue;
      if (text.length() > 0) text.append(separator);
      text.append(item);
    }
    return text.toString();
  }

  /** {@code lists.pluck(units, 'unitName')}: the field of every element (null where missing). */
  public List<Object> pluck(Collection<?> list, String field) {
    List<Object> values = new ArrayList<>();
    for (Object item : nonNull(list)) values.add(field(item, field));
    return values;
  }

  /** {@code lists.flatten(listOfLists)}: one level of nesting removed; other elements kept. */
  public List<Object> flatten(Collection<?> list) {
    List<Object> flat = new ArrayList<>();
    for (Object item : nonNull(list)) {
      if (item instanceof Collection<?> inner) flat.addAll(inner);
      else flat.add(item);
    }
    return flat;
  }

  /** {@code lists.compact(list)}: without the null elements (FEEL {@code list[item != null]}). */
  public List<Object> compact(Collection<?> list) {
    List<Object> kept = new ArrayList<>();
    for (Object item : nonNull(list)) if (item != null) kept.add(item);
    return kept;
  }

  /** {@code lists.distinct(list)}: first occurrence of each value, in order (FEEL distinct values). */
  public List<Object> distinct(Collection<?> list) {
    List<Object> seen = new ArrayList<>();
    for (Object item : nonNull(list)) {
      if (seen.stream().noneMatch(other -> same(other, item))) seen.add(item);
    }
    return seen;
  }

  /** {@code lists.concat(a, b)}: a then b (FEEL concatenate). */
  public List<Object> concat(Collection<?> first, Collection<?> second) {
    List<Object> all = new ArrayList<>(nonNull(first));
    all.addAll(nonNull(second));
    return all;
  }

  /** {@code lists.where(targets, 'id', targetId)}: the elements whose field equals the value (FEEL filter). */
  public List<Object> where(Collection<?> list, String field, Object value) {
    List<Object> matching = new ArrayList<>();
    for (Object item : nonNull(list)) if (same(field(item, field), value)) matching.add(item);
    return matching;
  }

  /** {@code lists.whereIn(findings, 'findingId', punishedFindingIds)}: the elements whose field is one of the values, in list order. */
  public List<Object> whereIn(Collection<?> list, String field, Collection<?> values) {
    List<Object> matching = new ArrayList<>();
    for (Object item : nonNull(list)) {
      Object own = field(item, field);
      for (Object value : nonNull(values)) {
        if (same(own, value)) {
          matching.add(item);
          break;
        }
      }
    }
    return matching;
  }

  /** {@code lists.except(findings, 'category', '…')}: the elements whose field does not equal the value. */
  public List<Object> except(Collection<?> list, String field, Object value) {
    List<Object> rest = new ArrayList<>();
    for (Object item : nonNull(list)) if (!same(field(item, field), value)) rest.add(item);
    return rest;
  }

  /** {@code lists.first(list)}: the first element, or null for an empty list (FEEL {@code list[1]}). */
  public Object first(Collection<?> list) {
    return nonNull(list).isEmpty() ? null : nonNull(list).iterator().next();
  }

  /** {@code lists.anyMatch(findings, 'serious', true)}: some element's field equals the value (FEEL some … satisfies). */
  public boolean anyMatch(Collection<?> list, String field, Object value) {
    return !where(list, field, value).isEmpty();
  }

  /** {@code lists.anyBlank(values)}: some element is null or empty text. */
  public boolean anyBlank(Collection<?> list) {
    for (Object item : nonNull(list)) if (item == null || item.toString().isEmpty()) return true;
    return false;
  }

  /** {@code lists.anyFieldsEqual(units, 'a', 'b')}: some element has equal values in its two fields. */
  public boolean anyFieldsEqual(Collection<?> list, String field, String otherField) {
    for (Object item : nonNull(list)) if (same(field(item, field), field(item, otherField))) return true;
    return false;
  }

  /**
   * {@code lists.select(findings, 'category', 'responsibleUnit=unitName')}: every element as a new
   * map with only the named fields; {@code new=old} renames (FEEL {@code for f in … return {…}}).
   */
  public List<Map<String, Object>> select(Collection<?> list, String... fields) {
    List<Map<String, Object>> projected = new ArrayList<>();
    for (Object item : nonNull(list)) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (String spec : fields) {
        int eq = spec.indexOf('=');
        String target = eq < 0 ? spec : spec.substring(0, eq).trim();
        String source = eq < 0 ? spec : spec.substring(eq + 1).trim();
        row.put(target, field(item, source));
      }
      projected.add(row);
    }
    return projected;
  }

  /** {@code lists.max(values)}: the greatest non-null value (ISO dates compare as text), or null. */
  public Object max(Collection<?> list) {
    Object best = null;
    for (Object item : nonNull(list)) {
      if (item == null) continue;
      if (best == null || compare(item, best) > 0) best = item;
    }
    return best;
  }

  // --- shared with the other helpers -------------------------------------------------------

  static Collection<?> nonNull(Collection<?> list) {
    return list == null ? List.of() : list;
  }

  static Object field(Object item, String field) {
    return item instanceof Map<?, ?> map ? map.get(field) : null;
  }

  /** Equality as FEEL sees it: numbers by value (1 == 1L == 1.0), everything else by equals. */
  static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    return Objects.equals(a, b);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
    }
    return ((Comparable) a).compareTo(b);
  }
}
