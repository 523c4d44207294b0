package com.torrust.operator.cli;

import static com.torrust.operator.cli.CommandLineTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.torrust.operator.Specs;
import com.torrust.operator.cli.CommandLineTest.Run;
import com.torrust.operator.sandbox.DockerIpv6NatOff;
import com.torrust.operator.sandbox.SandboxHost;
import com.torrust.operator.sandbox.SandboxHosts;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IPv6 client's announce is recorded under the client's own address (issue #16, moby/moby#17666),
 * on a real sandbox host whose Docker engine starts as Debian installs it (no IPv6 NAT): with
 * spec.host.ipv6 false the tracker sees the bridge, as before; with the default, apply turns on
 * Docker's IPv6 NAT (restarting the engine), recreates the project's network with IPv6, and a second
 * client is told the first one's real IPv6 address. IPv4 clients are answered as before throughout.
 */
@ExtendWith(SandboxHosts.class)
class Ipv6PeerAddressTest {

  private static final long PROTOCOL_ID = 0x41727101980L;
  /** The torrent the tracker stand-in's opentracker lists (Debian builds it whitelist-only). */
  private static final byte[] TEST_TORRENT = "tor-op-stand-in-test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @TempDir Path dir;

  @Test
  void anIpv6AnnounceIsRecordedUnderTheClientsAddress(@DockerIpv6NatOff SandboxHost host) throws Exception {
    String address6 = host.address6();
    InetAddress machine6 = InetAddress.getByName(address6.replaceAll("::2$", "::1"));
    host.standin("tracker", "torrust/tracker:v3.0.0", "v3.0.0");
    Path manifest = dir.resolve("td.yaml");
    String spec = Specs.MINIMAL
        .replace("address: 203.0.113.10", "address: " + host.address() + "\n    sshPort: " + host.sshPort() + "\n    user: root")
        + "---\napiVersion: v1\nkind: Secret\nmetadata: {name: demo-generated}\nstringData: {api-admin-token: ipv6-test-token}\n";
    Files.writeString(manifest, spec.replace("user: root", "user: root\n    ipv6: false"));
    Run ipv4Only = run("apply", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint(),
        "--wait", "60");
    assertThat(ipv4Only.exitCode()).as(ipv4Only.out() + ipv4Only.err()).isZero();

    // Before: docker-proxy hands the IPv6 client to the tracker over IPv4, from the bridge's address:
    // the tracker answers in the IPv4 format and records the bridge instead of the client.
    List<InetSocketAddress> seenBefore = announceTwice(new InetSocketAddress(address6, 6969), 6);
    assertThat(seenBefore).as("peers an IPv6 client is told about, through docker-proxy").isNotEmpty()
        .allMatch(p -> p.getAddress() instanceof java.net.Inet4Address && p.getAddress().getHostAddress().startsWith("10.211."));

    Files.writeString(manifest, spec);
    Run apply = run("apply", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint(),
        "--wait", "60");

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out()).contains("turn on Docker's IPv6 NAT", "take the project down to recreate default with IPv6");
    assertThat(host.shell("cat /etc/docker/daemon.json")).contains("\"ip6tables\" : true", "\"experimental\" : true", "\"bip\" : ");
    List<InetSocketAddress> seen = announceTwice(new InetSocketAddress(address6, 6969), 18);
    assertThat(seen).as("peers an IPv6 client is told about").contains(new InetSocketAddress(machine6, 51413));
    List<InetSocketAddress> seen4 = announceTwice(new InetSocketAddress(host.address(), 6969), 6);
    assertThat(seen4).as("peers an IPv4 client is told about").contains(new InetSocketAddress(host.address().replaceAll("\\.2$", ".1"), 51413));

    Run check = run("check", "-f", manifest.toString(), "--ssh-key", host.sshKey().toString(), "--host-key", host.hostKeyFingerprint());
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    host.shell("docker restart $(docker ps -q --filter label=com.docker.compose.service=tracker) >/dev/null");
    assertThat(announceTwice(new InetSocketAddress(address6, 6969), 18)).contains(new InetSocketAddress(machine6, 51413));
  }

  /**
   * Two clients announce the test torrent (BEP 15), the first from port 51413; returns the peers the
   * second is told about, read as entries of {@code entrySize} bytes (6 on IPv4, 18 on IPv6).
   */
  private static List<InetSocketAddress> announceTwice(InetSocketAddress tracker, int entrySize) throws IOException {
    announce(tracker, TEST_TORRENT, 51413, entrySize);
    return announce(tracker, TEST_TORRENT, 51414, entrySize);
  }

  private static List<InetSocketAddress> announce(InetSocketAddress tracker, byte[] infoHash, int port, int entrySize) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(null)) {
      socket.setSoTimeout(3000);
      socket.connect(tracker);
      int tx = ThreadLocalRandom.current().nextInt();
      ByteBuffer connect = exchange(socket, ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(0).putInt(tx), 16);
      assertThat(connect.getInt()).as("connect action").isZero();
      assertThat(connect.getInt()).isEqualTo(tx);
      long connection = connect.getLong();
      byte[] peerId = ("-TO0001-" + port + "aaaaaaaaaaaa").substring(0, 20).getBytes();
      ByteBuffer request = ByteBuffer.allocate(98).putLong(connection).putInt(1).putInt(tx + 1).put(infoHash).put(peerId)
          .putLong(0).putLong(1000).putLong(0).putInt(2).putInt(0).putInt(tx).putInt(50).putShort((short) port);
      ByteBuffer answer = exchange(socket, request, 2048);
      assertThat(answer.getInt()).as("announce action (3 is an error)").isEqualTo(1);
      assertThat(answer.remaining()).as("announce answer after the action").isGreaterThanOrEqualTo(16);
      answer.position(20);
      assertThat(answer.remaining() % entrySize).as("peer entries of " + entrySize + " bytes").isZero();
      List<InetSocketAddress> peers = new ArrayList<>();
      while (answer.remaining() >= entrySize) {
        byte[] ip = new byte[entrySize - 2];
        answer.get(ip);
        peers.add(new InetSocketAddress(InetAddress.getByAddress(ip), Short.toUnsignedInt(answer.getShort())));
      }
      return peers;
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static ByteBuffer exchange(DatagramSocket socket, ByteBuffer request, int max) throws IOException {
    byte[] bytes = Arrays.copyOf(request.array(), request.position());
    DatagramPacket answer = new DatagramPacket(new byte[max], max);
    for (int attempt = 0; ; attempt++) {
      socket.send(new DatagramPacket(bytes, bytes.length));
      try {
        socket.receive(answer);
        return ByteBuffer.wrap(answer.getData(), 0, answer.getLength());
      } catch (java.net.SocketTimeoutException | java.net.PortUnreachableException e) {
        if (attempt == 9) {
          throw e; // UDP: a tracker just (re)started drops or refuses the first tries
        }
        sleep();
      }
    }
  }
}
