package cn.anquan.engine;

import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Requires HTTP Basic credentials (checked against the engine's identity service) on the REST
 * API. Without this the Spring Boot starter serves /engine-rest to anonymous callers, even with
 * authorizations enabled. Same set-up as Operaton Run.
 *
 * <p>The filter also sets the authenticated user and groups on the IdentityService for the
 * request, which is what makes authorization checks apply to REST calls. The web apps do not go
 * through here: they use their own session login under /operaton/api/.
 *
 * <p>When the test clock is enabled, /engine-test/* is covered by the same filter, so the clock
 * endpoint can check that the caller is an admin (when it is off that path stays a plain 404).
 * Note: the filter itself lets GET /engine-rest/engine (the engine list) through without
 * credentials; everything else answers 401 without valid credentials.
 */
@Configuration
public class RestSecurityConfiguration {

  @Bean
  public FilterRegistrationBean<ProcessEngineAuthenticationFilter> restAuthenticationFilter(
      @Value("${anquan.test-clock.enabled:false}") boolean testClockEnabled) {
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
        new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("anquan-rest-basic-auth");
    registration.addInitParameter(
        ProcessEngineAuthenticationFilter.AUTHENTICATION_PROVIDER_PARAM,
        HttpBasicAuthenticationProvider.class.getName());
    registration.addUrlPatterns("/engine-rest/*");
    if (testClockEnabled) {
      registration.addUrlPatterns("/engine-test/*");
    }
    return registration;
  }
}
