package com.torrust.operator.api;

/** What happens on the host when the TrackerDeployment is deleted. */
public enum DeletionPolicy {
  /** Leave the host exactly as it is. */
  Retain,
  /** Stop and remove the deployment's containers; files, data and firewall stay. */
  StopServices,
  /** Stop the services, then delete the server the operator created (provider Hetzner only). */
  DestroyVm
}
