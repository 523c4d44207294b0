package com.torrust.operator.converge;

import com.torrust.operator.api.DriftIgnoreRule;
import com.torrust.operator.api.FirewallLogging;
import com.torrust.operator.drift.Ipv6Drift;
import com.torrust.operator.drift.UfwTuple;
import com.torrust.operator.host.ShellWords;
import com.torrust.operator.observe.ContainerInfo;
import com.torrust.operator.observe.FirewallState;
import com.torrust.operator.observe.Observation;
import com.torrust.operator.observe.ObservedFile;
import com.torrust.operator.observe.ObservedRule;
import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.HostPlan;
import com.torrust.operator.plan.PlannedDirectory;
import com.torrust.operator.plan.PlannedRule;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.FileRenderer;
import com.torrust.operator.render.PlannedFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Plan x observation -> the minimal actions, in a safe order. Pure. The operator only changes what it
 * owns: UFW, its files and directories, its compose project; other containers and processes stay
 * drift to report.
 */
public final class ConvergePlanner {

  private ConvergePlanner() {}

  public static ConvergePlan plan(DesiredHostState desired, Observation observed, List<DriftIgnoreRule> ignore) {
    List<Action> actions = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    packages(desired.plan(), observed, actions, refusals);
    firewall(desired.plan(), observed, ignore == null ? List.of() : ignore, actions, refusals);
    CredentialRotation.Plan rotation = CredentialRotation.plan(desired, observed);
    actions.addAll(rotation.actions());
    refusals.addAll(rotation.refusals());
    Set<String> changedFiles = files(desired, observed, rotation.heldBack(), actions, refusals);
    services(desired.plan(), observed, changedFiles, actions, refusals);
    return new ConvergePlan(actions, refusals);
  }

  /** The paths a converge observes: every planned directory and file. */
  public static List<String> observedPaths(DesiredHostState desired) {
    List<String> paths = new ArrayList<>();
    desired.plan().directories().forEach(d -> paths.add(d.path()));
    desired.files().forEach(f -> paths.add(f.path()));
    return paths;
  }

  /** What must be installed first; nothing when everything is there. apply observes again after it. */
  private static void packages(HostPlan plan, Observation observed, List<Action> out, List<String> refusals) {
    List<String> missing = new ArrayList<>();
    if (!observed.firewall().installed()) {
      missing.add("ufw");
    }
    if (observed.facts().dockerVersion() == null) {
      missing.add("docker.io");
    }
    boolean compose = observed.facts().composeCommand() == null;
    if (plan.securityUpdates() && observed.installedPackages() != null && !observed.installedPackages().contains("unattended-upgrades")) {
      missing.add("unattended-upgrades");
    }
    if (missing.isEmpty() && !compose) {
      return;
    }
    if (observed.installedPackages() == null) {
      refusals.add("the host has no dpkg/apt: install " + String.join(", ", missing) + (compose ? " and docker compose" : "") + " by hand");
      return;
    }
    String install = "apt-get install -y -q --no-install-recommends";
    StringBuilder script = new StringBuilder("export DEBIAN_FRONTEND=noninteractive && apt-get update -q >/dev/null");
    if (!missing.isEmpty()) {
      script.append(" && ").append(install).append(' ').append(String.join(" ", missing)).append(" >/dev/null");
    }
    if (compose) {
      // Ubuntu ships compose v2 as docker-compose-v2; Debian 12 only has v1.
      script.append(" && { ").append(install).append(" docker-compose-v2 >/dev/null 2>&1 || ").append(install).append(" docker-compose >/dev/null; }");
    }
    List<String> all = new ArrayList<>(missing);
    if (compose) {
      all.add("docker compose");
    }
    out.add(new Action(Step.Packages, "install " + String.join(", ", all), script.toString()));
  }

