package com.torrust.operator.provision.hetzner;

import java.time.Duration;

/**
 * A Hetzner Cloud API call that failed. The message comes from the API's error object or from the
 * transport; it never contains the token.
 */
public final class HetznerException extends Exception {

  private static final long serialVersionUID = 1L;

  /** How the failure should be handled. */
  public enum Kind {
    /** The API refused the request for good (invalid_input, unauthorized, forbidden, ...): retrying the same request cannot help. */
    Rejected,
    /** Worth retrying later: rate limited, server error, conflict, locked, maintenance. */
    Transient,
    /** No answer (timeout, connection reset): the call may or may not have taken effect. */
    UnknownResult
  }

  private final Kind kind;
  private final int httpStatus;
  private final String code;
  private final transient Duration retryAfter;

  public HetznerException(Kind kind, int httpStatus, String code, String message, Duration retryAfter) {
    super(message);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** 0 when there was no HTTP answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The API's error code (invalid_input, rate_limit_exceeded, ...), or null. */
  public String code() {
    return code;
  }

  /** When the API said to come back (rate limit), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
