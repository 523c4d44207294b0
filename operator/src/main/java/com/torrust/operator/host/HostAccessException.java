package com.torrust.operator.host;

/** Why a host could not be used. The reason is a stable CamelCase word for status conditions. */
public final class HostAccessException extends Exception {

  private static final long serialVersionUID = 1L;

  /** What went wrong, as status reasons name it. */
  public enum Reason {
    /** The host presented another key than the pinned one: nothing was sent to it. */
    HostKeyMismatch,
    /** The key was refused by the host. */
    AuthenticationFailed,
    /** No connection: address, port, routing or timeout. */
    HostUnreachable,
    /** The host's address is one the operator may not connect to (link-local, or outside its allowed ranges). */
    AddressNotAllowed,
    /** The private key could not be read. */
    InvalidPrivateKey,
    /** The connection broke during a command, or it ended without an exit status. */
    CommandFailed,
    /** A command was still running at its deadline: its session was closed (a hung or hostile host). */
    CommandTimedOut,
    /** A command printed more than the operator reads from a host: it was stopped. */
    OutputTooLarge
  }

  private final Reason reason;
  private String presentedType;

  public HostAccessException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** For HostKeyMismatch: the type of the key the host presented ("ssh-ed25519"). */
  HostAccessException withPresentedType(String type) {
    this.presentedType = type;
    return this;
  }

  /** The type of the key a mismatching host presented, or null. */
  public String presentedType() {
    return presentedType;
  }

  public Reason reason() {
    return reason;
  }
}
