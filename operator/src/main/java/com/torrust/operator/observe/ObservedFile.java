package com.torrust.operator.observe;

/** A planned file as found on the host; mode, owner and hash are meaningful only when it exists. */
public record ObservedFile(String path, boolean exists, int mode, int uid, int gid, String sha256) {

  static ObservedFile missing(String path) {
    return new ObservedFile(path, false, 0, -1, -1, null);
  }
}
