package com.torrust.operator.converge;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether an address lies in a network, for the lock-out guard. Literal addresses only, no DNS. */
final class Networks {

  private Networks() {}

  static boolean contains(String network, String address) {
    if ("any".equals(network)) {
      return true;
    }
    String base = network;
    int prefix = -1;
    int slash = network.indexOf('/');
    if (slash >= 0) {
      base = network.substring(0, slash);
      prefix = Integer.parseInt(network.substring(slash + 1));
    }
    byte[] net = literal(base);
    byte[] addr = literal(address);
    if (net == null || addr == null || net.length != addr.length) {
      return false;
    }
    int bits = prefix < 0 ? net.length * 8 : prefix;
    BigInteger mask = BigInteger.ONE.shiftLeft(net.length * 8).subtract(BigInteger.ONE)
        .xor(BigInteger.ONE.shiftLeft(net.length * 8 - bits).subtract(BigInteger.ONE));
    return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
  }

  private static byte[] literal(String address) {
    if (!address.matches("[0-9a-fA-F:.]+")) {
      return null; // never resolve names here
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