  private static void firewall(HostPlan plan, Observation observed, List<DriftIgnoreRule> ignore, List<Action> out, List<String> refusals) {
    FirewallState ufw = observed.firewall();
    if (!ufw.installed()) {
      return; // installed by the Packages step first; apply plans the firewall again afterwards
    }
    List<Action> actions = new ArrayList<>();
    Set<UfwTuple> present = new HashSet<>();
    for (ObservedRule rule : ufw.rules()) {
      if ("allow".equals(rule.action()) && "in".equals(rule.direction())) {
        present.add(UfwTuple.of(rule));
      }
    }
    // Plan order puts the SSH rules first: they exist before anything can block the connection.
    Set<UfwTuple> expected = new LinkedHashSet<>();
    for (PlannedRule rule : plan.firewall().rules()) {
      List<UfwTuple> tuples = UfwTuple.of(rule);
      expected.addAll(tuples);
      if (!present.containsAll(tuples)) {
        actions.add(new Action(Step.Firewall, "allow " + describe(rule),
            "ufw " + rule.ufwArguments() + " comment " + quote(rule.comment()) + " >/dev/null"));
      }
    }
    // Inactive, these are the configured values that enabling applies (see ObservationParser).
    if (!"deny".equals(ufw.incoming())) {
      actions.add(new Action(Step.Firewall, "default deny incoming", "ufw default deny incoming >/dev/null"));
    }
    if (!"allow".equals(ufw.outgoing())) {
      actions.add(new Action(Step.Firewall, "default allow outgoing", "ufw default allow outgoing >/dev/null"));
    }
    String logging = plan.firewall().logging() == FirewallLogging.Off ? "off" : "on (" + plan.firewall().logging().name().toLowerCase(Locale.ROOT) + ")";
    if (!logging.equals(ufw.logging())) {
      actions.add(new Action(Step.Firewall, "logging " + plan.firewall().logging().name().toLowerCase(Locale.ROOT),
          "ufw logging " + plan.firewall().logging().name().toLowerCase(Locale.ROOT) + " >/dev/null"));
    }
    if (!ufw.active()) {
      actions.add(new Action(Step.Firewall, "enable UFW", "ufw --force enable >/dev/null"));
    }
    for (ObservedRule rule : ufw.rules()) {
      boolean ignored = rule.port() != null && ignore.stream().anyMatch(i -> i.port().equals(rule.port()) && (rule.protocol() == null || i.protocol() == rule.protocol()));
      if (expected.contains(UfwTuple.of(rule)) && "allow".equals(rule.action()) && "in".equals(rule.direction()) || ignored) {
        continue;
      }
      if (!deletable(rule)) {
        refusals.add("a UFW rule in /etc/ufw/user.rules is not in a form the operator deletes (" + describe(rule).replaceAll("[^\\x20-\\x7e]", "?")
            + "): left alone; delete it with ufw by hand");
        continue;
      }
      actions.add(new Action(Step.Firewall, "delete " + describe(rule), deletion(rule)));
    }
    if (actions.isEmpty()) {
      return;
    }
    // Never cut the operator's own connection: its address must be among the planned SSH sources.
    String client = observed.clientAddress();
    if (client != null) {
      boolean allowed = plan.firewall().rules().stream().filter(r -> r.reason().equals("ssh")).anyMatch(r -> Networks.contains(r.from(), client));
      if (!allowed) {
        refusals.add("the firewall was left alone: this connection comes from " + client + ", which spec.firewall.sshAllowFrom"
            + " does not allow, so converging UFW would lock the operator out; add " + client + " (or its network) to it");
        return;
      }
    }
    out.addAll(actions);
  }

  private static Set<String> files(DesiredHostState desired, Observation observed, Set<String> heldBack, List<Action> out,
      List<String> refusals) {
    if (!observed.leftovers().isEmpty()) {
      out.add(new Action(Step.Files, "remove " + observed.leftovers().size() + " temporary file(s) of an interrupted write",
          "rm -f -- " + String.join(" ", observed.leftovers().stream().map(ConvergePlanner::quote).toList())));
    }
    for (PlannedDirectory dir : desired.plan().directories()) {
      ObservedFile seen = observed.files().get(dir.path());
      if (seen == null) {
        continue; // not readable this time: reported as an observation problem
      }
      if (seen.exists() && !ObservedFile.DIRECTORY.equals(seen.sha256())) {
        refusals.add(dir.path() + " is not a directory (a symbolic link or another file): left alone, as root never acts through"
            + " it; remove it on the host");
        continue;
      }
      if (!seen.exists()) {
        out.add(new Action(Step.Files, String.format("create directory %s (%04o %d:%d)", dir.path(), dir.mode(), dir.uid(), dir.gid()),
            createDirectory(dir)));
      } else if (seen.mode() != dir.mode() || seen.uid() != dir.uid() || seen.gid() != dir.gid()) {
        out.add(new Action(Step.Files, String.format("set %s to %04o %d:%d", dir.path(), dir.mode(), dir.uid(), dir.gid()), setDirectory(dir)));
      }
    }
    Set<String> written = new LinkedHashSet<>();
    for (PlannedFile file : desired.files()) {
      ObservedFile seen = observed.files().get(file.path());
      if (heldBack.contains(file.path())) {
        continue; // carries a password the running service does not have yet (CredentialRotation)
      }
      if (seen == null || !seen.exists() || !file.sha256().equals(seen.sha256())) {
        written.add(file.path());
        out.add(new Action(Step.Files, String.format("write %s (%04o %d:%d)", file.path(), file.mode(), file.uid(), file.gid()), atomicWrite(file)));
      } else if (seen.mode() != file.mode() || seen.uid() != file.uid() || seen.gid() != file.gid()) {
        out.add(new Action(Step.Files, String.format("set %s to %04o %d:%d", file.path(), file.mode(), file.uid(), file.gid()),
            String.format("chmod %o %s && chown %d:%d %s", file.mode(), quote(file.path()), file.uid(), file.gid(), quote(file.path()))));
      }
    }
    return written;
  }

