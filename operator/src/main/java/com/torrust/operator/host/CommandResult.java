package com.torrust.operator.host;

/** What a remote command printed and how it exited. */
public record CommandResult(int exitCode, String stdout, String stderr) {}
