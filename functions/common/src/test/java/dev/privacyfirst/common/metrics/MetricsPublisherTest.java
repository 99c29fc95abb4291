package dev.privacyfirst.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

class MetricsPublisherTest {
  @Test
  void outsideLambdaMetricsArePrintedAsEmbeddedMetricFormatInsteadOfProbingTheNetwork()
      throws Exception {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      MetricsPublisher.publish(
          "MetricsPublisherTest", m -> m.addMetric("ThingsCounted", 3, MetricUnit.COUNT));
    } finally {
      System.setOut(original);
    }
    assertThat(MetricsPublisher.destination()).isEqualTo(Environments.Local);
    JsonNode line =
        console
            .toString(StandardCharsets.UTF_8)
            .lines()
            .filter(l -> l.contains("\"_aws\""))
            .map(MetricsPublisherTest::json)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no EMF line in: " + console));
    assertThat(line.path("ThingsCounted").asInt()).isEqualTo(3);
    assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
        .isEqualTo("MetricsPublisherTest");
  }

  @Test
  void primingSerialisesAMetricsLineButRecordsNone() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      MetricsPublisher.prime();
    } finally {
      System.setOut(original);
    }
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("_aws");
  }

  private static JsonNode json(String line) {
    try {
      return new ObjectMapper().readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }
}
