package dev.baton.drill.droplet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedAppTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final SimulatedApp app = SimulatedApp.start("nyc1-1");

  @AfterEach
  void close() {
    app.close();
  }

  private HttpResponse<String> get(Duration timeout) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(app.healthUrl()).timeout(timeout).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersHealthyWithItsInstance() throws Exception {
    HttpResponse<String> r = get(Duration.ofSeconds(2));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("ok nyc1-1\n");
  }

  @Test
  void stoppedAppRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
    var url = app.healthUrl();
    app.stop();
    assertThat(app.running()).isFalse();
    assertThatThrownBy(() -> get(Duration.ofSeconds(2))).isInstanceOf(ConnectException.class);
    app.start();
    assertThat(app.healthUrl()).isEqualTo(url);
    assertThat(get(Duration.ofSeconds(2)).statusCode()).isEqualTo(200);
  }

  @Test
  void slowAppAnswersAfterTheDelaySoAShortProbeTimesOut() throws Exception {
    app.slow(Duration.ofMillis(800));
    assertThatThrownBy(() -> get(Duration.ofMillis(200))).isInstanceOf(HttpTimeoutException.class);
    app.start();
    assertThat(get(Duration.ofMillis(500)).statusCode()).isEqualTo(200);
  }
}
