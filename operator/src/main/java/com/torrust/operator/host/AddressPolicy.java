package com.torrust.operator.host;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses the operator may open SSH connections to. Whoever may create a TrackerDeployment
 * names the host; without limits they could aim the operator (and its SSH client) at the cloud's
 * metadata service or at services inside the cluster. Always refused: link-local (169.254.0.0/16 with
 * the metadata service, fe80::/10), multicast and the unspecified address. The operator's flags add
 * ranges to refuse (the cluster's pod and service ranges) or a list of the only ranges allowed. A name
 * is resolved once, every address it resolves to is checked, and the connection goes to the checked
 * address, so a second lookup cannot swap it.
 */
public record AddressPolicy(List<Range> allow, List<Range> deny) {

  /** An address range in CIDR notation. */
  public record Range(String cidr, byte[] network, int prefix) {

    public static Range parse(String cidr) {
      String text = cidr.strip();
      int slash = text.indexOf('/');
      String address = slash < 0 ? text : text.substring(0, slash);
      if (!address.matches("[0-9a-fA-F:.]+")) {
        throw new IllegalArgumentException("'" + cidr + "' is not an address range (CIDR), e.g. 10.96.0.0/12 or fd00::/8");
      }
      byte[] bytes;
      try {
        bytes = InetAddress.getByName(address).getAddress(); // a literal: no lookup
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("'" + cidr + "' is not an address range (CIDR), e.g. 10.96.0.0/12 or fd00::/8");
      }
      int prefix;
      try {
        prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + cidr + "' has no valid prefix length");
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        throw new IllegalArgumentException("'" + cidr + "' has a prefix length outside 0.." + bytes.length * 8);
      }
      return new Range(text, bytes, prefix);
    }

    public boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int shift = bytes.length * 8 - prefix;
      return new BigInteger(1, bytes).shiftRight(shift).equals(new BigInteger(1, network).shiftRight(shift));
    }

    @Override
    public String toString() {
      return cidr;
    }
  }

  /** Nothing but the ranges always refused. */
  public static final AddressPolicy DEFAULT = new AddressPolicy(List.of(), List.of());

  public AddressPolicy {
    allow = List.copyOf(allow);
    deny = List.copyOf(deny);
  }

  public static AddressPolicy of(List<String> allow, List<String> deny) {
    List<Range> allowed = new ArrayList<>();
    List<Range> denied = new ArrayList<>();
    allow.stream().filter(s -> !s.isBlank()).map(Range::parse).forEach(allowed::add);
    deny.stream().filter(s -> !s.isBlank()).map(Range::parse).forEach(denied::add);
    return new AddressPolicy(allowed, denied);
  }

  /** Why the operator may not connect to this address, or null when it may. Pure. */
  public String refusal(InetAddress address) {
    if (address.isLinkLocalAddress()) {
      return address.getHostAddress() + " is link-local (the cloud's metadata service lives there)";
    }
    if (address.isMulticastAddress() || address.isAnyLocalAddress()) {
      return address.getHostAddress() + " is not a host address";
    }
    for (Range range : deny) {
      if (range.contains(address)) {
        return address.getHostAddress() + " is in " + range + ", which this operator may not reach (--deny-host-cidr)";
      }
    }
    if (!allow.isEmpty() && allow.stream().noneMatch(r -> r.contains(address))) {
      return address.getHostAddress() + " is outside the ranges this operator may reach (--allow-host-cidr " + allow + ")";
    }
    return null;
  }

  /**
   * The address to connect to: the name resolved, each result checked. Throws AddressNotAllowed when any
   * result is refused (a name must not mix allowed and refused addresses), HostUnreachable when the name
   * does not resolve.
   */
  public InetAddress resolve(String host) throws HostAccessException {
    return resolveAll(host).get(0);
  }

  /**
   * Every address of {@code host} (an address, or a name with IPv4 and IPv6 addresses), each allowed;
   * the outside prober tries them all, so a port that answers on one family and not the other shows.
   */
  public java.util.List<InetAddress> resolveAll(String host) throws HostAccessException {
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new HostAccessException(HostAccessException.Reason.HostUnreachable, "cannot resolve " + host, null);
    }
    for (InetAddress address : addresses) {
      String refusal = refusal(address);
      if (refusal != null) {
        throw new HostAccessException(HostAccessException.Reason.AddressNotAllowed,
            "not connecting to " + host + ": " + refusal + "; nothing was sent", null);
      }
    }
    return java.util.List.of(addresses);
  }
}
