package com.torrust.operator.drift;

import com.torrust.operator.observe.ObservedFile;
import com.torrust.operator.plan.PlannedDirectory;
import com.torrust.operator.render.PlannedFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The planned files against what is on the host. */
final class FileDrift {

  private FileDrift() {}

  static List<Finding> findings(List<PlannedFile> planned, Map<String, ObservedFile> observed) {
    List<Finding> out = new ArrayList<>();
    for (PlannedFile file : planned) {
      ObservedFile seen = observed.get(file.path());
      if (seen == null) {
        continue; // not readable this time: reported as an observation problem
      }
      if (!seen.exists()) {
        out.add(new Finding(DriftKind.FileChanged, Severity.Warning, null, null, null, file.path(), file.path() + " is missing."));
        continue;
      }
      if (!file.sha256().equals(seen.sha256())) {
        out.add(new Finding(DriftKind.FileChanged, Severity.Warning, null, null, null, file.path(),
            file.path() + " differs from the plan (edited on the host?)."));
      }
      if (seen.mode() != file.mode() || seen.uid() != file.uid() || seen.gid() != file.gid()) {
        boolean exposedSecret = file.holdsSecret() && (seen.mode() & 0077) != 0;
        out.add(new Finding(DriftKind.FilePermissions, exposedSecret ? Severity.Critical : Severity.Warning, null, null, null, file.path(),
            String.format("%s is %04o %d:%d, planned %04o %d:%d%s", file.path(), seen.mode(), seen.uid(), seen.gid(), file.mode(),
                file.uid(), file.gid(), exposedSecret ? "; it holds a secret that other users can now read." : ".")));
      }
    }
    return out;
  }

  /**
   * A symbolic link or a file where the plan has a directory: in a directory a container can write,
   * that is how a compromised container would make root act on a path of its choosing. The operator
   * never acts through it (see ConvergePlanner): it is reported for a person to remove.
   */
  static List<Finding> directoryFindings(List<PlannedDirectory> planned, Map<String, ObservedFile> observed) {
    List<Finding> out = new ArrayList<>();
    for (PlannedDirectory dir : planned) {
      ObservedFile seen = observed.get(dir.path());
      if (seen != null && seen.exists() && !ObservedFile.DIRECTORY.equals(seen.sha256())) {
        out.add(new Finding(DriftKind.FileChanged, Severity.Critical, null, null, null, dir.path(),
            dir.path() + " is not a directory (a symbolic link or another file): the operator does not act through it; remove it."));
      }
    }
    return out;
  }
}
