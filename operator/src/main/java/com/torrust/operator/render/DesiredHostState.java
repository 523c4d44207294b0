package com.torrust.operator.render;

import com.torrust.operator.plan.HostPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** Everything the host must be: the plan and the files rendered for it. */
public record DesiredHostState(HostPlan plan, List<PlannedFile> files) {

  public DesiredHostState {
    files = files.stream().sorted(Comparator.comparing(PlannedFile::path)).toList();
  }

  /**
   * One hash for the whole desired state (files with their owners and modes, directories, firewall):
   * equal hashes mean nothing needs to be applied. It covers secret files by their content hash, so it
   * is only ever stored keyed (status.lastAppliedHash is an HMAC, see AppliedHash), never shown bare.
   */
  public String hash() {
    return hash(true);
  }

  /**
   * The hash for reports (plan.txt, plan.json): as {@link #hash()}, but without the content of files
   * that hold a secret, since an unkeyed hash over them would let anyone test password guesses against
   * it (everything else in the state follows from the spec). A change of a secret alone leaves it equal.
   */
  public String publicHash() {
    return hash(false);
  }

  private String hash(boolean secretContent) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (PlannedFile file : files) {
        String content = file.holdsSecret() && !secretContent ? "(holds a secret)" : file.sha256();
        digest.update((file.path() + " " + file.mode() + " " + file.uid() + ":" + file.gid() + " " + content + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      plan.directories().forEach(d -> digest.update(d.toString().getBytes(StandardCharsets.UTF_8)));
      digest.update(plan.firewall().toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
