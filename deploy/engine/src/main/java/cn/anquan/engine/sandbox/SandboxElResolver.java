package cn.anquan.engine.sandbox;

import java.beans.FeatureDescriptor;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.el.ELContext;
import jakarta.el.ELException;
import jakarta.el.ELResolver;

import org.operaton.bpm.engine.delegate.VariableScope;

/**
 * Wraps the engine's resolver chain and lets through only what {@link ExpressionAllowlist} names:
 *
 * <ul>
 *   <li>method calls on the registered beans (their listed methods), on a variable scope
 *       ({@code execution}, {@code task}: the variable methods), and on plain values (text,
 *       numbers, booleans, dates, lists, maps: a few harmless methods);</li>
 *   <li>property reads on maps, lists and arrays (JSON variables), and on a variable scope for
 *       the listed properties; no getter of any other object ({@code ''.class},
 *       {@code execution.processEngine}).</li>
 * </ul>
 *
 * Everything else throws, and the engine turns it into an error of the call or an incident whose
 * message says what was refused. Identifiers (variables, {@code execution}, the beans) resolve as
 * before; there are no other beans (see {@link SandboxExpressionManager}).
 */
final class SandboxElResolver extends ELResolver {

  /** Refusal of the sandbox; no cause, so the engine shows this message as the incident's. */
  static final class SandboxViolation extends ELException {
    SandboxViolation(String message) {
      super(message);
    }
  }

  private final ELResolver delegate;
  private final ExpressionAllowlist allowlist;
  /** Bean instance → its name in expressions. */
  private final Map<Object, String> beanNames = new IdentityHashMap<>();

  SandboxElResolver(ELResolver delegate, ExpressionAllowlist allowlist, Map<Object, Object> beans) {
    this.delegate = delegate;
    this.allowlist = allowlist;
    beans.forEach((name, bean) -> beanNames.put(bean, String.valueOf(name)));
  }

  @Override
  public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
    if (base != null) {
      String name = String.valueOf(method);
      if (!mayCall(base, name)) {
        throw new SandboxViolation(
            "表达式不允许调用 " + describe(base) + "." + name + "()：只可调用已登记组件（" + String.join("、", allowlist.beans().keySet())
                + "）的方法、execution/task 的变量方法（" + String.join("、", allowlist.scopeMethods())
                + "）以及文本、数字、列表和映射的方法 " + String.join("、", allowlist.valueMethods())
                + " / expressions may not call " + describe(base) + "." + name + "(): only the registered beans ("
                + String.join(", ", allowlist.beans().keySet()) + "), the variable methods of execution/task ("
                + String.join(", ", allowlist.scopeMethods()) + ") and the methods "
                + String.join(", ", allowlist.valueMethods()) + " of text, numbers, lists and maps are allowed");
      }
    }
    return delegate.invoke(context, base, method, paramTypes, params);
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    checkProperty(base, property);
    return delegate.getValue(context, base, property);
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    checkProperty(base, property);
    delegate.setValue(context, base, property, value);
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    checkProperty(base, property);
    return delegate.getType(context, base, property);
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    checkProperty(base, property);
    return delegate.isReadOnly(context, base, property);
  }

  @Override
  public <T> T convertToType(ELContext context, Object object, Class<T> type) {
    return delegate.convertToType(context, object, type);
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return delegate.getCommonPropertyType(context, base);
  }

  @Override
  @SuppressWarnings("deprecation")
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return delegate.getFeatureDescriptors(context, base);
  }

  private boolean mayCall(Object base, String method) {
    String bean = beanNames.get(base);
    if (bean != null) return allowlist.beans().getOrDefault(bean, List.of()).contains(method);
    if (base instanceof VariableScope) return allowlist.scopeMethods().contains(method);
    return isPlainValue(base) && allowlist.valueMethods().contains(method);
  }

  private void checkProperty(Object base, Object property) {
    if (base == null || base instanceof Map<?, ?> || base instanceof List<?> || base.getClass().isArray()) return;
    String name = String.valueOf(property);
    if (base instanceof VariableScope && allowlist.scopeProperties().contains(name)) return;
    throw new SandboxViolation(
        "表达式不允许读取 " + describe(base) + " 的属性 " + name + "（流程变量请用 execution.getVariable） / expressions may not read the property "
            + name + " of " + describe(base) + " (read process variables with execution.getVariable); allowed on execution/task: "
            + String.join(", ", allowlist.scopeProperties()));
  }

  /** The kinds of values process variables hold (JSON maps and lists, text, numbers, dates). */
  private static boolean isPlainValue(Object base) {
    return base instanceof CharSequence || base instanceof Number || base instanceof Boolean || base instanceof Date
        || base instanceof Collection<?> || base instanceof Map<?, ?>;
  }

  private String describe(Object base) {
    String bean = beanNames.get(base);
    return bean != null ? bean : base.getClass().getName();
  }
}
