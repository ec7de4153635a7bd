package cn.anquan.engine.sandbox;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;

import org.operaton.bpm.engine.ProcessEngineException;
import org.operaton.bpm.engine.impl.scripting.engine.ScriptEngineResolver;

/**
 * The engine's only source of script engines, refusing every language: script tasks, script
 * listeners, script conditions and input/output scripts (inline or {@code camunda:resource}) of
 * BPMN and CMMN, and script expressions of DMN all end here when they run. Operaton ships a JUEL
 * script engine that evaluates with an unrestricted resolver of its own, so without this a script
 * task in "juel" would step around {@link SandboxElResolver}.
 */
final class ScriptsDisabled implements ScriptEngineResolver {

  /** No engines: the platform's bundled factories only (none on Java 17). */
  private final ScriptEngineManager none = new ScriptEngineManager(null);

  @Override
  public void addScriptEngineFactory(ScriptEngineFactory factory) {
    // Nobody adds engines here; refusing below covers any that would be added.
  }

  @Override
  public ScriptEngineManager getScriptEngineManager() {
    return none;
  }

  @Override
  public ScriptEngine getScriptEngine(String language, boolean cached) {
    throw new ProcessEngineException(
        "引擎已禁用脚本（" + language + "）：请用外部任务或 JUEL 表达式 / scripts are disabled in this engine (" + language
            + "); use an external task or a JUEL expression");
  }
}
