package cn.anquan.engine.sandbox;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.cmmn.deployer.CmmnDeployer;
import org.operaton.bpm.engine.impl.persistence.deploy.Deployer;
import org.operaton.bpm.engine.impl.persistence.entity.DeploymentEntity;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Deployed diagrams cannot call arbitrary Java, also when deployed around the deploy check (straight
 * over REST by an admin): the engine-side half of the expression sandbox (the other half is
 * deploy/expression-sandbox.ts, run by the contract check).
 *
 * <ul>
 *   <li>JUEL sees only the beans named in expression-allowlist.properties (lists, maps, dates, collector),
 *       not every Spring bean, and calls only the methods listed there ({@link SandboxExpressionManager});</li>
 *   <li>no script runs, in any language ({@link ScriptsDisabled}); a process application's own
 *       script engines are not asked either (application.yaml:
 *       enable-fetch-script-engine-from-process-application);</li>
 *   <li>a BPMN file naming a Java class, a delegate expression or a built-in behaviour such as
 *       {@code camunda:type="shell"} is refused at deployment ({@link JavaDelegatesRefused}), and so is a
 *       CMMN file (the project has none; its listeners could name Java classes).</li>
 * </ul>
 *
 * Expressions in stored queries (the Tasklist filters' {@code ${currentUserGroups()}}) stay on and
 * go through the same sandbox; ad-hoc query expressions stay off (both in application.yaml).
 * The cost at start is reading one small JSON file.
 */
@Component
public class ExpressionSandboxPlugin extends AbstractProcessEnginePlugin {

  private final ApplicationContext applicationContext;

  public ExpressionSandboxPlugin(ApplicationContext applicationContext) {
    this.applicationContext = applicationContext;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    ExpressionAllowlist allowlist = ExpressionAllowlist.load();
    Map<Object, Object> beans = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> bean : allowlist.beans().entrySet()) {
      Object instance = applicationContext.getBean(bean.getKey());
      for (String method : bean.getValue()) {
        if (Arrays.stream(instance.getClass().getMethods()).noneMatch(candidate -> candidate.getName().equals(method))) {
          throw new IllegalStateException("expression-allowlist.properties: bean " + bean.getKey() + " has no method " + method);
        }
      }
      beans.put(bean.getKey(), instance);
    }
    configuration.setBeans(beans);
    configuration.setExpressionManager(new SandboxExpressionManager(beans, allowlist));

    configuration.setScriptEngineResolver(new ScriptsDisabled());

    List<BpmnParseListener> listeners = new ArrayList<>(nonNull(configuration.getCustomPreBPMNParseListeners()));
    listeners.add(new JavaDelegatesRefused());
    configuration.setCustomPreBPMNParseListeners(listeners);

    List<Deployer> deployers = new ArrayList<>(nonNull(configuration.getCustomPreDeployers()));
    deployers.add(ExpressionSandboxPlugin::refuseCaseModels);
    configuration.setCustomPreDeployers(deployers);
  }

  private static void refuseCaseModels(DeploymentEntity deployment) {
    for (String resource : deployment.getResources().keySet()) {
      if (Arrays.stream(CmmnDeployer.CMMN_RESOURCE_SUFFIXES).anyMatch(resource::endsWith)) {
        throw new ProcessEngineException(
            "本引擎不接受 CMMN 案例模型（" + resource + "） / this engine accepts no CMMN case models (" + resource + ")");
      }
    }
  }

  private static <T> List<T> nonNull(List<T> list) {
    return list == null ? List.of() : list;
  }
}
