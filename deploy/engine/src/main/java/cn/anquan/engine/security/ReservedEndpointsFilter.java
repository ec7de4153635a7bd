package cn.anquan.engine.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.impl.identity.Authentication;
import org.operaton.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.operaton.bpm.webapp.impl.security.auth.Authentications;
import org.operaton.bpm.webapp.impl.security.auth.UserAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reserves two kinds of REST calls that Operaton's authorizations cannot tell apart from what a
 * role legitimately does:
 *
 * <ul>
 *   <li>Working external tasks (fetchAndLock, lock, complete, failure, bpmnError, extendLock,
 *       unlock): the engine asks only READ_INSTANCE and UPDATE_INSTANCE on the definition, which a
 *       role that correlates messages into a process must hold, so a 巡查组 could lock and complete,
 *       with made-up variables, what the workers do (登记线索、发送通知…). Only members of the
 *       configured groups may: the workers' service accounts, the admins, 运维值班.
 *   <li>Changing a task's candidates (POST /task/{id}/identity-links and …/delete): the engine
 *       lets anyone with UPDATE on the task, i.e. every candidate, add a group, which then reads
 *       every variable the task sees. Who works a task is the diagram's and the access rules'
 *       decision; only the configured groups (the engine's admins) may change it by hand.
 * </ul>
 *
 * <p>On /engine-rest it runs after {@link RestAuthenticationFilter}, inside its authentication, so
 * it sees the user and groups the engine checks; unauthenticated calls never get here. The web
 * apps reach the same engine through their own API (/operaton/api/engine, Tasklist's and Cockpit's
 * session login): there the caller is the login's web-app session, so a 巡查组 logged into Tasklist
 * cannot do from its browser what the REST API refuses it. Reads (GET, and the POST queries
 * /external-task and /external-task/count) are left to the authorizations.
 */
public class ReservedEndpointsFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(ReservedEndpointsFilter.class);
  // Paths below the servlet prefix, for the default engine and for /engine/{name}/….
  private static final Pattern EXTERNAL_TASK_WORK =
      Pattern.compile("^(/engine/[^/]+)?/external-task/(fetchAndLock|[^/]+/(lock|complete|failure|bpmnError|extendLock|unlock))/?$");
  private static final Pattern ENGINE_PREFIX = Pattern.compile("^/engine/([^/]+)/");
  private static final Pattern TASK_CANDIDATES = Pattern.compile("^(/engine/[^/]+)?/task/[^/]+/identity-links(/delete)?/?$");

  private final IdentityService identityService;
  private final Set<String> workerGroups;
  private final Set<String> candidateEditorGroups;

  public ReservedEndpointsFilter(
      IdentityService identityService, Set<String> workerGroups, Set<String> candidateEditorGroups) {
    this.identityService = identityService;
    this.workerGroups = Set.copyOf(workerGroups);
    this.candidateEditorGroups = Set.copyOf(candidateEditorGroups);
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!"GET".equals(request.getMethod())) {
      // The servlet container's decoded path, without ;parameters, which is what the REST servlet routes on.
      String path = request.getPathInfo() == null ? "" : request.getPathInfo();
      Caller caller = callerOf(request, path);
      if (EXTERNAL_TASK_WORK.matcher(path).matches() && !inGroup(caller, workerGroups)) {
        refuse(response, caller, path,
            "只有流程服务账户和运维值班可以领取、完成外部任务 / only the workers' service account and the operations group may lock, complete or fail external tasks");
        return;
      }
      if (TASK_CANDIDATES.matcher(path).matches() && !inGroup(caller, candidateEditorGroups)) {
        refuse(response, caller, path,
            "任务的候选组由流程和权限规则确定，不能手工增删 / a task's candidates come from the diagram and the access rules and cannot be changed by hand");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private record Caller(String userId, List<String> groupIds) {}

  /** The engine's current authentication (REST), else the web-app session's login for the path's engine. */
  private Caller callerOf(HttpServletRequest request, String path) {
    Authentication current = identityService.getCurrentAuthentication();
    if (current != null) {
      return new Caller(current.getUserId(), current.getGroupIds());
    }
    Authentications ofSession = request.getSession(false) == null ? null : AuthenticationUtil.getAuthsFromSession(request.getSession(false));
    if (ofSession == null) {
      return null;
    }
    var engine = ENGINE_PREFIX.matcher(path);
    String engineName = engine.find() ? engine.group(1) : "default";
    if (ofSession.getAuthenticationForProcessEngine(engineName) instanceof UserAuthentication user) {
      return new Caller(user.getIdentityId(), user.getGroupIds());
    }
    return null;
  }

  private static boolean inGroup(Caller caller, Set<String> groups) {
    List<String> callerGroups = caller == null ? null : caller.groupIds();
    return callerGroups != null && callerGroups.stream().anyMatch(groups::contains);
  }

  private static void refuse(HttpServletResponse response, Caller caller, String path, String message) throws IOException {
    LOG.warn("refused {} for {}: reserved endpoint", path, caller == null ? "(no user)" : caller.userId());
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    // Same shape as the engine's own AuthorizationException answers.
    String json = "{\"type\":\"AuthorizationException\",\"message\":\"" + message.replace("\"", "\\\"") + "\"}";
    response.getWriter().write(json);
  }
}
