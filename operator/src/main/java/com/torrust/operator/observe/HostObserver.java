package com.torrust.operator.observe;

import com.torrust.operator.host.CommandResult;
import com.torrust.operator.host.HostAccessException;
import com.torrust.operator.host.SshConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at a host: one remote command over the kept connection, parsed into an {@link Observation};
 * a second, short one only when a listening socket's owner has to be named ({@link ListenerOwners}).
 */
public final class HostObserver {

  private HostObserver() {}

  public static Observation observe(SshConnection connection, List<String> plannedFiles) throws HostAccessException {
    String nonce = ObservationScript.nonce();
    CommandResult result = connection.run(ObservationScript.build(nonce, plannedFiles));
    Observation observed = ObservationParser.parse(result.stdout(), nonce, plannedFiles);
    if (ListenerOwners.unnamed(observed).isEmpty()) {
      return observed.withSockets(ListenerOwners.withSshd(observed.sockets(), observed.sshd()), List.of());
    }
    CommandResult named = connection.run(ObservationScript.NAMED_SOCKETS);
    if (named.exitCode() != 0) {
      return observed.withSockets(ListenerOwners.withSshd(observed.sockets(), observed.sshd()),
          List.of("could not name the owners of listening sockets: ss -p exited with " + named.exitCode()));
    }
    List<String> problems = new ArrayList<>();
    return observed.withSockets(ObservationParser.sockets(named.stdout(), problems), problems);
  }
}
