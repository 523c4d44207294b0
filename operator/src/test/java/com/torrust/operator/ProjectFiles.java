package com.torrust.operator;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository the tests check (examples, committed CRD), found from the Maven module. */
public final class ProjectFiles {

  private ProjectFiles() {}

  /** The repository root: Surefire passes it; from an IDE the module's parent folder is assumed. */
  public static Path root() {
    String configured = System.getProperty("project.root");
    Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
    if (!Files.isDirectory(root.resolve("crds"))) {
      throw new IllegalStateException("repository root not found (looked at " + root + ")");
    }
    return root;
  }
}
