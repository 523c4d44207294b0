package com.torrust.operator.sandbox;

import com.torrust.operator.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * examples/full.yaml aimed at a sandbox host, with stand-ins that behave as the real images do
 * (scripts/standins/) under image names the spec can pin: the example pins digests, which no local
 * image can carry.
 */
public final class FullStack {

  public static final String TRACKER = "torrust/tracker:develop-standin";
  public static final String BACKUP = "torrust/tracker-backup:sha-standin";
  public static final String PROMETHEUS = "prom/prometheus:v3.11.2";
  public static final String MYSQL = "mysql:8.4";
  /** The values of the example's Secrets, as the manifest gives them. */
  public static final String ADMIN_TOKEN = "REPLACE-ME-api-admin-token";
  public static final String SCRAPE_TOKEN = "scrape-token-1";

  private FullStack() {}

  /** Builds every image the full example runs into the host. */
  public static void images(SandboxHost host) {
    host.standin("tracker", TRACKER, "develop");
    host.standin("mysql", MYSQL, null);
    host.standin("prometheus", PROMETHEUS, null);
    host.standin("backup", BACKUP, null);
    host.standin("grafana", "grafana/grafana:13.0.0", null);
    // Caddy: busybox answering its health check (the Caddyfile is judged by the real caddy elsewhere).
    host.image("caddy:2.11.2", "[\"/bin/sh\", \"-c\", \"exec httpd -f -p 80 -h /www\"]");
  }

  /** The full example's manifest for this host, with its generated Secret. */
  public static String manifest(SandboxHost host) {
    try {
      String full = Files.readString(ProjectFiles.root().resolve("examples/full.yaml"));
      return full
          .replace("address: tracker.example.com", "address: " + host.address())
          .replace("sshPort: 2222", "sshPort: " + host.sshPort())
          .replace("    user: torrust\n    sshKeySecretRef", "    user: root\n    sshKeySecretRef")
          .replace("      - 198.51.100.0/24\n      - 2001:db8:1::/48", "      - " + host.address().replaceAll("\\.\\d+$", ".0") + "/24")
          .replaceFirst("image: torrust/tracker@sha256:[0-9a-f]{64}", "image: " + TRACKER)
          .replaceFirst("image: torrust/tracker-backup@sha256:[0-9a-f]{64}", "image: " + BACKUP)
          + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: production-generated}\nstringData: {prometheus-scrape-token: "
          + SCRAPE_TOKEN + "}\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
