package com.torrust.operator.provision.hetzner;

import java.util.List;

/**
 * A server type as GET /server_types describes it (the fields the operator uses).
 *
 * @param architecture x86 or arm: the image must be built for it
 * @param locations where it is sold (the type's "locations", since 2025-09; before, its prices' locations)
 */
public record ServerType(String name, String architecture, List<String> locations) {

  public ServerType {
    locations = List.copyOf(locations);
  }
}
