package cn.anquan.engine.json;

import java.util.ArrayList;
import java.util.List;

import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.variable.serializer.TypedValueSerializer;
import org.springframework.stereotype.Component;

/**
 * Registers the Json value type (see {@link JsonValueType}). The Spring Boot starter applies
 * every ProcessEnginePlugin bean to the engine configuration.
 *
 * <p>Why our own plugin: Spin's JSON module (which gives C7 its Json type) cannot be resolved
 * from the registry, and Java serialization of variables stays off. The application.yaml sets
 * the default serialization format to application/json so that this serializer, not the Java
 * one, is chosen for untyped maps and lists.
 */
@Component
public class JsonVariablesPlugin extends AbstractProcessEnginePlugin {

  @Override
  @SuppressWarnings("rawtypes")
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<TypedValueSerializer> serializers = configuration.getCustomPreVariableSerializers() == null
        ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPreVariableSerializers());
    serializers.add(new JsonValueSerializer());
    configuration.setCustomPreVariableSerializers(serializers);
  }

  /** The resolver is what the REST API consults for "type": "Json". */
  @Override
  public void postInit(ProcessEngineConfigurationImpl configuration) {
    configuration.getValueTypeResolver().addType(JsonValueType.REST);
  }
}
