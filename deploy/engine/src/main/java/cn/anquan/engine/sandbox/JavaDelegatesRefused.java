package cn.anquan.engine.sandbox;

import java.util.List;

import org.operaton.bpm.engine.BpmnParseException;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParser;
import org.operaton.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.operaton.bpm.engine.impl.util.xml.Namespace;

/**
 * Refuses at deployment a BPMN file that would make the engine run Java of the diagram's
 * choosing: {@code camunda:class} and {@code camunda:delegateExpression} (service tasks, message
 * events, execution and task listeners), {@code camunda:variableMappingClass} and
 * {@code …DelegateExpression} of call activities, and the built-in {@code camunda:type} behaviours
 * other than external tasks ({@code shell} runs an operating-system command, {@code mail}). The
 * whole file is walked once, after the engine parsed it; a refusal is a parse error naming the
 * element and line, so nothing of the file is deployed.
 */
final class JavaDelegatesRefused implements BpmnParseListener {

  private static final Namespace EXTENSIONS =
      new Namespace(BpmnParser.OPERATON_BPMN_EXTENSIONS_NS, BpmnParser.CAMUNDA_BPMN_EXTENSIONS_NS);
  private static final List<String> JAVA_ATTRIBUTES =
      List.of("class", "delegateExpression", "variableMappingClass", "variableMappingDelegateExpression");

  @Override
  public void parseRootElement(Element root, List<ProcessDefinitionEntity> processDefinitions) {
    check(root);
  }

  private static void check(Element element) {
    boolean extensionElement = BpmnParser.CAMUNDA_BPMN_EXTENSIONS_NS.equals(element.getUri())
        || BpmnParser.OPERATON_BPMN_EXTENSIONS_NS.equals(element.getUri());
    for (String attribute : JAVA_ATTRIBUTES) {
      // camunda:class on BPMN elements; plain class="…" on camunda:executionListener / taskListener.
      String value = extensionElement ? element.attribute(attribute) : element.attributeNS(EXTENSIONS, attribute);
      if (value != null) {
        throw new BpmnParseException(
            "引擎不执行图中指定的 Java 类或委托（" + attribute + "=\"" + value + "\"）：请用外部任务或 JUEL 表达式 / the engine runs no Java class or "
                + "delegate named by a diagram (" + attribute + "=\"" + value + "\"); use an external task or a JUEL expression",
            element);
      }
    }
    String type = extensionElement ? null : element.attributeNS(EXTENSIONS, "type");
    if (type != null && !"external".equalsIgnoreCase(type.trim())) {
      throw new BpmnParseException(
          "camunda:type 只可为 \"external\"，不支持 \"" + type + "\"（shell 会执行操作系统命令） / camunda:type must be \"external\"; \"" + type
              + "\" is not supported (shell would run an operating-system command)",
          element);
    }
    for (Element child : element.elements()) check(child);
  }
}
