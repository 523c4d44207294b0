package com.torrust.operator.api;

/** The tracker's database. */
public enum DatabaseDriver {
  /** A file in the tracker's storage directory. */
  Sqlite,
  /** A MySQL container on an internal network, reachable only by the tracker. */
  MySQL
}
