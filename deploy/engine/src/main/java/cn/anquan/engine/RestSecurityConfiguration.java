package cn.anquan.engine;

import cn.anquan.engine.security.LoginThrottle;
import cn.anquan.engine.security.LoginThrottleFilter;
import cn.anquan.engine.security.ReservedEndpointsFilter;
import cn.anquan.engine.security.RestAuthenticationFilter;
import cn.anquan.engine.security.UserTokenAuthenticationProvider;
import java.time.Duration;
import java.util.Set;
import org.operaton.bpm.engine.ProcessEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Requires credentials on the REST API: HTTP Basic (checked against the engine's identity
 * service; the workers, the deployer, admins) or the staff workbench's signed user token
 * (UserTokenAuthenticationProvider, only when anquan.user-token.secret is set). Without this the
 * Spring Boot starter serves /engine-rest to anonymous callers, even with authorizations enabled.
 * Same set-up as Operaton Run, plus the token.
 *
 * <p>The filter also sets the authenticated user and groups on the IdentityService for the
 * request, which is what makes authorization checks apply to REST calls. The web apps do not go
 * through here: they use their own session login under /operaton/api/.
 *
 * <p>When the test clock is enabled, /engine-test/* is covered by the same filter, so the clock
 * endpoint can check that the caller is an admin (when it is off that path stays a plain 404).
 * Note: the filter itself lets GET /engine-rest/engine (the engine list) through without
 * credentials; everything else answers 401 without valid credentials.
 *
 * <p>/actuator/prometheus is covered too: any engine login may read the metrics (counts and
 * timings, no process data; give Prometheus an account of its own without authorizations).
 * /actuator/health is not: probes and load balancers call it without credentials.
 */
@Configuration
public class RestSecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(RestSecurityConfiguration.class);
  /** The login throttle runs right before the authentication, the reserved-endpoints check right after it. */
  private static final int AUTHENTICATION_ORDER = Ordered.LOWEST_PRECEDENCE - 10;

  @Bean
  public FilterRegistrationBean<RestAuthenticationFilter> restAuthenticationFilter(
      @Value("${anquan.test-clock.enabled:false}") boolean testClockEnabled,
      @Value("${anquan.user-token.secret:}") String userTokenSecret) {
    UserTokenAuthenticationProvider provider = new UserTokenAuthenticationProvider(userTokenSecret);
    LOG.info(provider.acceptsTokens()
        ? "REST API: HTTP Basic and user tokens"
        : "REST API: HTTP Basic only (anquan.user-token.secret not set: user tokens refused)");
    FilterRegistrationBean<RestAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new RestAuthenticationFilter(provider));
    registration.setName("anquan-rest-auth");
    registration.setOrder(AUTHENTICATION_ORDER);
    registration.addUrlPatterns("/engine-rest/*");
    // Metrics need a login on the engine port; health stays open for probes. On a separate
    // management port (management.server.port) this filter does not apply: see application.yaml.
    registration.addUrlPatterns("/actuator/prometheus");
    if (testClockEnabled) {
      registration.addUrlPatterns("/engine-test/*");
    }
    return registration;
  }

  /**
   * External-task work only for the service-account, admin and operations groups; a task's
   * candidates changed only by the admins (ReservedEndpointsFilter says why).
   */
  @Bean
  public FilterRegistrationBean<ReservedEndpointsFilter> reservedEndpointsFilter(
      ProcessEngine processEngine,
      @Value("${anquan.rest.external-task-groups}") Set<String> externalTaskGroups,
      @Value("${anquan.rest.task-candidate-groups}") Set<String> taskCandidateGroups) {
    LOG.info("REST API: external tasks worked by groups {}; task candidates changed by groups {}", externalTaskGroups, taskCandidateGroups);
    FilterRegistrationBean<ReservedEndpointsFilter> registration = new FilterRegistrationBean<>(
        new ReservedEndpointsFilter(processEngine.getIdentityService(), externalTaskGroups, taskCandidateGroups));
    registration.setName("anquan-rest-reserved");
    registration.setOrder(AUTHENTICATION_ORDER + 1);
    // The web apps' own engine API (Tasklist, Cockpit) too: their session login reaches the same endpoints.
    registration.addUrlPatterns("/engine-rest/*", "/operaton/api/engine/*");
    return registration;
  }

  /**
   * Failed logins held back per client address and login, instead of the engine locking the login
   * for everyone (LoginThrottle says why; application.yaml switches the engine's own lock off).
   */
  @Bean
  public FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(
      ProcessEngine processEngine,
      @Value("${anquan.login-throttle.max-failures}") int maxFailures,
      @Value("${anquan.login-throttle.window}") Duration window) {
    LOG.info("Login throttle: {} failed logins per client address and login within {}", maxFailures, window);
    FilterRegistrationBean<LoginThrottleFilter> registration =
        new FilterRegistrationBean<>(new LoginThrottleFilter(new LoginThrottle(maxFailures, window), processEngine.getIdentityService()));
    registration.setName("anquan-login-throttle");
    registration.setOrder(AUTHENTICATION_ORDER - 1);
    registration.addUrlPatterns("/engine-rest/*", "/actuator/prometheus", "/operaton/api/admin/auth/user/*");
    return registration;
  }
}
