package com.torrust.operator.provision;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudInitTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String AUTHORIZED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx0c3RrZXlrZXlrZXlrZXlrZXlrZXlrZXlrZXlrZXk operator";

  @Test
  void createsTheUserWithTheKeyAndPinsTheHostKey() throws Exception {
    BirthKey hostKey = BirthKey.generate();
    String userData = CloudInit.userData("torrust", AUTHORIZED, 2222, hostKey);

    assertThat(userData).startsWith("#cloud-config\n");
    JsonNode config = YAML.readTree(userData);
    JsonNode user = config.path("users").get(0);
    assertThat(user.path("name").asText()).isEqualTo("torrust");
    assertThat(user.path("sudo").asText()).isEqualTo("ALL=(ALL) NOPASSWD:ALL");
    assertThat(user.path("lock_passwd").asBoolean()).isTrue();
    assertThat(user.path("ssh_authorized_keys").get(0).asText()).isEqualTo(AUTHORIZED);
    assertThat(config.path("ssh_pwauth").asBoolean(true)).isFalse();
    assertThat(config.path("disable_root").asBoolean()).isTrue();
    assertThat(config.path("ssh_deletekeys").asBoolean()).isTrue();
    assertThat(config.path("ssh_genkeytypes").toString()).isEqualTo("[\"ed25519\"]");
    assertThat(config.path("ssh_keys").path("ed25519_private").asText()).isEqualTo(hostKey.privateKey());
    assertThat(config.path("ssh_keys").path("ed25519_public").asText()).isEqualTo(hostKey.publicKeyLine());
    JsonNode dropIn = config.path("write_files").get(0);
    assertThat(dropIn.path("path").asText()).isEqualTo(CloudInit.SSHD_DROP_IN);
    assertThat(dropIn.path("content").asText()).contains("Port 2222\n", "PasswordAuthentication no\n", "PermitRootLogin no\n");
    assertThat(config.path("runcmd").get(0).toString()).isEqualTo("[\"passwd\",\"--lock\",\"root\"]");
  }

  @Test
  void valuesAreDataNotYaml() throws Exception {
    // Users and keys are validated by the CRD; the writer still must never let a value become structure.
    String hostile = "ssh-ed25519 AAAA x\nusers: [{name: root}]\n# '\"";
    JsonNode config = YAML.readTree(CloudInit.userData("torrust", hostile, 22, BirthKey.generate()));

    assertThat(config.path("users")).hasSize(1);
    assertThat(config.path("users").get(0).path("ssh_authorized_keys").get(0).asText()).isEqualTo(hostile);
  }

  @Test
  void holdsNoSecretButTheServersOwnHostKey() {
    BirthKey hostKey = BirthKey.generate();
    String userData = CloudInit.userData("torrust", AUTHORIZED, 22, hostKey);

    assertThat(userData.replace(hostKey.privateKey().strip().replace("\n", "\n    "), "")).doesNotContain("PRIVATE KEY-----\n");
    assertThat(userData).doesNotContainIgnoringCase("password:").doesNotContain("token");
  }

  /** cloud-init's own schema check (Debian's cloud-init package; scripts/test.sh installs it). */
  @Test
  void cloudInitAcceptsItsSchema(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("user-data");
    Files.writeString(file, CloudInit.userData("torrust", AUTHORIZED, 2222, BirthKey.generate()));

    Process process = new ProcessBuilder("cloud-init", "schema", "--config-file", file.toString()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).contains("Valid cloud-config");
  }
}
