package cn.anquan.engine.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.operaton.bpm.engine.IdentityService;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies {@link LoginThrottle} to the two ways a password reaches the engine: HTTP Basic on
 * /engine-rest (the workers, the deployer, scripts) and the web apps' login form
 * (POST /operaton/api/admin/auth/user/{engine}/login/{app}). A throttled attempt answers 429 with
 * Retry-After and is not checked at all, so guessing stops; a failure counts only for a login that
 * exists (a caller probing unknown names gains nothing, and locks nobody).
 *
 * <p>Runs before the REST authentication filter. The workbench's user tokens carry no password
 * and are not counted.
 */
public class LoginThrottleFilter extends OncePerRequestFilter {

  private static final String WEBAPP_LOGIN = "^/operaton/api/admin/auth/user/[^/]+/login/[^/]+/?$";

  private final LoginThrottle throttle;
  private final IdentityService identityService;

  public LoginThrottleFilter(LoginThrottle throttle, IdentityService identityService) {
    this.throttle = throttle;
    this.identityService = identityService;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String login = loginOf(request);
    if (login == null || login.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    String key = LoginThrottle.key(request.getRemoteAddr(), login);
    long retryAfter = throttle.retryAfterSeconds(key);
    if (retryAfter > 0) {
      refuse(response, retryAfter);
      return;
    }
    chain.doFilter(request, response);
    if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
      if (identityService.createUserQuery().userId(login).count() > 0) {
        throttle.recordFailure(key);
      }
    } else if (response.getStatus() < 400) {
      throttle.recordSuccess(key);
    }
  }

  /** The login name a request presents with a password, or null. */
  private static String loginOf(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if ("POST".equals(request.getMethod()) && path.matches(WEBAPP_LOGIN)) {
      // A form post: reading the parameter leaves it to the login resource's @FormParam as well.
      return request.getParameter("username");
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  private static void refuse(HttpServletResponse response, long retryAfterSeconds) throws IOException {
    response.setStatus(429);
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write("{\"type\":\"LoginThrottled\",\"message\":\"从此地址登录失败次数过多，请 " + retryAfterSeconds
        + " 秒后再试 / too many failed logins from this address; try again in " + retryAfterSeconds + " s\"}");
  }
}
