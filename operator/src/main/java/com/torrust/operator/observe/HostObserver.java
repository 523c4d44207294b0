package com.torrust.operator.observe;

import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.SshConnection;
import java.util.List;

/** Looks at a host: one remote command over the kept connection, parsed into an {@link Observation}. */
public final class HostObserver {

  private HostObserver() {}

  public static Observation observe(SshConnection connection, List<String> plannedFiles) throws HostAccessException {
    String nonce = ObservationScript.nonce();
    CommandResult result = connection.run(ObservationScript.build(nonce, plannedFiles));
    return ObservationParser.parse(result.stdout(), nonce, plannedFiles);
  }
}
