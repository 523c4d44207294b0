package com.torrust.operator.bench;

import com.torrust.operator.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What other tenants' Secrets cost the operator: one TrackerDeployment (whose host never answers) in a
 * cluster with N unrelated Secrets of 8 KiB each (the size of a small Helm release Secret), in 20
 * namespaces. Prints, per N, the Secret objects the operator's process holds (a class histogram after a
 * full GC: the informer's cache; the embedded API keeps its objects as JSON text, not as Secret objects)
 * and the heap in use after that GC (the embedded API's store included). N = 0 is the baseline of the
 * same run. Run by scripts/bench.sh --only secrets.
 */
public final class SecretCacheBenchmark {

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = args.length > 0 ? List.of(args[0].split(",")).stream().map(Integer::parseInt).toList() : List.of(0, 2000);
    Path jar = ProjectFiles.root().resolve("operator/target/tracker-operator.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first: mvn -DskipTests package");
    }
    System.out.println("Secret cache benchmark " + java.time.LocalDateTime.now().withNano(0) + " on " + ComparisonBenchmark.machine());
    System.out.println("one TrackerDeployment, N unrelated Secrets of 8 KiB in 20 namespaces; operator JVM -Xmx384m");
    for (int n : sizes) {
      Path manifests = manifests(n);
      try (ScaleBenchmark.Operator operator = ScaleBenchmark.Operator.start(jar, manifests)) {
        Thread.sleep(15_000); // informers synced, the resource reconciled (HostUnreachable) and backing off
        long[] secrets = secretObjects(operator.pid());
        double heap = heapAfterGcMiB(operator.pid());
        System.out.println(String.format(Locale.ROOT, "  N=%-6d Secret objects held: %d (%d KiB); heap after full GC: %.1f MiB; resident: %.0f MiB",
            n, secrets[0], secrets[1] / 1024, heap, operator.rssMiB()));
      }
    }
  }

  private static Path manifests(int unrelated) throws Exception {
    Path dir = Files.createTempDirectory("secret-cache");
    Path key = dir.resolve("id_ed25519");
    if (new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start().waitFor() != 0) {
      throw new IllegalStateException("ssh-keygen failed");
    }
    StringBuilder all = new StringBuilder("apiVersion: v1\nkind: Secret\nmetadata: {name: tracker-ssh, namespace: trackers,"
        + " labels: {tracker.torrust.com/usable: \"true\"}}\nstringData:\n  ssh-privatekey: |\n");
    Files.readAllLines(key).forEach(l -> all.append("    ").append(l).append('\n'));
    String deployment = Files.readString(ProjectFiles.root().resolve("examples/minimal.yaml"));
    deployment = deployment.substring(deployment.indexOf("apiVersion: tracker.torrust.com"))
        .replace("metadata:\n", "metadata:\n  namespace: trackers\n")
        .replace("address: 203.0.113.10", "address: 127.0.0.1\n    sshPort: 1");
    all.append("---\n").append(deployment);
    String payload = "x".repeat(8 * 1024);
    List<String> chunks = new ArrayList<>();
    for (int i = 0; i < unrelated; i++) {
      chunks.add("---\napiVersion: v1\nkind: Secret\nmetadata: {name: sh.helm.release.v1.app" + i + ".v1, namespace: tenant-" + (i % 20)
          + ", labels: {owner: helm}}\nstringData: {release: " + payload + "}\n");
    }
    all.append(String.join("", chunks));
    Files.writeString(dir.resolve("all.yaml"), all);
    return dir;
  }

  /** Instances and bytes of io.fabric8's Secret class in the process, after a full GC (the histogram forces one). */
  private static long[] secretObjects(long pid) throws Exception {
    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
        "GC.class_histogram").start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    for (String line : out.lines().toList()) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[3].equals("io.fabric8.kubernetes.api.model.Secret")) {
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])};
      }
    }
    return new long[] {0, 0};
  }

  private static double heapAfterGcMiB(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").start().waitFor();
    Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").start();
    String out = new String(info.getInputStream().readAllBytes());
    info.waitFor();
    // "garbage-first heap   total 49152K, used 23001K [..." (G1) or "... used 23001K ..." for other collectors
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
    return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : -1;
  }
}
