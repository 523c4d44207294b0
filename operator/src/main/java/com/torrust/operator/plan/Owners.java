package com.torrust.operator.plan;

/**
 * The numeric users the images run as. Files a container reads or writes belong to its user, so that
 * a secret file can be 0600 and still readable by exactly the one service that needs it.
 */
public final class Owners {

  public static final int ROOT = 0;
  /** The tracker image runs as USER_ID=1000; the backup image as uid 1000 too. */
  public static final int TRACKER = 1000;
  public static final int MYSQL = 999;
  public static final int GRAFANA = 472;
  /** Prometheus runs as nobody. */
  public static final int PROMETHEUS = 65534;

  private Owners() {}
}