  /**
   * A directory a service owns may sit in a directory its container can write, which can swap it for
   * a symbolic link at any moment: so nothing here follows one. mkdir fails on anything already there;
   * chown -h changes a link itself, not its target; and the mode is set as the owner, who cannot change
   * what it does not own. Root's own directories sit in root's directories and use install -d.
   */
  static String createDirectory(PlannedDirectory dir) {
    String path = quote(dir.path());
    if (dir.uid() == 0) {
      return String.format("install -d -m %o -o 0 -g %d %s", dir.mode(), dir.gid(), path);
    }
    return String.format("mkdir -m 0700 %s && %s", path, setDirectory(dir));
  }

  static String setDirectory(PlannedDirectory dir) {
    String path = quote(dir.path());
    if (dir.uid() == 0) {
      return String.format("chmod %o %s && chown %d:%d %s", dir.mode(), path, dir.uid(), dir.gid(), path);
    }
    return String.format("chown -h %d:%d %s && setpriv --reuid=%d --regid=%d --clear-groups chmod %o %s",
        dir.uid(), dir.gid(), path, dir.uid(), dir.gid(), dir.mode(), path);
  }

  /**
   * A temporary file in the same directory (created 0600 by mktemp, so a secret is never readable by
   * others), given its content, mode and owner, flushed to disk, then renamed over the old one: the
   * file is either the old or the new one, never partial, even if the connection drops midway.
   */
  static String atomicWrite(PlannedFile file) {
    String content = Base64.getEncoder().encodeToString(file.content().getBytes(StandardCharsets.UTF_8));
    String path = quote(file.path());
    return "t=$(mktemp \"$(dirname " + path + ")/.tracker-operator.XXXXXX\") && printf %s '" + content + "' | base64 -d > \"$t\""
        + String.format(" && chmod %o \"$t\" && chown %d:%d \"$t\"", file.mode(), file.uid(), file.gid())
        + " && sync \"$t\" && mv -f \"$t\" " + path + " && sync \"$(dirname " + path + ")\"";
  }

  private static void services(HostPlan plan, Observation observed, Set<String> written, List<Action> out, List<String> refusals) {
    String compose = observed.facts().composeCommand();
    List<ContainerInfo> ours = observed.containers().stream().filter(c -> FileRenderer.COMPOSE_PROJECT.equals(c.composeProject())).toList();
    boolean composeFilesChanged = written.stream().anyMatch(p -> p.equals(plan.layout().path("docker-compose.yml")) || p.equals(plan.layout().path(".env")));
    List<String> reasons = new ArrayList<>();
    boolean engineRestart = DockerIpv6.engine(plan, observed, out, refusals);
    if (engineRestart) {
      reasons.add("Docker engine restarted");
    }
    List<String> stale = Ipv6Drift.staleNetworks(plan, observed).stream().map(n -> n.name()).toList();
    if (!stale.isEmpty()) {
      reasons.add("networks recreated with IPv6");
    }
    if (composeFilesChanged) {
      reasons.add("compose file changed");
    }
    for (ComposeService service : plan.services()) {
      if (!service.longRunning()) {
        continue;
      }
      List<ContainerInfo> containers = ours.stream().filter(c -> service.name().equals(c.composeService())).toList();
      if (containers.stream().noneMatch(ContainerInfo::running)) {
        reasons.add(service.name() + " not running");
      } else if (containers.stream().anyMatch(c -> !service.image().equals(c.image()))) {
        reasons.add(service.name() + " runs another image");
      }
    }
    for (ContainerInfo c : ours) {
      if (plan.services().stream().noneMatch(s -> s.name().equals(c.composeService()))) {
        reasons.add("orphan " + c.name());
      }
    }
    Set<String> restart = new LinkedHashSet<>();
    for (String path : written) {
      for (ComposeService service : plan.services()) {
        if (service.longRunning() && readsFile(service.name(), path, plan)
            && ours.stream().anyMatch(c -> service.name().equals(c.composeService()) && c.running())) {
          restart.add(service.name());
        }
      }
    }
    // Other limits than planned with the same compose file (docker update, a hand edit since undone):
    // compose sees no change, so those services are recreated by name.
    List<String> relimit = com.torrust.operator.drift.ResourceDrift.differing(plan, observed).stream()
        .map(com.torrust.operator.drift.ResourceDrift.Differing::service).distinct().toList();
    // spec.images.pinDigests: a tag moved onto another image is put back on the recorded one.
    List<com.torrust.operator.drift.ImageDrift.Changed> repin =
        plan.images().pinDigests() ? com.torrust.operator.drift.ImageDrift.changed(plan, observed) : List.of();
    if (reasons.isEmpty() && restart.isEmpty() && relimit.isEmpty() && repin.isEmpty()) {
      return;
    }
    if (compose == null) {
      return; // installed by the Packages step first; apply plans the services again afterwards
    }
    String root = quote(plan.layout().root());
    if (!stale.isEmpty()) {
      // Compose does not change a network in place (v1 stops with "needs to be recreated"): the project
      // goes down and comes up again on the new networks; the data lives in bind mounts and stays.
      out.add(new Action(Step.Services, "take the project down to recreate " + String.join(", ", stale) + " with IPv6",
          "cd " + root + " && " + compose + " down --remove-orphans"));
    }
    if (!reasons.isEmpty()) {
      out.add(new Action(Step.Services, "compose up (" + String.join(", ", reasons) + ")",
          "cd " + root + " && " + compose + " up -d --remove-orphans"));
    }
    if (!relimit.isEmpty() && !composeFilesChanged && stale.isEmpty()) {
      out.add(new Action(Step.Services, "recreate " + String.join(", ", relimit) + " with the planned resource limits",
          "cd " + root + " && " + compose + " up -d --no-deps --force-recreate " + String.join(" ", relimit)));
    }
    if (!repin.isEmpty()) {
      StringBuilder script = new StringBuilder();
      for (var c : repin) {
        String id = c.recorded().imageId();
        String fetch = c.recorded().repoDigest() != null ? "docker pull -q " + quote(c.recorded().repoDigest()) + " >/dev/null"
            : "{ echo 'image " + id + " is no longer on the host and came from no registry' >&2; false; }";
        script.append("{ docker image inspect ").append(id).append(" >/dev/null 2>&1 || ").append(fetch).append("; } && docker tag ").append(id)
            .append(' ').append(quote(c.running().reference())).append(" && ");
      }
      String services = String.join(" ", repin.stream().map(c -> c.running().service()).toList());
      out.add(new Action(Step.Services, "put " + services + " back on the image recorded at deploy time (spec.images.pinDigests)",
          script + "cd " + root + " && " + compose + " up -d --no-deps --force-recreate " + services));
    }
    if (!restart.isEmpty()) {
      out.add(new Action(Step.Services, "restart " + String.join(", ", restart) + " (their files changed)",
          "cd " + root + " && " + compose + " restart " + String.join(" ", restart)));
    }
  }

