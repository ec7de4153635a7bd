package cn.anquan.engine.json;

import java.io.Serial;

import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.variable.type.SerializableValueType;
import org.operaton.bpm.engine.variable.value.SerializableValue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * A Json variable value. Either "deserialized" (holds the parsed JSON, what JUEL and Java code
 * see: LinkedHashMap, ArrayList, String, Integer/Long/Double, Boolean, null) or "serialized"
 * (holds only the JSON text, what a read with {@code deserializeValues=false} returns).
 */
public final class JsonValue implements SerializableValue {

  @Serial private static final long serialVersionUID = 1L;

  /**
   * Plain Jackson: maps to LinkedHashMap/ArrayList; java.time values found inside a Map are
   * written as ISO-8601 strings instead of numbers.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private Object value;
  private final String text;
  private final boolean deserialized;
  private final boolean isTransient;

  private JsonValue(Object value, String text, boolean deserialized, boolean isTransient) {
    this.value = value;
    this.text = text;
    this.deserialized = deserialized;
    this.isTransient = isTransient;
  }

  /** A value that is already parsed JSON (a Map from camunda:map, a List from an expression, …). */
  public static JsonValue of(Object parsed, boolean isTransient) {
    return new JsonValue(parsed, null, true, isTransient);
  }

  /** Parses JSON text (the REST form: {"type":"Json","value":"[1,2]"}). */
  public static JsonValue fromText(String text, boolean isTransient) {
    return new JsonValue(parse(text), null, true, isTransient);
  }

  /** Only the stored text; parsed on first use of {@link #getValue()}. */
  static JsonValue serialized(String text, boolean isTransient) {
    return new JsonValue(null, text, false, isTransient);
  }

  static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new ProcessEngineException("Json 变量不是有效的 JSON / Json value is not valid JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public Object getValue() {
    if (!deserialized && value == null && text != null) {
      value = parse(text);
    }
    return value;
  }

  /** Always written from the current value, so in-place changes to a Map/List are seen. */
  @Override
  public String getValueSerialized() {
    if (!deserialized) {
      return text;
    }
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ProcessEngineException("Json 变量无法写成 JSON / cannot write Json value: " + e.getOriginalMessage(), e);
    }
  }

  @Override
  public boolean isDeserialized() {
    return deserialized;
  }

  @Override
  public String getSerializationDataFormat() {
    return JsonValueType.DATA_FORMAT;
  }

  @Override
  public SerializableValueType getType() {
    return JsonValueType.VALUES;
  }

  @Override
  public boolean isTransient() {
    return isTransient;
  }

  @Override
  public String toString() {
    return "Json " + getValueSerialized();
  }
}
