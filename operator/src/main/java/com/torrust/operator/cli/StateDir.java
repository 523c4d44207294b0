package com.torrust.operator.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * Where the command line keeps the values it generated for a deployment (the API admin token, the
 * MySQL root password, Prometheus's scrape token), as the operator keeps them in the Secret
 * {@code <name>-generated}: {@code DIR/HOST/SECRET-NAME/KEY}, folders 0700 and files 0600, so the next
 * {@code apply} and {@code check} of the same deployment find what the host already uses. The default
 * DIR is {@code $XDG_STATE_HOME/tracker-operator}, else {@code ~/.local/state/tracker-operator}.
 */
record StateDir(Path root) {

  static StateDir orDefault(Path given) {
    if (given != null) {
      return new StateDir(given.toAbsolutePath().normalize());
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
    return new StateDir(base.resolve("tracker-operator").toAbsolutePath().normalize());
  }

  /** The folder of one deployment's generated Secret on one host. */
  Path folder(String host, String secretName) {
    // Both are DNS names or addresses (admission checked them): safe as path segments; ':' of IPv6 kept.
    return root.resolve(host.replace('/', '_')).resolve(secretName);
  }

  Optional<String> read(String host, String secretName, String key) {
    Path file = folder(host, secretName).resolve(key);
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Writes one value atomically, readable by this user only. */
  void write(String host, String secretName, String key, String value) throws IOException {
    Path folder = folder(host, secretName);
    for (Path dir = root; ; ) {
      createPrivate(dir);
      if (dir.equals(folder)) {
        break;
      }
      dir = dir.resolve(folder.getName(dir.getNameCount()));
    }
    Path temporary = Files.createTempFile(folder, "." + key, ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, value, StandardCharsets.UTF_8);
    Files.move(temporary, folder.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void createPrivate(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }
}
