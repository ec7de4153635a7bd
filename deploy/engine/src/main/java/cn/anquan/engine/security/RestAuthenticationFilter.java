package cn.anquan.engine.security;

import jakarta.servlet.FilterConfig;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.operaton.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;

/**
 * Operaton's REST authentication filter with a provider built by Spring (which holds the token
 * secret) instead of one the filter instantiates from a class name with no arguments.
 */
public class RestAuthenticationFilter extends ProcessEngineAuthenticationFilter {

  public RestAuthenticationFilter(AuthenticationProvider provider) {
    this.authenticationProvider = provider;
  }

  @Override
  public void init(FilterConfig filterConfig) {
    // The rest of super.init(): no provider class name to instantiate.
    servletPathPrefix = filterConfig.getInitParameter(SERVLET_PATH_PREFIX);
  }
}
