package cn.anquan.engine.json;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

import org.operaton.bpm.engine.impl.variable.serializer.AbstractTypedValueSerializer;
import org.operaton.bpm.engine.impl.variable.serializer.ValueFields;
import org.operaton.bpm.engine.variable.impl.value.UntypedValueImpl;
import org.operaton.bpm.engine.variable.value.TypedValue;

/**
 * Stores Json values as UTF-8 JSON text in the engine's byte-array table (the text columns
 * hold only 4000 characters). History copies the same bytes, so historic variables keep it.
 *
 * <p>Also claims every untyped Map or Collection the engine has to store (camunda:map,
 * camunda:list, expression results, values set by listeners or REST without a type), so such
 * values become Json rather than Java-serialized objects.
 */
public class JsonValueSerializer extends AbstractTypedValueSerializer<JsonValue> {

  public JsonValueSerializer() {
    super(JsonValueType.VALUES);
  }

  @Override
  public String getName() {
    return JsonValueType.NAME;
  }

  /** Wins over any other candidate when the default serialization format is application/json. */
  @Override
  public String getSerializationDataformat() {
    return JsonValueType.DATA_FORMAT;
  }

  @Override
  protected boolean canWriteValue(TypedValue value) {
    if (value instanceof JsonValue) {
      return true;
    }
    return value instanceof UntypedValueImpl
        && (value.getValue() instanceof Map || value.getValue() instanceof Collection);
  }

  @Override
  public JsonValue convertToTypedValue(UntypedValueImpl untypedValue) {
    return JsonValue.of(untypedValue.getValue(), untypedValue.isTransient());
  }

  @Override
  public void writeValue(JsonValue value, ValueFields valueFields) {
    valueFields.setByteArrayValue(value.getValueSerialized().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public JsonValue readValue(ValueFields valueFields, boolean deserializeValue, boolean asTransientValue) {
    byte[] bytes = valueFields.getByteArrayValue();
    String text = bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    return deserializeValue ? JsonValue.of(JsonValue.parse(text), asTransientValue) : JsonValue.serialized(text, asTransientValue);
  }

  /**
   * A parsed Map/List can be changed in place (e.g. by a script); the engine then compares the
   * re-written bytes at the end of the command and saves the change.
   */
  @Override
  public boolean isMutableValue(JsonValue value) {
    return value.isDeserialized();
  }
}
