package com.torrust.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.DockerNetwork;
import com.torrust.operator.plan.ExposedPort;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.PlannedDirectory;
import com.torrust.operator.plan.PlannedRule;

/**
 * The desired host state for people (plan.txt) and tools (plan.json), to review in a pull request
 * before anything touches a host. Shows no secret, and not even the content hash of a file holding
 * one (a bare SHA-256 of a weak password can be brute-forced).
 */
public final class PlanReport {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanReport() {}

  public static String text(DesiredHostState state) {
    HostPlan plan = state.plan();
    StringBuilder out = new StringBuilder();
    out.append("Desired host state for TrackerDeployment ").append(plan.deploymentName()).append('\n');
    out.append("Hash: ").append(state.publicHash()).append("\n\n");

    out.append("Exposure\n");
    out.append(String.format("  %-11s %-18s %-9s %-40s %s%n", "SERVICE", "ROLE", "PROTOCOL", "HOST BINDING", "CLASS"));
    for (ExposedPort port : plan.exposure()) {
      String binding = port.hostPort() == null ? "none (container port " + port.containerPort() + ")" : port.hostAddress() + ":" + port.hostPort();
      out.append(String.format("  %-11s %-18s %-9s %-40s %s%n", port.service(), port.role(), port.protocol(), binding, port.exposure()));
    }

    out.append("\nFirewall (UFW)\n");
    out.append("  default incoming: ").append(plan.firewall().incoming()).append('\n');
    out.append("  default outgoing: ").append(plan.firewall().outgoing()).append('\n');
    out.append("  logging: ").append(plan.firewall().logging()).append('\n');
    for (PlannedRule rule : plan.firewall().rules()) {
      out.append("  ufw ").append(rule.ufwArguments()).append("   # ").append(rule.comment()).append('\n');
    }

    out.append("\nNetworks\n");
    if (plan.networks().isEmpty()) {
      out.append("  (only the default network)\n");
    }
    for (DockerNetwork network : plan.networks()) {
      out.append("  ").append(network.name()).append(": ").append(String.join(", ", network.members()));
      if (network.ipv6()) {
        out.append("  (IPv6 ").append(network.ipv6Subnet()).append(')');
      }
      out.append('\n');
    }

    out.append("\nServices\n");
    for (ComposeService service : plan.services()) {
      out.append("  ").append(service.name()).append(": ").append(service.image());
      if (!service.ports().isEmpty()) {
        out.append("  ports ").append(String.join(" ", service.ports()));
      }
      out.append('\n');
    }

    out.append("\nDirectories\n");
    for (PlannedDirectory dir : plan.directories()) {
      out.append(String.format("  %04o %5d:%-5d %s%n", dir.mode(), dir.uid(), dir.gid(), dir.path()));
    }

    out.append("\nFiles\n");
    for (PlannedFile file : state.files()) {
      String hash = file.holdsSecret() ? "(holds a secret)" : "sha256:" + file.sha256().substring(0, 16);
      out.append(String.format("  %04o %5d:%-5d %-24s %s%n", file.mode(), file.uid(), file.gid(), hash, file.path()));
    }
    return out.toString();
  }

  public static String json(DesiredHostState state) {
    HostPlan plan = state.plan();
    ObjectNode root = JSON.createObjectNode();
    root.put("deployment", plan.deploymentName());
    root.put("hash", state.publicHash());
    ArrayNode exposure = root.putArray("exposure");
    for (ExposedPort port : plan.exposure()) {
      ObjectNode row = exposure.addObject();
      row.put("service", port.service()).put("role", port.role()).put("containerPort", port.containerPort());
      if (port.hostPort() != null) {
        row.put("hostPort", port.hostPort()).put("hostAddress", port.hostAddress());
      }
      row.put("protocol", port.protocol().name()).put("class", port.exposure().name());
    }
    ObjectNode firewall = root.putObject("firewall");
    firewall.put("incoming", plan.firewall().incoming().name()).put("outgoing", plan.firewall().outgoing().name());
    firewall.put("logging", plan.firewall().logging().name());
    ArrayNode rules = firewall.putArray("rules");
    for (PlannedRule rule : plan.firewall().rules()) {
      rules.addObject().put("port", rule.port()).put("protocol", rule.protocol().name()).put("from", rule.from())
          .put("to", rule.to()).put("comment", rule.comment()).put("reason", rule.reason());
    }
    ArrayNode networks = root.putArray("networks");
    plan.networks().forEach(n -> networks.add(JSON.valueToTree(n)));
    ArrayNode services = root.putArray("services");
    for (ComposeService service : plan.services()) {
      ObjectNode node = services.addObject().put("name", service.name()).put("image", service.image());
      service.ports().forEach(node.putArray("ports")::add);
      service.networks().forEach(node.putArray("networks")::add);
    }
    ArrayNode directories = root.putArray("directories");
    for (PlannedDirectory dir : plan.directories()) {
      directories.addObject().put("path", dir.path()).put("mode", String.format("%04o", dir.mode())).put("uid", dir.uid()).put("gid", dir.gid());
    }
    ArrayNode files = root.putArray("files");
    for (PlannedFile file : state.files()) {
      ObjectNode node = files.addObject().put("path", file.path()).put("mode", String.format("%04o", file.mode()))
          .put("uid", file.uid()).put("gid", file.gid()).put("holdsSecret", file.holdsSecret());
      if (!file.holdsSecret()) {
        node.put("sha256", file.sha256());
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plan report is plain JSON", e);
    }
  }
}
