package cn.anquan.engine.security;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts failed logins per client address and login name, and refuses further attempts from that
 * pair once {@code maxFailures} failed within {@code window}. Replaces Operaton's own throttle,
 * which locks the login itself (for anyone, from anywhere): with it, a stranger who knows a login
 * name, e.g. the workers' service account, could lock it out with a few wrong passwords. Here the
 * stranger's address is held back and the account's owner, elsewhere, logs in as usual.
 *
 * <p>In memory, per engine node: with N nodes an attacker gets N times the attempts, still a
 * handful per window. Wall-clock time, not the engine clock (a test clock moved by days must not
 * release or hold anyone).
 */
public class LoginThrottle {

  private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);
  /** Beyond this many tracked pairs, the quiet ones are forgotten first, then all (a flood of made-up names). */
  private static final int MAX_TRACKED = 100_000;

  private final int maxFailures;
  private final long windowMillis;
  private final LongSupplier now;
  private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

  public LoginThrottle(int maxFailures, Duration window) {
    this(maxFailures, window, System::currentTimeMillis);
  }

  LoginThrottle(int maxFailures, Duration window, LongSupplier now) {
    if (maxFailures < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalStateException("anquan.login-throttle: max-failures 须至少为 1，window 须为正 / max-failures must be at least 1 and window positive");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.now = now;
  }

  public static String key(String clientAddress, String login) {
    return clientAddress + "\n" + login;
  }

  /** Seconds until the pair may try again; 0 when it may now. */
  public long retryAfterSeconds(String key) {
    Deque<Long> times = failures.get(key);
    if (times == null) {
      return 0;
    }
    synchronized (times) {
      prune(times);
      if (times.size() < maxFailures) {
        return 0;
      }
      long oldest = times.peekFirst();
      return Math.max(1, (oldest + windowMillis - now.getAsLong() + 999) / 1000);
    }
  }

  public void recordFailure(String key) {
    if (failures.size() >= MAX_TRACKED) {
      forgetQuiet();
    }
    Deque<Long> times = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
    synchronized (times) {
      prune(times);
      times.addLast(now.getAsLong());
      if (times.size() == maxFailures) {
        LOG.warn("login throttled for {} s after {} failed attempts: {}", windowMillis / 1000, maxFailures, key.replace('\n', ' '));
      }
    }
  }

  public void recordSuccess(String key) {
    failures.remove(key);
  }

  private void prune(Deque<Long> times) {
    long horizon = now.getAsLong() - windowMillis;
    while (!times.isEmpty() && times.peekFirst() <= horizon) {
      times.removeFirst();
    }
  }

  private void forgetQuiet() {
    failures.entrySet().removeIf(entry -> {
      synchronized (entry.getValue()) {
        prune(entry.getValue());
        return entry.getValue().isEmpty();
      }
    });
    if (failures.size() >= MAX_TRACKED) {
      LOG.warn("login throttle: {} pairs with recent failures; forgetting all", failures.size());
      failures.clear();
    }
  }
}
