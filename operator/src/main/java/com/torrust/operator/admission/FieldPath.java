package com.torrust.operator.admission;

/** Paths into a resource, written the way kubectl reports them: {@code spec.tracker.udpTrackers[0].port}. */
final class FieldPath {

  private FieldPath() {}

  static String child(String parent, String property) {
    return parent.isEmpty() ? property : parent + "." + property;
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
