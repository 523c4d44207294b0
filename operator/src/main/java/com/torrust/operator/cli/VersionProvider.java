package com.torrust.operator.cli;

import com.torrust.operator.api.TrackerDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version Maven stamped into the build, with the API version this build serves. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {
      "tracker-operator " + properties.getProperty("version", "unknown"),
      "API " + TrackerDeployment.GROUP + "/" + TrackerDeployment.VERSION,
      "Java " + System.getProperty("java.version")
    };
  }
}
