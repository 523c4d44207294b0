package com.torrust.operator.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key and self-signed certificate for 127.0.0.1, made at start by the JDK's own keytool (the JDK has no
 * API for it, and no library is worth adding for a demo's certificate): kubectl sends its token only
 * over TLS, and trusts exactly this certificate through the kubeconfig.
 */
record ServingCertificate(SSLContext context, String pem) {

  static ServingCertificate make() throws IOException {
    Path dir = Files.createTempDirectory("tracker-operator-tls", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path store = dir.resolve("embedded.p12");
    byte[] random = new byte[18];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    try {
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "embedded", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", "CN=tracker-operator embedded API", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "30",
          "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass:env", "STOREPASS", "-keypass:env", "STOREPASS")
          .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile());
      builder.environment().put("STOREPASS", password); // not on the command line, where ps shows it
      Process process = builder.start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool could not make the embedded API's certificate: " + Files.readString(dir.resolve("keytool.log")).strip());
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, password.toCharArray());
      }
      KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(keys, password.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, new SecureRandom());
      Certificate certificate = keys.getCertificate("embedded");
      String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      return new ServingCertificate(context, pem);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the embedded API's certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IOException("the embedded API's certificate cannot be used: " + e.getMessage(), e);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }
}
