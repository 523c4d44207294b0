package com.torrust.operator.plan;

import com.torrust.operator.api.Protocol;

/**
 * A UFW allow rule the host must have.
 *
 * @param port destination port
 * @param protocol TCP or UDP
 * @param from source network, or {@link #ANYWHERE} (then UFW adds it for IPv4 and IPv6)
 * @param to destination address, or {@link #ANYWHERE}
 * @param comment UFW rule comment (validated text, see the API's comment format)
 * @param reason why the rule exists: ssh, an endpoint role, or extra
 */
public record PlannedRule(int port, Protocol protocol, String from, String to, String comment, String reason) {

  public static final String ANYWHERE = "any";

  /** The rule as {@code ufw} arguments, e.g. {@code allow proto udp from any to any port 6969}. */
  public String ufwArguments() {
    return "allow proto " + protocol.name().toLowerCase(java.util.Locale.ROOT) + " from " + from + " to " + to + " port " + port;
  }
}
