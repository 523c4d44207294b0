package com.torrust.operator.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A pristine host instead of a sandbox host (scripts/pristine.sh): a fresh Debian 12 root filesystem
 * booted with systemd as PID 1, with nothing of the deployment installed; packages come from the local
 * repository and images through the registry mirror only. With {@code boot = false} it is created but
 * not booted, as a new cloud server: the test boots it with {@link SandboxHost#boot}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Pristine {
  boolean boot() default true;
}
