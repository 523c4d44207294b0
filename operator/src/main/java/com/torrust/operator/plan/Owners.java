package com.torrust.operator.plan;

/**
 * The numeric users the images run as. Files a container reads or writes belong to its user, so that
 * a secret file can be 0600 and still readable by exactly the one service that needs it.
 */
public final class Owners {

  public static final int ROOT = 0;
  /** The tracker image runs as USER_ID=1000 (its entry script refuses less than 1000). */
  public static final int TRACKER = 1000;
  /** The backup image's user (ARG BACKUP_UID=1000, USER torrust): every file it archives must be readable by it. */
  public static final int BACKUP = 1000;
  /** The mode the tracker image's entry script gives its mounts and everything in them, at every start. */
  public static final int TRACKER_DATA_MODE = 02770;
  public static final int MYSQL = 999;
  public static final int GRAFANA = 472;
  /** Prometheus runs as nobody. */
  public static final int PROMETHEUS = 65534;

  private Owners() {}
}
