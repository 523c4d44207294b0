package com.torrust.operator.provision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cloud-init user data of a server the operator creates. Built as data and written by a YAML
 * library, so no value is pasted into YAML text. It holds nothing secret but the server's own
 * private host key (which must reach the server somehow to be pinned from birth): no token, no
 * password; root and password logins are off.
 */
public final class CloudInit {

  /** Where the SSH settings go; early in the include order, so they win over an image's own drop-ins. */
  public static final String SSHD_DROP_IN = "/etc/ssh/sshd_config.d/10-tracker-operator.conf";
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .build());
  // Ubuntu 24.04 starts sshd from ssh.socket, whose ports come from sshd_config at daemon-reload.
  private static final String RESTART_SSH =
      "systemctl daemon-reload; if systemctl is-enabled --quiet ssh.socket 2>/dev/null; then systemctl restart ssh.socket;"
          + " fi; systemctl restart ssh.service || systemctl restart sshd.service";

  private CloudInit() {}

  /**
   * @param user the login user, with passwordless sudo
   * @param authorizedKey the public line of the operator's SSH key for that user
   * @param sshPort the port sshd listens on
   */
  public static String userData(String user, String authorizedKey, int sshPort, BirthKey hostKey) {
    Map<String, Object> config = new LinkedHashMap<>();
    Map<String, Object> account = new LinkedHashMap<>();
    account.put("name", user);
    account.put("groups", List.of("sudo"));
    account.put("shell", "/bin/bash");
    account.put("sudo", "ALL=(ALL) NOPASSWD:ALL");
    account.put("lock_passwd", true);
    account.put("ssh_authorized_keys", List.of(authorizedKey));
    config.put("users", List.of(account));
    config.put("disable_root", true);
    config.put("ssh_pwauth", false);
    // Only the operator's key: the image's keys go; ed25519 is given, so no key of a listed type is generated
    // (cloud-init's schema wants at least one type here).
    config.put("ssh_deletekeys", true);
    config.put("ssh_genkeytypes", List.of("ed25519"));
    config.put("ssh_keys", Map.of("ed25519_private", hostKey.privateKey(), "ed25519_public", hostKey.publicKeyLine()));
    config.put("write_files", List.of(Map.of(
        "path", SSHD_DROP_IN,
        "owner", "root:root",
        "permissions", "0644",
        "content", "# Written at server creation by Tracker Operator.\nPort " + sshPort
            + "\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin no\n")));
    config.put("runcmd", List.of(List.of("passwd", "--lock", "root"), List.of("sh", "-c", RESTART_SSH)));
    try {
      return "#cloud-config\n" + YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialize", e);
    }
  }
}
