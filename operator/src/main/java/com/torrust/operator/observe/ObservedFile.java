package com.torrust.operator.observe;

/**
 * A planned file or directory as found on the host; mode, owner and hash are meaningful only when it
 * exists. A directory's hash is {@link #DIRECTORY}; what is neither a regular file nor a directory (a
 * symlink, a FIFO) has none (null), so it never equals a planned file.
 */
public record ObservedFile(String path, boolean exists, int mode, int uid, int gid, String sha256) {

  public static final String DIRECTORY = "dir";

  static ObservedFile missing(String path) {
    return new ObservedFile(path, false, 0, -1, -1, null);
  }
}
