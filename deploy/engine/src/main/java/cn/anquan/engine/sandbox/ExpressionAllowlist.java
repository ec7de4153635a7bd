package cn.anquan.engine.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a JUEL expression may call and read: {@code expression-allowlist.properties} on the
 * classpath (src/main/resources). The deploy check (EXPRESSION_ALLOWLIST in
 * deploy/expression-sandbox.ts) holds the same lists, kept equal by a unit test, so a diagram is
 * refused before deployment by exactly what the engine enforces. A properties file, read by the
 * JDK alone: it costs the start nothing.
 *
 * @param beans bean name → the methods an expression may call on it
 * @param scopeMethods the methods an expression may call on {@code execution} or {@code task}
 * @param scopeProperties the properties it may read from them
 * @param valueMethods the methods it may call on text, numbers, booleans, dates, lists and maps
 */
record ExpressionAllowlist(Map<String, List<String>> beans, List<String> scopeMethods, List<String> scopeProperties, List<String> valueMethods) {

  static final String RESOURCE = "/expression-allowlist.properties";
  private static final String BEAN = "bean.";

  static ExpressionAllowlist load() {
    Properties properties = new Properties();
    try (InputStream in = ExpressionAllowlist.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the engine jar");
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    Map<String, List<String>> beans = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(BEAN)) beans.put(key.substring(BEAN.length()), names(properties, key));
    }
    return new ExpressionAllowlist(
        Collections.unmodifiableMap(beans), names(properties, "variableScope.methods"), names(properties, "variableScope.properties"), names(properties, "values.methods"));
  }

  private static List<String> names(Properties properties, String key) {
    String value = properties.getProperty(key);
    if (value == null) throw new IllegalStateException(RESOURCE + " has no " + key);
    return Arrays.stream(value.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
  }
}
