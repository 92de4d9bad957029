package dev.baton.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.local.MotoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what was published to moto's SNS topics through moto's own API ({@code
 * /moto-api/data.json}), so tests can check notifications without subscribing a queue.
 */
public final class MotoSns {
  private MotoSns() {}

  /** One published message: subject, text and attributes (name -> "Type:Value"). */
  public record Published(
      String topicArn, String subject, String message, Map<String, String> attributes) {}

  public static List<Published> published(MotoServer moto) {
    JsonNode data;
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(moto.endpoint() + "/moto-api/data.json"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      data = JsonMapper.builder().build().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("moto-api unreadable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    List<Published> published = new ArrayList<>();
    for (JsonNode topic : data.path("sns").path("Topic")) {
      for (JsonNode sent : topic.path("sent_notifications")) {
        Map<String, String> attributes = new LinkedHashMap<>();
        sent.path(3)
            .fields()
            .forEachRemaining(
                e ->
                    attributes.put(
                        e.getKey(),
                        e.getValue().path("Type").asText()
                            + ":"
                            + e.getValue().path("Value").asText()));
        published.add(
            new Published(
                topic.path("arn").asText(),
                sent.path(2).asText(null),
                sent.path(1).asText(),
                attributes));
      }
    }
    return published;
  }
}