  /**
   * Which service must restart to read a changed file: each reads its own storage folder. Its secret
   * files (MySQL's and Grafana's passwords) are read only when its database is created, so a restart
   * would change nothing: a new value is set in the running service instead (CredentialRotation).
   */
  static boolean readsFile(String service, String path, HostPlan plan) {
    String relative = path.startsWith(plan.layout().root() + "/") ? path.substring(plan.layout().root().length() + 1) : path;
    return relative.startsWith("storage/" + service + "/");
  }

  private static String describe(PlannedRule rule) {
    return rule.protocol() + " " + rule.port() + " from " + rule.from() + (PlannedRule.ANYWHERE.equals(rule.to()) ? "" : " to " + rule.to());
  }

  private static String describe(ObservedRule rule) {
    return rule.action() + " " + (rule.protocol() == null ? "any" : rule.protocol().name()) + " " + (rule.port() == null ? "any port" : rule.port())
        + " from " + rule.from() + " to " + rule.to();
  }

  /**
   * Words read from the host's rules file reach a root shell: only the forms UFW itself writes are
   * deleted (its actions and directions, addresses of hex digits, dots, colons and a prefix length).
   */
  static boolean deletable(ObservedRule rule) {
    return java.util.Set.of("allow", "deny", "reject", "limit").contains(rule.action())
        && java.util.Set.of("in", "out").contains(rule.direction())
        && rule.from().matches("[0-9A-Fa-f.:]+(/\\d{1,3})?") && rule.to().matches("[0-9A-Fa-f.:]+(/\\d{1,3})?");
  }

  /** ufw delete with the stored tuple's exact addresses removes that one rule, IPv4 or IPv6. */
  static String deletion(ObservedRule rule) {
    StringBuilder command = new StringBuilder("ufw delete ").append(rule.action());
    if ("out".equals(rule.direction())) {
      command.append(" out");
    }
    if (rule.protocol() != null) {
      command.append(" proto ").append(rule.protocol().name().toLowerCase(Locale.ROOT));
    }
    command.append(" from ").append(quote(rule.from())).append(" to ").append(quote(rule.to()));
    if (rule.port() != null) {
      command.append(" port ").append(rule.port());
    }
    return command.append(" >/dev/null").toString();
  }

  private static String quote(String value) {
    return ShellWords.quote(value);
  }
}
