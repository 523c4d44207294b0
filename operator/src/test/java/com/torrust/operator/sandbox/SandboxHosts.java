package com.torrust.operator.sandbox;

import com.torrust.operator.ProjectFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension: each {@link SandboxHost} parameter is a fresh real host, brought up by
 * scripts/sandbox-host.sh before the test and removed after it. Skipped, with the reason, when not
 * root (hosts are network namespaces); as root, a missing tool fails the test instead of skipping it,
 * so CI (root, scripts/test.sh installs the tools) can never pass by skipping.
 */
public final class SandboxHosts implements ParameterResolver {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String NAMESPACE_KEY = "sandbox-hosts";

  static Path script() {
    return ProjectFiles.root().resolve("scripts/sandbox-host.sh");
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SandboxHost.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "sandbox hosts need root (network and mount namespaces); scripts/test.sh runs them as root in CI");
    String name = "t" + ProcessHandle.current().pid() % 10000 + "x" + COUNTER.incrementAndGet();
    ProcessBuilder builder = new ProcessBuilder("bash", script().toString(), "up", name);
    if (parameter.isAnnotated(DockerIpv6NatOff.class)) {
      builder.environment().put("SANDBOX_DOCKER_IPV6_NAT", "off");
    }
    SandboxHost.Result up = SandboxHost.run(builder, 180);
    if (up.exitCode() != 0) {
      SandboxHost.run(List.of("bash", script().toString(), "down", name), 60);
      throw new AssertionError("sandbox host " + name + " did not come up: " + up.err());
    }
    Map<String, String> values = new HashMap<>();
    up.out().lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    SandboxHost host =
        new SandboxHost(
            values.get("NAME"),
            values.get("ADDRESS"),
            Integer.parseInt(values.get("SSH_PORT")),
            values.get("SSH_USER"),
            Path.of(values.get("SSH_KEY")),
            values.get("HOST_KEY"),
            values.get("HOST_KEY_FINGERPRINT"),
            Path.of(values.get("STATE_DIR")),
            values.get("IMAGE"),
            values.get("SUDO_USER"));
    context.getStore(ExtensionContext.Namespace.create(NAMESPACE_KEY)).put(name, new Lease(name));
    return host;
  }

  /** Removes the host when JUnit closes the test's store, whether the test passed or not. */
  private record Lease(String name) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      SandboxHost.Result down = SandboxHost.run(List.of("bash", script().toString(), "down", name), 120);
      if (down.exitCode() != 0) {
        throw new AssertionError("sandbox host " + name + " was not removed cleanly: " + down.err());
      }
    }
  }
}
