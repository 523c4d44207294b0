package com.torrust.operator.plan;

import java.util.List;

/** A bridge network of the compose project and the services attached to it. */
public record DockerNetwork(String name, List<String> members) {

  public DockerNetwork {
    members = List.copyOf(members);
  }
}
