package com.torrust.operator.sandbox;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The sandbox host's Docker engine starts without IPv6 NAT, as Debian's docker.io installs it (no
 * daemon.json settings): the operator has to turn it on and restart the engine itself.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface DockerIpv6NatOff {}
