package cn.anquan.engine.sandbox;

import java.util.Map;

import jakarta.el.ArrayELResolver;
import jakarta.el.BeanELResolver;
import jakarta.el.CompositeELResolver;
import jakarta.el.ELResolver;
import jakarta.el.ListELResolver;
import jakarta.el.MapELResolver;

import org.operaton.bpm.engine.impl.el.JuelExpressionManager;
import org.operaton.bpm.engine.impl.el.ReadOnlyMapELResolver;
import org.operaton.bpm.engine.impl.el.VariableContextElResolver;
import org.operaton.bpm.engine.impl.el.VariableScopeElResolver;

/**
 * The engine's JUEL, restricted. Operaton's Spring integration (SpringExpressionManager) exposes
 * every Spring bean of the application to expressions unless a {@code beans} map is set, and its
 * BeanELResolver then calls any public method or getter on whatever an expression reaches. Here
 * only the registered beans are exposed, and the chain (the Spring manager's, without the mock and
 * application-context resolvers) is wrapped in {@link SandboxElResolver}.
 */
final class SandboxExpressionManager extends JuelExpressionManager {

  private final ExpressionAllowlist allowlist;

  SandboxExpressionManager(Map<Object, Object> beans, ExpressionAllowlist allowlist) {
    super(beans);
    this.allowlist = allowlist;
  }

  @Override
  protected ELResolver createElResolver() {
    CompositeELResolver chain = new CompositeELResolver();
    chain.add(new VariableScopeElResolver());
    chain.add(new VariableContextElResolver());
    chain.add(new ReadOnlyMapELResolver(beans));
    chain.add(new ArrayELResolver());
    chain.add(new ListELResolver());
    chain.add(new MapELResolver());
    chain.add(new BeanELResolver());
    return new SandboxElResolver(chain, allowlist, beans);
  }
}
