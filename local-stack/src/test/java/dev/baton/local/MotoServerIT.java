package dev.baton.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoServerIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void startsOnALoopbackPortResetsAndStopsTheProcess() throws Exception {
    MotoServer moto = MotoServer.start();
    try {
      assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
      // A topic exists until reset; then moto has forgotten it.
      post(moto.endpoint(), "Action=CreateTopic&Name=alarms");
      assertThat(post(moto.endpoint(), "Action=ListTopics")).contains(":alarms");

      moto.reset();

      assertThat(post(moto.endpoint(), "Action=ListTopics")).doesNotContain(":alarms");
    } finally {
      moto.stop();
    }
    assertThat(moto.isRunning()).isFalse();
    assertThatThrownBy(() -> post(moto.endpoint(), "Action=ListTopics"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void aMotoThatExitsAtOnceIsReportedWithItsOutput(@TempDir Path dir) throws IOException {
    Path broken = dir.resolve("moto_server");
    Files.writeString(
        broken, "#!/bin/sh\necho 'ModuleNotFoundError: No module named flask'\nexit 3\n");
    Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThatThrownBy(() -> MotoServer.start(broken))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited with code 3")
        .hasMessageContaining("No module named flask");
  }

  private String post(URI endpoint, String form) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            // SNS query API; moto routes by the signed service name in the Authorization header.
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sns/aws4_request,"
                    + " SignedHeaders=host, Signature=0")
            .POST(HttpRequest.BodyPublishers.ofString(form + "&Version=2010-03-31"))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }
}
