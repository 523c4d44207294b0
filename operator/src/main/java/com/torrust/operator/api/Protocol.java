package com.torrust.operator.api;

/** Transport protocol of a port. */
public enum Protocol {
  TCP,
  UDP
}
