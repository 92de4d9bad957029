package dev.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** How a command prints its answer. */
public enum OutputFormat {
  /** Aligned tables for people. */
  table,
  /** One JSON document for scripts. */
  json;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prints the answer in this format: {@code tree} as indented JSON, or the {@code text}. */
  void print(PrintWriter out, Supplier<Object> tree, Supplier<String> text)
      throws JsonProcessingException {
    if (this == json) {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree.get()));
    } else {
      out.print(text.get());
    }
    out.flush();
  }
}
