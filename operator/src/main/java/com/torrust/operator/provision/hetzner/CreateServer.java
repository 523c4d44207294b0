package com.torrust.operator.provision.hetzner;

import java.util.Map;

/**
 * The body of POST /servers. No SSH key objects are attached: the user and its key come from the user
 * data, and root stays locked.
 */
public record CreateServer(String name, String serverType, String location, String image, String userData, Map<String, String> labels) {

  @Override
  public String toString() {
    // The user data carries the server's private host key.
    return "CreateServer[name=" + name + ", serverType=" + serverType + ", location=" + location + ", image=" + image + ", labels=" + labels + "]";
  }
}
