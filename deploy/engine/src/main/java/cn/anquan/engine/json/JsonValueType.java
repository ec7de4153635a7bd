package cn.anquan.engine.json;

import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.core.Response.Status;

import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.rest.exception.InvalidRequestException;
import org.operaton.bpm.engine.variable.impl.type.AbstractValueTypeImpl;
import org.operaton.bpm.engine.variable.type.SerializableValueType;
import org.operaton.bpm.engine.variable.value.SerializableValue;
import org.operaton.bpm.engine.variable.value.TypedValue;

/**
 * The value type "json" ("Json" in the REST API): JSON held as Map / List / String / Number /
 * Boolean / null, stored as JSON text. It stands in for Spin's Json type, which the registry
 * does not serve.
 *
 * <p>There are two instances on purpose:
 * <ul>
 *   <li>{@link #REST}, registered with the engine's ValueTypeResolver, is what the REST API's
 *       VariableValueDto looks up for {@code "type":"Json"}. It is deliberately NOT a
 *       SerializableValueType: for those the REST API insists on a String value, and we also
 *       want to accept a JSON object or array as the value.</li>
 *   <li>{@link #VALUES} is the type every {@link JsonValue} and the serializer carry. A
 *       SerializableValue must report a SerializableValueType, and being a SerializableValue is
 *       what gives C7 semantics to {@code deserializeValues=false} (JSON text, which Tasklist's
 *       form-js integration parses with JSON.parse) versus {@code true} (parsed JSON).</li>
 * </ul>
 */
public class JsonValueType extends AbstractValueTypeImpl {

  public static final String NAME = "json";
  public static final String DATA_FORMAT = "application/json";

  public static final JsonValueType REST = new JsonValueType();
  public static final ForValues VALUES = new ForValues();

  JsonValueType() {
    super(NAME);
  }

  @Override
  public boolean isPrimitiveValueType() {
    return false;
  }

  @Override
  public Map<String, Object> getValueInfo(TypedValue typedValue) {
    Map<String, Object> info = new HashMap<>();
    if (typedValue.isTransient()) {
      info.put(VALUE_INFO_TRANSIENT, true);
    }
    return info;
  }

  /**
   * From REST (or Java): a String is JSON text and is parsed; anything else (a JSON object or
   * array that REST already parsed, a number, …) is taken as parsed JSON. Invalid text is a 400.
   */
  @Override
  public TypedValue createValue(Object value, Map<String, Object> valueInfo) {
    boolean isTransient = isTransient(valueInfo);
    if (!(value instanceof String text)) {
      return JsonValue.of(value, isTransient);
    }
    try {
      return JsonValue.fromText(text, isTransient);
    } catch (ProcessEngineException e) {
      throw new InvalidRequestException(Status.BAD_REQUEST, e.getMessage());
    }
  }

  /** The type as values carry it (see the class comment). */
  public static final class ForValues extends JsonValueType implements SerializableValueType {
    private ForValues() {
      super();
    }

    @Override
    public SerializableValue createValueFromSerialized(String serializedValue, Map<String, Object> valueInfo) {
      return JsonValue.fromText(serializedValue == null ? "null" : serializedValue, isTransient(valueInfo));
    }
  }
}
