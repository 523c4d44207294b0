package com.torrust.operator.sandbox;

import com.torrust.operator.plan.ComposeService;
import com.torrust.operator.plan.PlannedDirectory;
import com.torrust.operator.plan.PlannedRule;
import com.torrust.operator.render.DesiredHostState;
import com.torrust.operator.render.PlannedFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Puts a desired host state on a sandbox host the way a person would by hand (until the convergence
 * stage exists): directories, files with modes and owners, UFW as planned, docker-compose up.
 * Images are local stand-ins named as the plan names them.
 */
public final class HandDeployment {

  private HandDeployment() {}

  public static void deploy(SandboxHost host, DesiredHostState state) {
    host.images(state.plan().services().stream().map(ComposeService::image).distinct().toArray(String[]::new));
    StringBuilder script = new StringBuilder("set -e\n");
    for (PlannedDirectory dir : state.plan().directories()) {
      script.append(String.format("install -d -m %o -o %d -g %d '%s'%n", dir.mode(), dir.uid(), dir.gid(), dir.path()));
    }
    for (PlannedFile file : state.files()) {
      String content = Base64.getEncoder().encodeToString(file.content().getBytes(StandardCharsets.UTF_8));
      script.append(String.format("mkdir -p \"$(dirname '%s')\" && printf %%s '%s' | base64 -d > '%s' && chmod %o '%s' && chown %d:%d '%s'%n",
          file.path(), content, file.path(), file.mode(), file.path(), file.uid(), file.gid(), file.path()));
    }
    script.append("ufw --force reset >/dev/null\n");
    script.append("ufw default deny incoming >/dev/null && ufw default allow outgoing >/dev/null\n");
    for (PlannedRule rule : state.plan().firewall().rules()) {
      script.append("ufw ").append(rule.ufwArguments()).append(" comment '").append(rule.comment()).append("' >/dev/null\n");
    }
    script.append("ufw --force enable >/dev/null\n");
    script.append("cd '").append(state.plan().layout().root()).append("' && docker-compose up -d 2>&1\n");
    host.shell(script.toString());
  }
}
