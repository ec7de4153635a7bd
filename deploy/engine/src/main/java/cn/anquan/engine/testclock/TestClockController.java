package cn.anquan.engine.testclock;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.authorization.Groups;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.engine.impl.jobexecutor.JobExecutor;
import org.operaton.bpm.engine.impl.util.ClockUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Test-only control of the engine clock, so integration tests can make deadlines and timers due
 * without waiting. Exists only with {@code anquan.test-clock.enabled=true} (404 otherwise).
 *
 * <ul>
 *   <li>{@code PUT /engine-test/clock {"time":"2026-12-01T09:00:00+08:00"}} freezes the clock;</li>
 *   <li>{@code DELETE /engine-test/clock} returns to the real time;</li>
 *   <li>{@code GET /engine-test/clock}; all three answer {@code {"time": "<ISO instant, UTC>", "pinned": bool}}.</li>
 * </ul>
 *
 * <p>After every change the job executor is woken: otherwise a timer that just became due fires
 * only after the executor's idle back-off (about 40 s). ClockUtil is JVM-wide: while pinned,
 * every timestamp and every external-task lock expiry stands still too.
 *
 * <p>HTTP Basic is checked by the REST authentication filter (RestSecurityConfiguration); this
 * controller additionally requires membership of operaton-admin.
 */
@RestController
@RequestMapping("/engine-test/clock")
@ConditionalOnProperty(name = "anquan.test-clock.enabled", havingValue = "true")
public class TestClockController {

  private final ProcessEngine engine;
  /** ClockUtil cannot tell whether it is frozen, so we remember it. */
  private volatile boolean pinned;

  public TestClockController(ProcessEngine engine) {
    this.engine = engine;
  }

  @GetMapping
  public Map<String, Object> get() {
    requireAdmin();
    return state();
  }

  @PutMapping
  public Map<String, Object> pin(@RequestBody Map<String, Object> body) {
    requireAdmin();
    Object time = body == null ? null : body.get("time");
    Instant instant;
    try {
      instant = OffsetDateTime.parse(String.valueOf(time)).toInstant();
    } catch (DateTimeParseException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
          "time 须为带时区的 ISO 时间 / time must be an ISO date-time with offset, e.g. 2026-12-01T09:00:00+08:00");
    }
    ClockUtil.setCurrentTime(Date.from(instant));
    pinned = true;
    wakeJobExecutor();
    return state();
  }

  @DeleteMapping
  public Map<String, Object> reset() {
    requireAdmin();
    ClockUtil.reset();
    pinned = false;
    wakeJobExecutor();
    return state();
  }

  private Map<String, Object> state() {
    return Map.of("time", ClockUtil.now().toInstant().toString(), "pinned", pinned);
  }

  private void wakeJobExecutor() {
    JobExecutor jobExecutor = ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getJobExecutor();
    if (jobExecutor != null && jobExecutor.isActive()) {
      jobExecutor.jobWasAdded();
    }
  }

  /** The filter has put the caller (with groups) on the identity service for this request. */
  private void requireAdmin() {
    Authentication authentication = engine.getIdentityService().getCurrentAuthentication();
    if (authentication == null) {
      throw new ResponseStatusException(HttpStatus.UNAUTHORIZED);
    }
    List<String> groups = authentication.getGroupIds();
    if (groups == null || !groups.contains(Groups.OPERATON_ADMIN)) {
      throw new ResponseStatusException(HttpStatus.FORBIDDEN, "仅限管理员 / admins only (group " + Groups.OPERATON_ADMIN + ")");
    }
  }
}
