package com.torrust.operator.sandbox;

import com.torrust.operator.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
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
    Pristine pristine = parameter.findAnnotation(Pristine.class).orElse(null);
    List<String> command = pristine == null ? List.of("bash", script().toString(), "up", name)
        : List.of("bash", script().toString(), pristine.boot() ? "up" : "create", "--pristine", name);
    ProcessBuilder builder = new ProcessBuilder(command);
    if (parameter.isAnnotated(DockerIpv6NatOff.class)) {
      builder.environment().put("SANDBOX_DOCKER_IPV6_NAT", "off");
    }
    // A machine's first pristine host builds the cached root filesystem and images (about 5 minutes).
    SandboxHost.Result up = SandboxHost.run(builder, pristine == null ? 180 : 900);
    if (up.exitCode() != 0) {
      SandboxHost.run(List.of("bash", script().toString(), "down", name), 60);
      throw new AssertionError("sandbox host " + name + " did not come up: " + up.err());
    }
    SandboxHost host = SandboxHost.parse(up.out());
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
