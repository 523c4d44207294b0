package com.torrust.operator.provision.hetzner;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Hetzner Cloud project's request budget, shared by every client of this process that uses the
 * project's token (the API limits requests per project: 3,600 an hour by default, refilled one at a
 * time). Every answer says how many requests are left (RateLimit-Remaining), counting those of every
 * process and person using the project, so two shards of the operator see each other's use without
 * talking. What is spent locally between two answers is counted here too.
 *
 * <p>Policy: when few requests are left ({@link #reserve}: a twentieth of the limit, at least 10),
 * reads wait for the refill and the rest is kept for what cannot wait (creating and deleting servers);
 * after a 429 nothing is sent until the wait the API asked for has passed. A request that may not go
 * is not sent: the caller gets how long to wait, and the resource says so in status.
 */
public final class RequestBudget {

  /** The budgets of this process, one per token; keyed by the token's SHA-256, never the token. */
  public static final class Shared {
    private final Map<String, RequestBudget> budgets = new ConcurrentHashMap<>();

    public RequestBudget forToken(String token) {
      return budgets.computeIfAbsent(fingerprint(token), k -> new RequestBudget());
    }

    public int size() {
      return budgets.size();
    }
  }

  private long limit = -1;
  private double remaining = -1;
  private Instant counted;
  private Instant blockedUntil;

  /** The requests kept for creates and deletes when the budget runs low. */
  static long reserve(long limit) {
    return Math.max(10, limit / 20);
  }

  /**
   * Whether one request may go now: empty when it may (and it is counted), else how long until it may.
   * {@code essential}: a create or delete, which may use the reserve.
   */
  public synchronized Optional<Duration> admit(boolean essential, Instant now) {
    if (blockedUntil != null && now.isBefore(blockedUntil)) {
      return Optional.of(Duration.between(now, blockedUntil));
    }
    if (limit <= 0 || remaining < 0) {
      return Optional.empty(); // nothing known yet: the first answer tells
    }
    double left = estimate(now);
    double floor = essential ? 0 : reserve(limit);
    if (left < floor + 1) {
      double perSecond = limit / 3600.0;
      return Optional.of(Duration.ofMillis((long) Math.ceil((floor + 1 - left) / perSecond * 1000)));
    }
    remaining = left - 1;
    counted = now;
    return Optional.empty();
  }

  /** What an answer's headers said (either may be absent: -1). */
  public synchronized void observe(long limit, long remaining, Instant now) {
    if (limit > 0) {
      this.limit = limit;
    }
    if (remaining >= 0) {
      this.remaining = remaining;
      this.counted = now;
    }
  }

  /** The API answered 429: nothing more until {@code wait} has passed. */
  public synchronized void exhausted(Duration wait, Instant now) {
    Instant until = now.plus(wait);
    if (blockedUntil == null || until.isAfter(blockedUntil)) {
      blockedUntil = until;
    }
    remaining = 0;
    counted = now;
  }

  /** Requests left now by the last answer and the refill since (-1 when unknown), for status and logs. */
  public synchronized long left(Instant now) {
    return limit <= 0 || remaining < 0 ? -1 : (long) Math.floor(estimate(now));
  }

  public synchronized long limit() {
    return limit;
  }

  private double estimate(Instant now) {
    double refilled = Math.max(0, Duration.between(counted, now).toMillis()) / 1000.0 * limit / 3600.0;
    return Math.min(limit, remaining + refilled);
  }

  static String fingerprint(String token) {
    return com.torrust.operator.api.Digests.sha256(token);
  }
}
