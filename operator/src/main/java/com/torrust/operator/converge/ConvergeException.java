package com.torrust.operator.converge;

/** An action failed on the host; the message names it and what the host said. */
public final class ConvergeException extends Exception {

  private static final long serialVersionUID = 1L;

  public ConvergeException(String message) {
    super(message);
  }
}
