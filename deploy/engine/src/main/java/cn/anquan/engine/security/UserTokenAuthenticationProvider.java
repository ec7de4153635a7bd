package cn.anquan.engine.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.operaton.bpm.engine.IdentityService;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.identity.Group;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationProvider;
import org.operaton.bpm.engine.rest.security.auth.AuthenticationResult;
import org.operaton.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the staff workbench's short-lived user tokens ({@code Authorization: Bearer at1.…}, see
 * workers/engine/user-token.ts) and otherwise HTTP Basic, unchanged, for the workers and admins.
 *
 * <p>A token only names the user: the engine's own groups and authorizations decide what that
 * person may do. It never carries admin rights, though: the engine's admin groups are left out of
 * a token login (and a configured admin user is refused), so a leaked secret cannot administer the
 * engine. Any Bearer header that is not a valid token is a 401, never a fall-back to Basic.
 */
public class UserTokenAuthenticationProvider implements AuthenticationProvider {

  /** The same minimum as MIN_USER_TOKEN_SECRET_LENGTH on the signing side. */
  public static final int MIN_SECRET_LENGTH = 32;

  private static final Logger LOG = LoggerFactory.getLogger(UserTokenAuthenticationProvider.class);
  private static final String BEARER = "Bearer ";
  // base64url without padding; an HMAC-SHA256 is 32 bytes = 43 characters.
  private static final Pattern TOKEN = Pattern.compile("(at1\\.[A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]{43})");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpBasicAuthenticationProvider basic = new HttpBasicAuthenticationProvider();
  /** Null when tokens are refused (no secret configured). */
  private final SecretKeySpec key;

  public UserTokenAuthenticationProvider(String secret) {
    if (secret == null || secret.isEmpty()) {
      key = null;
    } else if (secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalStateException(
          "anquan.user-token.secret（ANQUAN_USER_TOKEN_SECRET）须至少 " + MIN_SECRET_LENGTH + " 个字符 / must be at least "
              + MIN_SECRET_LENGTH + " characters (leave it empty to refuse user tokens)");
    } else {
      key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }
  }

  public boolean acceptsTokens() {
    return key != null;
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return basic.extractAuthenticatedUser(request, engine);
    }
    String userId = verifiedUserId(header.substring(BEARER.length()).trim());
    if (userId == null) return AuthenticationResult.unsuccessful();

    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    IdentityService identity = engine.getIdentityService();
    // No authentication is set on this thread yet, so these queries are not restricted by authorizations.
    if (identity.createUserQuery().userId(userId).count() != 1) {
      LOG.debug("user token refused: unknown user {}", userId);
      return AuthenticationResult.unsuccessful(userId);
    }
    if (configuration.getAdminUsers().contains(userId)) {
      LOG.debug("user token refused: {} is an engine admin user", userId);
      return AuthenticationResult.unsuccessful(userId);
    }
    // Groups given here (instead of null, which lets the filter look them up) so the admin groups can be left out.
    List<String> adminGroups = configuration.getAdminGroups();
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId)
        .filter(id -> !adminGroups.contains(id))
        .toList();
    AuthenticationResult result = AuthenticationResult.successful(userId);
    result.setGroups(groups);
    return result;
  }

  /** The token's user when signature, format and expiry hold, else null. */
  private String verifiedUserId(String token) {
    if (key == null) {
      LOG.debug("user token refused: anquan.user-token.secret is not set");
      return null;
    }
    Matcher parts = TOKEN.matcher(token);
    if (!parts.matches()) {
      LOG.debug("user token refused: malformed");
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] expected = mac.doFinal(parts.group(1).getBytes(StandardCharsets.US_ASCII));
      if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts.group(2)))) {
        LOG.debug("user token refused: bad signature");
        return null;
      }
      String payload = parts.group(1).substring("at1.".length());
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(payload));
      JsonNode sub = claims.get("sub");
      JsonNode exp = claims.get("exp");
      if (sub == null || !sub.isTextual() || sub.asText().isEmpty() || exp == null || !exp.isIntegralNumber() || !exp.canConvertToLong()) {
        LOG.debug("user token refused: payload lacks sub or exp");
        return null;
      }
      // Wall-clock time, not the engine's ClockUtil: the signer sets exp from its own real clock,
      // and a pinned test clock must not make tokens immortal or dead.
      if (exp.asLong() <= Instant.now().getEpochSecond()) {
        LOG.debug("user token refused: expired");
        return null;
      }
      return sub.asText();
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      LOG.debug("user token refused: {}", e.getClass().getSimpleName());
      return null;
    }
  }

  /** Basic stays the advertised scheme: the workers and the admin tools answer it. */
  @Override
  public void augmentResponseByAuthenticationChallenge(HttpServletResponse response, ProcessEngine engine) {
    basic.augmentResponseByAuthenticationChallenge(response, engine);
  }
}
