package com.torrust.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmbeddedApiTest {

  @ParameterizedTest
  @CsvSource({
      "/api/v1/namespaces/a/secrets/b, secrets",
      "/api/v1/namespaces/a/secrets?labelSelector=x, secrets",
      "/api/v1/namespaces, namespaces",
      "/api/v1/namespaces/a, namespaces",
      "/api/v1/namespaces/a/events, events",
      "/apis/tracker.torrust.com/v1alpha1/namespaces/a/trackerdeployments/b/status, trackerdeployments/status",
      "/apis/tracker.torrust.com/v1alpha1/trackerdeployments?watch=true&resourceVersion=1, trackerdeployments",
      "/apis/coordination.k8s.io/v1/namespaces/a/leases/lock, leases",
  })
  void namesTheResourceOfARequest(String path, String resource) {
    assertThat(EmbeddedApi.resource(path)).isEqualTo(resource);
  }

  @Test
  void tellsOfEveryAnsweredRequestAndKeepsNone() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (EmbeddedApi api = EmbeddedApi.start(0)) {
      api.onRequest((method, resource) -> seen.add(method + " " + resource));
      api.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("s").endMetadata().build()).create();
      api.client().secrets().inNamespace("default").withName("s").get();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!(seen.contains("POST secrets") && seen.contains("GET secrets")) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(seen).contains("POST secrets", "GET secrets");
      assertThat(api.requestCount()).isGreaterThanOrEqualTo(4); // CRD, namespace, and the two above
    }
  }
}
