package com.torrust.operator.plan;

/**
 * Secrets that services read from files (MYSQL_PASSWORD_FILE, GF_..._FILE) instead of .env: a file
 * passes any value verbatim, where compose v1 and v2 would read `$` and ` #` in .env differently.
 */
public final class SecretFiles {

  public static final String DIRECTORY = "secrets";
  public static final String MYSQL_PASSWORD = "mysql_password";
  public static final String MYSQL_ROOT_PASSWORD = "mysql_root_password";
  public static final String GRAFANA_ADMIN_USER = "grafana_admin_user";
  public static final String GRAFANA_ADMIN_PASSWORD = "grafana_admin_password";

  private SecretFiles() {}

  /** Path relative to the deploy root. */
  public static String relative(String name) {
    return DIRECTORY + "/" + name;
  }

  /** Where the service sees the file. */
  public static String inContainer(String name) {
    return "/run/secrets/" + name;
  }

  static String mount(String name) {
    return "./" + relative(name) + ":" + inContainer(name) + ":ro";
  }
}
