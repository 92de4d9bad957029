package dev.baton.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MotoCommandTest {
  @TempDir Path dir;

  @Test
  void runsMotoThroughTheScriptsInterpreterWithTheSerializingLauncher() throws IOException {
    Path script =
        write("#!/opt/venv/bin/python3\nimport sys\nfrom moto.server import main\nmain()\n");

    assertThat(MotoCommand.of(script, 5123))
        .containsExactly(
            "/opt/venv/bin/python3",
            "-c",
            MotoCommand.SERIALIZED_LAUNCHER,
            "-H",
            "127.0.0.1",
            "-p",
            "5123");
  }

  @Test
  void readsTheInterpreterOfPipsLongPathTrampoline() throws IOException {
    Path script =
        write("#!/bin/sh\n'''exec' \"/very/long/venv/bin/python\" \"$0\" \"$@\"\n' '''\n");

    assertThat(MotoCommand.interpreter(script)).contains("/very/long/venv/bin/python");
  }

  @Test
  void readsAnEnvShebang() throws IOException {
    assertThat(MotoCommand.interpreter(write("#!/usr/bin/env python3\n"))).contains("python3");
  }

  @Test
  void runsAnythingElseAsItIs() throws IOException {
    Path script = write("#!/bin/sh\necho moto\n");

    assertThat(MotoCommand.of(script, 5123))
        .containsExactly(script.toString(), "-H", "127.0.0.1", "-p", "5123");
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("moto_server"), text);
  }
}
