package com.torrust.operator.observe;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The images side of one look: which image each container runs, the registry digests of those images,
 * the record made at deploy time, and the scans.
 *
 * @param imageByContainer container name to image ID
 * @param repoDigests image ID to its repository digests (repository@sha256:...), empty for a local image
 * @param record the deploy-time record, {@link ImageRecord#EMPTY} when there is none, null when it could not be read (never overwritten then)
 * @param scans the last scan summary per service
 * @param databaseUpdatedAt when Trivy's cached database was built, or null
 */
public record ImageState(Map<String, String> imageByContainer, Map<String, List<String>> repoDigests, ImageRecord record,
    Map<String, ScanSummary> scans, Instant databaseUpdatedAt) {

  public ImageState {
    imageByContainer = Map.copyOf(imageByContainer);
    repoDigests = Map.copyOf(repoDigests);
    scans = Map.copyOf(scans);
  }

  /** The registry digest of an image for the repository of {@code reference}, or null. */
  public String repoDigest(String imageId, String reference) {
    String repository = repository(reference);
    return repoDigests.getOrDefault(imageId, List.of()).stream().filter(d -> d.startsWith(repository + "@")).findFirst().orElse(null);
  }

  /** The repository part of a reference: without its tag and digest (a registry's port stays). */
  public static String repository(String reference) {
    String r = reference;
    int at = r.indexOf('@');
    if (at >= 0) {
      r = r.substring(0, at);
    }
    int colon = r.lastIndexOf(':');
    if (colon > r.lastIndexOf('/')) {
      r = r.substring(0, colon);
    }
    // Docker records images of Docker Hub's library without a registry: "mysql" is "mysql", as in RepoDigests.
    return r;
  }
}
