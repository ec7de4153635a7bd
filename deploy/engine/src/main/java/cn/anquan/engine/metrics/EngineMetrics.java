package cn.anquan.engine.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.metrics.MetricsRegistry;
import org.operaton.bpm.engine.management.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Operaton's state on /actuator/prometheus, where Spring Boot's own metrics (JVM, HTTP, the
 * connection pool, the job executor's thread pool as {@code executor_*{name="operatonTaskExecutor"}})
 * already are:
 *
 * <ul>
 *   <li>{@code operaton_incidents_open{type}}: open incidents, {@code failedJob} (timers, async
 *       steps), {@code failedExternalTask} (workers) and {@code other};</li>
 *   <li>{@code operaton_jobs_executable}: jobs due now with retries left, the job executor's backlog;</li>
 *   <li>{@code operaton_external_tasks_waiting}: external tasks no worker has locked, with retries left;</li>
 *   <li>{@code operaton_job_executor_active}: 1 while the job executor runs;</li>
 *   <li>{@code operaton_<engine metric>_total}: Operaton's own counters (job acquisition, job
 *       outcomes, activity instances, started processes) since this node started.</li>
 * </ul>
 *
 * <p>Why a plugin: the engine's MetricsRegistry keeps each counter only until its database
 * reporter flushes it (every 15 minutes, then it starts again from zero) and the metrics query
 * reads only what was flushed, by every node. A registry that also keeps a running total gives
 * Prometheus a counter per node that is current and never goes down.
 *
 * <p>The gauges ask the engine on every scrape (a few count queries). They run without the
 * caller's engine login: on the engine port /actuator/prometheus is behind the REST
 * authentication filter (RestSecurityConfiguration), which would otherwise restrict the counts to
 * what the scraping account may read.
 */
@Component
public class EngineMetrics extends AbstractProcessEnginePlugin implements MeterBinder {

  /** Operaton's counters worth watching: whether the job executor keeps up and processes move. */
  static final List<String> ENGINE_COUNTERS = List.of(
      Metrics.JOB_ACQUISITION_ATTEMPT,
      Metrics.JOB_ACQUIRED_SUCCESS,
      Metrics.JOB_ACQUIRED_FAILURE,
      Metrics.JOB_EXECUTION_REJECTED,
      Metrics.JOB_SUCCESSFUL,
      Metrics.JOB_FAILED,
      Metrics.JOB_LOCKED_EXCLUSIVE,
      Metrics.ACTIVTY_INSTANCE_START,
      Metrics.ACTIVTY_INSTANCE_END,
      Metrics.ROOT_PROCESS_INSTANCE_START);

  private static final List<String> INCIDENT_TYPES = List.of("failedJob", "failedExternalTask");
  /** One text for every type: Prometheus keeps one HELP line per metric name. */
  private static final String INCIDENTS_HELP =
      "Open incidents by type (failedJob: timers and async steps; failedExternalTask: workers); each waits for an operator in Cockpit";

  /** Strong references: Micrometer holds a function counter's object only weakly. */
  private final Map<String, AtomicLong> totals = new ConcurrentHashMap<>();
  /** Lazily: the engine is built with this plugin, so it cannot be injected into it. */
  private final ObjectProvider<ProcessEngine> engine;

  public EngineMetrics(ObjectProvider<ProcessEngine> engine) {
    this.engine = engine;
    for (String name : ENGINE_COUNTERS) {
      totals.put(name, new AtomicLong());
    }
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    // The engine creates its default registry only when none is set.
    configuration.setMetricsRegistry(new TotallingMetricsRegistry(totals));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String name : ENGINE_COUNTERS) {
      FunctionCounter.builder("operaton." + name.replace('-', '.'), totals.get(name), AtomicLong::get)
          .description("Operaton engine metric " + name + " since this node started")
          .register(registry);
    }
    for (String type : INCIDENT_TYPES) {
      Gauge.builder("operaton.incidents.open", () -> count(e -> e.getRuntimeService().createIncidentQuery().incidentType(type).count()))
          .tag("type", type)
          .description(INCIDENTS_HELP)
          .register(registry);
    }
    Gauge.builder("operaton.incidents.open", () -> count(e -> {
          long all = e.getRuntimeService().createIncidentQuery().count();
          for (String type : INCIDENT_TYPES) {
            all -= e.getRuntimeService().createIncidentQuery().incidentType(type).count();
          }
          return all;
        }))
        .tag("type", "other")
        .description(INCIDENTS_HELP)
        .register(registry);
    Gauge.builder("operaton.jobs.executable", () -> count(e -> e.getManagementService().createJobQuery().executable().count()))
        .description("Jobs due now with retries left: the job executor's backlog")
        .register(registry);
    Gauge.builder("operaton.external.tasks.waiting",
            () -> count(e -> e.getExternalTaskService().createExternalTaskQuery().notLocked().active().withRetriesLeft().count()))
        .description("External tasks no worker has locked, with retries left: the workers' backlog")
        .register(registry);
    Gauge.builder("operaton.job.executor.active", () -> count(e -> {
          JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) e.getProcessEngineConfiguration()).getJobExecutor();
          return jobExecutor != null && jobExecutor.isActive() ? 1L : 0L;
        }))
        .description("1 while the job executor runs (timers, async continuations, retries), else 0")
        .register(registry);
  }

  /** NaN before the engine exists; Micrometer also reports NaN when the query fails. */
  private double count(Function<ProcessEngine, Long> query) {
    ProcessEngine processEngine = engine.getIfAvailable();
    if (processEngine == null) {
      return Double.NaN;
    }
    IdentityService identity = processEngine.getIdentityService();
    Authentication caller = identity.getCurrentAuthentication();
    identity.clearAuthentication();
    try {
      return query.apply(processEngine);
    } finally {
      if (caller != null) {
        identity.setAuthentication(caller);
      }
    }
  }

  /** The engine's registry, plus a running total of every database meter. */
  static final class TotallingMetricsRegistry extends MetricsRegistry {
    private final Map<String, AtomicLong> totals;

    TotallingMetricsRegistry(Map<String, AtomicLong> totals) {
      this.totals = totals;
    }

    /** Every occurrence the database reporter will see; telemetry's diagnostics meters go elsewhere. */
    @Override
    public void markOccurrence(String name, long times) {
      super.markOccurrence(name, times);
      AtomicLong total = totals.get(name);
      if (total != null) {
        total.addAndGet(times);
      }
    }
  }
}
