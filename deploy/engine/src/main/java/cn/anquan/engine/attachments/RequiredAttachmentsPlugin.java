package cn.anquan.engine.attachments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.delegate.DelegateTask;
import org.operaton.bpm.engine.delegate.TaskListener;
import org.operaton.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.operaton.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.pvm.process.ActivityImpl;
import org.operaton.bpm.engine.impl.pvm.process.ScopeImpl;
import org.operaton.bpm.engine.impl.util.xml.Element;
import org.operaton.bpm.engine.task.Attachment;
import org.springframework.stereotype.Component;

/**
 * A user task whose diagram names required documents (extension property
 * {@code anquan.attachments.required}, e.g. {@code 检查记录、执法文书}) cannot be completed until
 * each has been attached to the task: an attachment counts for a kind when its description starts
 * with {@code 【kind】}, which is how the staff workbench files an upload under a kind (and how a
 * Tasklist user can, in the attachment's description). Checked in the engine, so no client (the
 * workbench, Tasklist, a REST call) completes such a task without its documents.
 *
 * <p>The property's labels are checked against the contract (ATTACHMENT_KINDS in
 * workers/contract.ts) by {@code npm run lint:bpmn} before a diagram is deployed.
 */
@Component
public class RequiredAttachmentsPlugin extends AbstractProcessEnginePlugin {

  public static final String REQUIRED_PROPERTY = "anquan.attachments.required";

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<BpmnParseListener> listeners = configuration.getCustomPostBPMNParseListeners() == null
        ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomPostBPMNParseListeners());
    listeners.add(new RequiredAttachmentsParseListener());
    configuration.setCustomPostBPMNParseListeners(listeners);
  }

  /** The labels of a property value: separated by 、 , or ，, blanks ignored. */
  static List<String> kindsOf(String value) {
    if (value == null) {
      return List.of();
    }
    return Arrays.stream(value.split("[、,，]")).map(String::strip).filter(kind -> !kind.isEmpty()).distinct().toList();
  }

  static final class RequiredAttachmentsParseListener implements BpmnParseListener {
    @Override
    public void parseUserTask(Element userTaskElement, ScopeImpl scope, ActivityImpl activity) {
      Map<String, String> properties = BpmnParseUtil.parseOperatonExtensionProperties(userTaskElement);
      List<String> required = properties == null ? List.of() : kindsOf(properties.get(REQUIRED_PROPERTY));
      if (required.isEmpty() || !(activity.getActivityBehavior() instanceof UserTaskActivityBehavior behavior)) {
        return;
      }
      behavior.getTaskDefinition().addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, new RequiredAttachmentsCheck(required));
    }
  }

  record RequiredAttachmentsCheck(List<String> required) implements TaskListener {
    @Override
    public void notify(DelegateTask task) {
      List<Attachment> attachments = task.getProcessEngineServices().getTaskService().getTaskAttachments(task.getId());
      List<String> missing = required.stream()
          .filter(kind -> attachments.stream().noneMatch(attachment -> isOfKind(attachment, kind)))
          .toList();
      if (!missing.isEmpty()) {
        String kinds = String.join("、", missing);
        throw new ProcessEngineException("「" + task.getName() + "」须先上传附件：" + kinds
            + "（附件说明以【" + missing.get(0) + "】开头） / attach the required documents first: " + kinds
            + " (an attachment whose description starts with 【" + missing.get(0) + "】)");
      }
    }

    private static boolean isOfKind(Attachment attachment, String kind) {
      String description = attachment.getDescription();
      return description != null && description.strip().startsWith("【" + kind + "】");
    }
  }
}
