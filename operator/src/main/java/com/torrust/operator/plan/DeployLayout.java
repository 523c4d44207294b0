package com.torrust.operator.plan;

/** Where things live on the host. Compose paths are relative to the root, the compose file's folder. */
public record DeployLayout(String root) {

  public static final String DEFAULT_ROOT = "/opt/torrust";
  public static final String CRON_FILE = "/etc/cron.d/tracker-backup";
  public static final String BACKUP_LOG = "/var/log/tracker-backup.log";
  /** APT's switches for unattended-upgrades (the file dpkg-reconfigure unattended-upgrades writes). */
  public static final String APT_PERIODIC = "/etc/apt/apt.conf.d/20auto-upgrades";
  /** The operator's own unattended-upgrades settings: automatic reboot and its time. */
  public static final String APT_UNATTENDED = "/etc/apt/apt.conf.d/52tracker-operator-upgrades";

  public static DeployLayout standard() {
    return new DeployLayout(DEFAULT_ROOT);
  }

  /** Absolute host path of a path relative to the root. */
  public String path(String relative) {
    return root + "/" + relative;
  }
}
