package com.torrust.operator.plan;

/** A directory the host must have, with its owner (numeric, as the container users are) and mode. */
public record PlannedDirectory(String path, int mode, int uid, int gid) {}
