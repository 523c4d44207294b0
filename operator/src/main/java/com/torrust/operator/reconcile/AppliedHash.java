package com.torrust.operator.reconcile;

import com.torrust.operator.render.DesiredHostState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash of a desired host state as status shows it (status.lastAppliedHash). The state covers files
 * that hold secrets, so the plain hash could be used to test guesses of a weak password offline; keyed
 * with a random value kept in the generated Secret, it tells "changed or not" and nothing else.
 */
public final class AppliedHash {

  private AppliedHash() {}

  public static String of(DesiredHostState desired, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(desired.hash().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }
}
