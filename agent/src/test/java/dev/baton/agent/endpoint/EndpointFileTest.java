package dev.baton.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointFileTest {

  @Test
  void theHelpersReadTheBaseUrlOfTheBoundPort(@TempDir Path dir) throws Exception {
    Path file = EndpointFile.write(dir, "127.0.0.1", 7601);

    assertThat(file).isEqualTo(dir.resolve("endpoint"));
    assertThat(Files.readString(file)).isEqualTo("http://127.0.0.1:7601\n");
    assertThat(dir.resolve("endpoint.tmp")).doesNotExist();
  }

  @Test
  void aRestartReplacesTheFileAndIpv6LoopbackIsBracketed(@TempDir Path dir) throws Exception {
    EndpointFile.write(dir, "127.0.0.1", 7601);
    EndpointFile.write(dir, "::1", 7602);

    assertThat(Files.readString(dir.resolve("endpoint"))).isEqualTo("http://[::1]:7602\n");
  }
}
