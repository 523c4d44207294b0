package com.torrust.operator.provision.hetzner;

/** Opens the client's error classification to tests in other packages. */
public final class HetznerClientAccess {

  private HetznerClientAccess() {}

  public static HetznerException.Kind kindOf(int status, String code) {
    return HetznerClient.kindOf(status, code);
  }
}
