package com.torrust.operator.converge;

/**
 * One change to make on the host.
 *
 * @param description what it does, for people (never a secret: file contents are not in it)
 * @param script the shell fragment that does it; may carry file contents, so never printed
 */
public record Action(Step step, String description, String script) {

  @Override
  public String toString() {
    return step + ": " + description;
  }
}
