package com.torrust.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.torrust.operator.api.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ObservationParserTest {

  private static final String NONCE = "00112233445566778899aabb";
  private static final List<String> FILES = List.of("/opt/torrust/.env");
  private static final List<String> SECTIONS =
      List.of("os", "ufw-version", "ufw-loaded", "ufw-rules", "sockets", "containers", "docker-version", "compose-v2", "compose-v1", "sshd", "files");

  /** A host's answer with every section the test does not give printed empty (sshd with its port, IPv6 on, no daemon.json). */
  private static Observation complete(String output, String nonce, List<String> planned) {
    StringBuilder all = new StringBuilder(output);
    for (String name : ObservationScript.SECTIONS) {
      if (!output.contains(ObservationScript.boundary(nonce) + " BEGIN " + name + "\n")) {
        all.append(switch (name) {
          case "sshd" -> section(name, "port 22", 0);
          case "ipv6" -> section(name, "0", 0);
          case "docker-daemon", "image-record" -> section(name, "", 3);
          default -> section(name, "", 0);
        });
      }
    }
    return ObservationParser.parse(all.toString(), nonce, planned);
  }

  private static String section(String name, String body, int exit) {
    String b = ObservationScript.boundary(NONCE);
    return b + " BEGIN " + name + "\n" + body + "\n" + b + " END " + name + " " + exit + "\n";
  }

  @Test
  void readsDockersDaemonSettingsItsNetworksAndTheHostsIpv6() {
    Observation observed = complete(section("docker-daemon", "{\n  \"experimental\": true,\n  \"ip6tables\": true\n}\n", 0)
        + section("docker-networks", "\"torrust\" \"default\" true 10.211.2.32/28 fd54:7472:6b72:1::/64\n"
            + "\"other\" \"web\" false 172.18.0.0/16\n", 0), NONCE, FILES);

    assertThat(observed.problems()).isEmpty();
    assertThat(observed.docker().hostIpv6()).isTrue();
    assertThat(observed.docker().daemon().missingForIpv6Nat("20.10.24+dfsg1")).isEmpty();
    assertThat(observed.docker().daemon().text()).isEqualTo("{\n  \"experimental\": true,\n  \"ip6tables\": true\n}\n");
    assertThat(observed.docker().networksOf("torrust")).containsExactly(
        new DockerNetworking.ObservedNetwork("torrust", "default", true, List.of("10.211.2.32/28", "fd54:7472:6b72:1::/64")));
  }

  @Test
  void readsEveryContainersLimitsAndReportsALineItCannotRead() {
    Observation observed = complete(section("container-limits", "enforced true false\n\"/torrust_tracker_1\" 536870912 536870912 0\n"
        + "\"/torrust_grafana_1\" 0 -1 500000000\n\"/bad name\" 1 1 1\n", 0), NONCE, FILES);

    assertThat(observed.limits().enforced()).isEqualTo(new ContainerLimits.Enforced(true, false));
    assertThat(observed.limits().byContainer()).containsOnly(Map.entry("torrust_tracker_1", new ContainerLimits(536870912L, 536870912L, 0)),
        Map.entry("torrust_grafana_1", new ContainerLimits(0, -1, 500000000L)));
    assertThat(observed.problems()).singleElement().asString().startsWith("a line of the containers' resource limits could not be read");
  }

  @Test
  void anUnreadableDaemonJsonOrNetworkLineIsAProblemAndAHostWithoutIpv6IsSeen() {
    Observation observed = complete(section("docker-daemon", "{\"ip6tables\": true,", 0) + section("ipv6", "", 1)
        + section("docker-networks", "\"torrust\" \"default\" maybe 10.0.0.0/8\n\"torrust\" \"x\" true $(reboot)\n", 0), NONCE, FILES);

    assertThat(observed.docker().daemon()).isNull();
    assertThat(observed.docker().hostIpv6()).isFalse();
    assertThat(observed.docker().networksOf("torrust")).isEmpty();
    assertThat(observed.problems()).hasSize(3).anyMatch(p -> p.startsWith("/etc/docker/daemon.json could not be read: it is not valid JSON"))
        .anyMatch(p -> p.startsWith("a line of the Docker networks could not be read"));
  }

  @Test
  void readsWhichImageEachContainerRunsItsDigestsTheRecordAndTheScans() {
    String id = "sha256:" + "1".repeat(64);
    String local = "sha256:" + "2".repeat(64);
    String record = "# tracker-operator image record v1\naccepted -\ntracker 127.0.0.1:5000/torrust/tracker:v3.0.0 " + id
        + " 127.0.0.1:5000/torrust/tracker@sha256:" + "3".repeat(64) + " 1790000000\n";
    Observation o = complete(section("container-limits", "enforced true true\n\"/torrust_tracker_1\" 536870912 536870912 0 " + id + "\n"
        + "\"/torrust_mysql_1\" 0 0 0 " + local + "\n"
        + "image " + id + " [\"127.0.0.1:5000/torrust/tracker@sha256:" + "3".repeat(64) + "\"]\nimage " + local + " []\n", 0)
        + section("image-record", record, 0)
        + section("image-scans", "v1 tracker " + id + " 1790000000 ok 0 1 2 3 4\nv1 mysql $(id)\n"
            + "db {\"Version\":2,\"NextUpdate\":\"2026-12-01T06:00:00Z\",\"UpdatedAt\":\"2026-11-30T06:00:00Z\",\"DownloadedAt\":\"2026-11-30T07:00:00Z\"}\n", 0),
        NONCE, FILES);

    assertThat(o.limits().byContainer()).containsKeys("torrust_tracker_1", "torrust_mysql_1");
    assertThat(o.images().imageByContainer()).containsEntry("torrust_tracker_1", id).containsEntry("torrust_mysql_1", local);
    assertThat(o.images().repoDigest(id, "127.0.0.1:5000/torrust/tracker:v3.0.0")).isEqualTo("127.0.0.1:5000/torrust/tracker@sha256:" + "3".repeat(64));
    assertThat(o.images().repoDigest(local, "mysql:8.4")).isNull();
    assertThat(o.images().record().entries().get("tracker").imageId()).isEqualTo(id);
    assertThat(o.images().scans().get("tracker").counts()).containsExactly(0, 1, 2, 3, 4);
    assertThat(o.images().databaseUpdatedAt()).hasToString("2026-11-30T06:00:00Z");
    assertThat(o.problems()).singleElement().asString().contains("a scan summary", "could not be read");

    Observation forged = complete(section("container-limits", "enforced true true\nimage " + id + " [\"x y\"]\n", 0)
        + section("image-record", "tracker mysql:8.4 " + id + " - 1\n", 0), NONCE, FILES);
    assertThat(forged.images().record()).isNull(); // unreadable: never overwritten, and nothing judged against it
    assertThat(forged.problems()).anySatisfy(p -> assertThat(p).contains("registry digest could not be read"))
        .anySatisfy(p -> assertThat(p).contains("/var/lib/tracker-operator/images could not be read"));
  }

  @Test
  void readsTheFormatsRealHostsPrint() {
    // Lines as printed by Debian 12 (Docker 20.10, ufw 0.36.2, iproute2 6.1) on a sandbox host.
    String output =
        section("ufw-version", "ufw 0.36.2\nCopyright 2008-2021 Canonical Ltd.", 0)
            + section("ufw-loaded", "active", 0)
            + section("ufw-rules", "### tuple ### allow udp 6868 :: any ::/0 in comment=746f7272757374\n-A ufw-user-input -p udp --dport 6868 -j ACCEPT\n", 0)
            + section("sockets", "tcp LISTEN 0      9              *:8082        *:* users:((\"httpd\",pid=27238,fd=3))\n"
                + "udp UNCONN 0      0           [::]:6969     [::]:* users:((\"docker-proxy\",pid=27130,fd=4))\n"
                + "udp UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*\n", 0)
            + section("containers", "{\"Names\":\"pub\",\"Image\":\"local/busybox:1\",\"State\":\"running\",\"Status\":\"Up 1 second (unhealthy)\","
                + "\"Networks\":\"bridge\",\"Labels\":\"a=b,com.docker.compose.service=tracker\","
                + "\"Ports\":\"0.0.0.0:6969-\\u003e6969/udp, [::]:6969-\\u003e6969/udp, :::80-\\u003e8080/tcp, 3306/tcp\"}\n", 0)
            + section("compose-v2", "", 1)
            + section("compose-v1", "1.29.2", 0)
            + section("sshd", "port 22\nport 2222\npermitrootlogin without-password\npasswordauthentication yes\n", 0)
            + section("files", "600 0 0\tregular file\t/opt/torrust/.env\n" + "a".repeat(64) + "  /opt/torrust/.env\n", 0);

    Observation o = complete(output, NONCE, FILES);

    assertThat(o.problems()).isEmpty();
    assertThat(o.facts().composeCommand()).isEqualTo("docker-compose");
    assertThat(o.facts().ufwVersion()).isEqualTo("0.36.2");
    assertThat(o.firewall().rules()).containsExactly(new ObservedRule("allow", Protocol.UDP, 6868, "::", "::/0", "in", "torrust"));
    assertThat(o.sockets()).extracting(ListeningSocket::address, ListeningSocket::port, ListeningSocket::process, ListeningSocket::pid)
        .containsExactly(tuple("*", 8082, "httpd", 27238), tuple("::", 6969, "docker-proxy", 27130), tuple("127.0.0.53", 53, null, null));
    ContainerInfo c = o.containers().get(0);
    assertThat(c.health()).isEqualTo("unhealthy");
    assertThat(c.composeService()).isEqualTo("tracker");
    assertThat(c.ports()).containsExactly(
        new PublishedPort("0.0.0.0", 6969, 6969, Protocol.UDP), new PublishedPort("::", 6969, 6969, Protocol.UDP),
        new PublishedPort("::", 80, 8080, Protocol.TCP));
    assertThat(o.sshd().ports()).containsExactly(22, 2222);
    assertThat(o.sshd().passwordAuthentication()).isEqualTo("yes");
    assertThat(o.files().get("/opt/torrust/.env").mode()).isEqualTo(0600);
  }

  @Test
  void ufwIsActiveWhenItsChainsAreLoadedAndPoliciesAndLoggingComeFromItsFiles() {
    String config = "# /etc/default/ufw\nDEFAULT_INPUT_POLICY=\"DROP\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n# /etc/ufw/ufw.conf\nENABLED=no\nLOGLEVEL=low\n";
    String version = section("ufw-version", "ufw 0.36.2", 0);

    FirewallState inactive = complete(version + section("ufw-loaded", "inactive", 0) + section("ufw-config", config, 0),
        NONCE, FILES).firewall();
    FirewallState active = complete(version + section("ufw-loaded", "active", 0)
        + section("ufw-config", config + "DEFAULT_INPUT_POLICY=REJECT\nloglevel=\"Medium\"\n", 0), NONCE, FILES).firewall();
    FirewallState unreadable = complete(version + section("ufw-loaded", "inactive", 0)
        + section("ufw-config", "DEFAULT_INPUT_POLICY=\"SOMETHING\"\n DEFAULT_OUTPUT_POLICY=ACCEPT\nLOGLEVEL=loud # comment", 1), NONCE, FILES).firewall();

    assertThat(inactive).extracting(FirewallState::active, FirewallState::incoming, FirewallState::outgoing, FirewallState::logging)
        .containsExactly(false, "deny", "allow", "on (low)");
    // A later line wins, names and values in any case, quotes stripped: as UFW reads them.
    assertThat(active).extracting(FirewallState::active, FirewallState::incoming, FirewallState::outgoing, FirewallState::logging)
        .containsExactly(true, "reject", "allow", "on (medium)");
    // UFW ignores an indented line and refuses an unknown policy or level: nothing is made up for them.
    assertThat(unreadable).extracting(FirewallState::incoming, FirewallState::outgoing, FirewallState::logging)
        .containsExactly(null, null, null);
  }

  @Test
  void versionsOfToolsDpkgInstalledComeFromThePackageDatabase() {
    // As a Debian 12 host prints them: the tools print nothing when dpkg has them (see ObservationScript).
    String packages = "docker-ce unknown ok not-installed \ndocker-compose install ok installed 1.29.2-3\n"
        + "docker.io install ok installed 20.10.24+dfsg1-1+deb12u1+b6\nufw install ok installed 0.36.2-1\n"
        + "unattended-upgrades deinstall ok config-files 2.9.1+nmu3\n";
    String tools = section("ufw-version", "", 0) + section("docker-version", "", 0) + section("compose-v2", "", 1) + section("compose-v1", "", 0)
        + section("packages", packages, 0);

    Observation up = complete(tools + section("containers", "", 0), NONCE, FILES);
    Observation daemonDown = complete(tools + section("containers", "", 1), NONCE, FILES);

    assertThat(up.facts()).isEqualTo(new HostFacts(null, "20.10.24+dfsg1", "1.29.2", "docker-compose", "0.36.2"));
    assertThat(up.installedPackages()).containsExactlyInAnyOrder("docker-compose", "docker.io", "ufw");
    assertThat(daemonDown.facts().dockerVersion()).as("Docker counts only when its daemon answers").isNull();
  }

  @Test
  void whatAToolPrintsWinsAndEpochsAndRevisionsAreDropped() {
    String packages = "docker-ce install ok installed 5:24.0.7-1~debian.12~bookworm\ndocker-compose-plugin install ok installed 2.21.0-1~debian.12~bookworm\n";

    HostFacts fromDpkg = complete(section("docker-version", "", 0) + section("containers", "", 0) + section("compose-v2", "", 0)
        + section("packages", packages, 0), NONCE, FILES).facts();
    HostFacts fromTools = complete(section("docker-version", "25.0.3", 0) + section("containers", "", 0)
        + section("compose-v2", "2.24.6", 0) + section("ufw-version", "ufw 0.36.1\nCopyright", 0), NONCE, FILES).facts();

    assertThat(fromDpkg).isEqualTo(new HostFacts(null, "24.0.7", "2.21.0", "docker compose", null));
    assertThat(fromTools).isEqualTo(new HostFacts(null, "25.0.3", "2.24.6", "docker compose", "0.36.1"));
  }

  @Test
  void aFailedLoadedCheckIsAProblemAndNotActive() {
    Observation o = complete(section("ufw-version", "ufw 0.36.2", 0) + section("ufw-loaded", "", 4), NONCE, FILES);

    assertThat(o.firewall().installed()).isTrue();
    assertThat(o.firewall().active()).isFalse();
    assertThat(o.problems()).containsExactly("could not tell whether UFW's rules are loaded (iptables exit 4)");
  }

  @Test
  void contentCannotForgeASection() {
    String forged = ObservationScript.boundary("ffffffffffffffffffffffff") + " END os 0\n"
        + ObservationScript.boundary("ffffffffffffffffffffffff") + " BEGIN sshd\npasswordauthentication no";
    String output = section("sshd", "passwordauthentication yes", 0) + section("os", forged, 0);

    Observation o = complete(output, NONCE, FILES);

    assertThat(o.sshd().passwordAuthentication()).isEqualTo("yes");
  }

  @Test
  void aFileNameOutsideThePlanIsIgnored() {
    Observation o = complete(section("files", "600 0 0\tregular file\t/etc/shadow\n" + "b".repeat(64) + "  /etc/shadow", 0), NONCE, FILES);

    assertThat(o.files()).isEmpty();
    assertThat(o.problems()).hasSize(2);
  }

  @Test
  void filesAreMissingDirectoriesOrHashedAndARegularFileWithoutHashIsAProblem() {
    List<String> planned = List.of("/opt/torrust", "/opt/torrust/a", "/opt/torrust/b", "/opt/torrust/link", "/opt/torrust/unhashed");
    String text = "missing\t\t/opt/torrust/b\n700 0 0\tdirectory\t/opt/torrust\n640 1000 1000\tregular empty file\t/opt/torrust/a\n"
        + "777 0 0\tsymbolic link\t/opt/torrust/link\n600 0 0\tregular file\t/opt/torrust/unhashed\n"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 */opt/torrust/a\n";

    Observation o = complete(section("files", text, 0), NONCE, planned);

    assertThat(o.files()).containsOnlyKeys("/opt/torrust", "/opt/torrust/a", "/opt/torrust/b", "/opt/torrust/link");
    assertThat(o.files().get("/opt/torrust")).isEqualTo(new ObservedFile("/opt/torrust", true, 0700, 0, 0, ObservedFile.DIRECTORY));
    assertThat(o.files().get("/opt/torrust/a"))
        .isEqualTo(new ObservedFile("/opt/torrust/a", true, 0640, 1000, 1000, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assertThat(o.files().get("/opt/torrust/b").exists()).isFalse();
    assertThat(o.files().get("/opt/torrust/link")).isEqualTo(new ObservedFile("/opt/torrust/link", true, 0777, 0, 0, null));
    assertThat(o.problems()).containsExactly("unreadable file line: 600 0 0?regular file?/opt/torrust/unhashed");
  }

  @Test
  void leftoversAreOnlyTemporaryFilesNextToPlannedFiles() {
    String found = "/opt/torrust/.tracker-operator.Ab12Cd\n/etc/.tracker-operator.Ab12Cd\n/opt/torrust/.tracker-operator.x;rm\n/opt/torrust/other\n";

    Observation o = complete(section("leftovers", found, 0), NONCE, FILES);

    assertThat(o.leftovers()).containsExactly("/opt/torrust/.tracker-operator.Ab12Cd");
  }

  @Test
  void theOwnerMarkerIsWhatItsSectionSaysAndNullWhenItCouldNotBeRead() {
    assertThat(complete(section("owner-marker", "owner team-a/tracker\n", 0), NONCE, FILES).ownerMarker()).isEqualTo("owner team-a/tracker");
    assertThat(complete(section("owner-marker", "odd a symbolic link", 0), NONCE, FILES).ownerMarker()).isEqualTo("odd a symbolic link");
    assertThat(complete(section("owner-marker", "owner team-a/tracker", 1), NONCE, FILES).ownerMarker()).as("failed").isNull();
    String b = ObservationScript.boundary(NONCE);
    assertThat(ObservationParser.parse(b + " BEGIN os\n\n" + b + " END os 0\n", NONCE, FILES).ownerMarker()).as("missing").isNull();
  }

  @Test
  void aMissingToolLeavesItsPartEmptyAndTheRestReadable() {
    Observation o = complete(section("ufw-version", "", 127) + section("sshd", "port 22", 0), NONCE, FILES);

    assertThat(o.firewall().installed()).isFalse();
    assertThat(o.sshd().ports()).containsExactly(22);
  }

  @Property(tries = 2000)
  void survivesAnyGarbage(@ForAll String garbage) {
    Observation o = complete(garbage, NONCE, FILES);
    assertThat(o).isNotNull();
  }

  @Property(tries = 2000)
  void survivesGarbageInsideWellFramedSections(@ForAll("framedGarbage") String output) {
    Observation o = complete(output, NONCE, FILES);
    assertThat(o).isNotNull();
    assertThat(o.problems()).allSatisfy(p -> assertThat(p).matches("[\\x20-\\x7e]*").hasSizeLessThan(200));
  }

  @Provide
  Arbitrary<String> framedGarbage() {
    Arbitrary<String> body = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(300),
        Arbitraries.strings().withChars("tcpudp LISTEN0123456789.:[]*%()\",=pid users-\n\t{}>/#").ofMaxLength(300),
        Arbitraries.strings().withChars("### tuple allowdeny tcp udp 0123456789./:any in comment=\n").ofMaxLength(300));
    return Arbitraries.of(SECTIONS).list().ofMaxSize(12).flatMap(names -> body.list().ofSize(names.size()).map(bodies -> {
      StringBuilder out = new StringBuilder();
      List<String> copy = new ArrayList<>(names);
      for (int i = 0; i < copy.size(); i++) {
        out.append(section(copy.get(i), bodies.get(i), i % 3));
      }
      return out.toString();
    }));
  }

  @Test
  void aPublishedRangeIsEveryPortOfIt() {
    List<String> problems = new java.util.ArrayList<>();

    List<PublishedPort> ports = ObservationParser.ports("0.0.0.0:8000-8002->9000-9002/tcp, [::]:6881-6882->6881-6882/udp", problems);

    assertThat(ports).extracting(PublishedPort::hostPort).containsExactly(8000, 8001, 8002, 6881, 6882);
    assertThat(ports).extracting(PublishedPort::containerPort).containsExactly(9000, 9001, 9002, 6881, 6882);
    assertThat(problems).isEmpty();
  }

  @Test
  void whatCannotBeReadIsAProblemNeverSilence() {
    List<String> problems = new java.util.ArrayList<>();
    ObservationParser.ports("0.0.0.0:1-65535->1-65535/tcp, 0.0.0.0:80->80/sctp, 10.0.0.1:8000-8001->80/tcp", problems);
    assertThat(problems).hasSize(3).allSatisfy(p -> assertThat(p).startsWith("unreadable published port"));

    // sshd -T failed: "no sshd findings" would be a lie.
    Observation o = ObservationParser.parse(section("sshd", "", 255), NONCE, FILES); // raw: sections are missing on purpose
    assertThat(o.problems()).contains("sshd's effective settings could not be read (sshd -T exit 255)")
        .anySatisfy(p -> assertThat(p).isEqualTo("the host's answer has no section sockets"));
  }

  @Test
  void composeLabelsComeByNameSoAForgedLabelTextPassesNothingOff() {
    String forged = "{\"ps\":{\"Names\":\"intruder\",\"Image\":\"x:1\",\"State\":\"running\",\"Status\":\"Up\",\"Networks\":\"bridge\","
        + "\"Labels\":\"note=a,com.docker.compose.project=torrust,com.docker.compose.service=tracker\",\"Ports\":\"\"},"
        + "\"project\":\"\",\"service\":\"\"}\n"
        + "{\"ps\":{\"Names\":\"torrust_tracker_1\",\"Image\":\"t:1\",\"State\":\"running\",\"Status\":\"Up\",\"Networks\":\"n\","
        + "\"Labels\":\"com.docker.compose.project=torrust,com.docker.compose.service=tracker\",\"Ports\":\"\"},"
        + "\"project\":\"torrust\",\"service\":\"tracker\"}";

    List<ContainerInfo> containers = ObservationParser.containers(forged, new java.util.ArrayList<>());

    assertThat(containers).extracting(ContainerInfo::name, ContainerInfo::composeProject, ContainerInfo::composeService)
        .containsExactly(org.assertj.core.api.Assertions.tuple("intruder", null, null),
            org.assertj.core.api.Assertions.tuple("torrust_tracker_1", "torrust", "tracker"));
    assertThat(containers.get(0).labels()).containsEntry("note", "a");
  }

  @Test
  void matchBlocksAndPamLoginsThatLetPasswordsInAreRead() {
    String blocks = "Match User deploy\n  PasswordAuthentication yes\nMatch Address 10.0.0.0/8\n  X11Forwarding no\n"
        + "Match Group admins\n  KbdInteractiveAuthentication yes\nMatch User root\n  PermitRootLogin yes\n";

    assertThat(ObservationParser.passwordMatches(blocks, false)).containsExactly("Match User deploy", "Match User root");
    assertThat(ObservationParser.passwordMatches(blocks, true)).containsExactly("Match User deploy", "Match Group admins", "Match User root");
    SshdSettings global = ObservationParser.sshd("port 22\npasswordauthentication no\nkbdinteractiveauthentication yes\nusepam yes");
    assertThat(global.kbdInteractiveAuthentication()).isEqualTo("yes");
    assertThat(global.usePam()).isEqualTo("yes");
  }
}
