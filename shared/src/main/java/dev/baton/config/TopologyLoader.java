package dev.baton.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.baton.domain.ConfigProblem;
import dev.baton.domain.InvalidConfigException;
import dev.baton.domain.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the topology document (docs/architecture.md) from YAML or JSON. Every problem in every
 * section is collected into one {@link InvalidConfigException}, each naming its field ({@code
 * regions[1].name}, {@code timings.staleAfter}) and the rule it breaks; nothing is silently
 * ignored, unknown fields included. The document's format is in {@code examples/topology.yaml}.
 *
 * <p>The functions read it from the environment: {@code BATON_TOPOLOGY} holds the document itself
 * (resolved from SSM at deploy time), or locally {@code BATON_TOPOLOGY_FILE} names a file.
 */
public final class TopologyLoader {
  /** The variable holding the document (JSON, or YAML). */
  public static final String TOPOLOGY_VARIABLE = "BATON_TOPOLOGY";

  /** The variable naming a file that holds the document (local runs). */
  public static final String TOPOLOGY_FILE_VARIABLE = "BATON_TOPOLOGY_FILE";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  /**
   * Built on first use: the functions read JSON, and a cold start need not load the YAML parser.
   */
  private static final class Yaml {
    static final ObjectMapper MAPPER =
        YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
  }

  private TopologyLoader() {}

  /**
   * Parses a topology document, YAML or JSON.
   *
   * @param source what the document is, for the error message (a file name, a variable name)
   * @throws InvalidConfigException listing every problem
   */
  public static Topology parse(String document, String source) {
    JsonNode root;
    try {
      // JSON is YAML too, but the JSON parser gives sharper messages for JSON documents.
      root =
          document.stripLeading().startsWith("{")
              ? JSON.readTree(document)
              : Yaml.MAPPER.readTree(document);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(
          "topology in " + source,
          List.of(
              new ConfigProblem(
                  "(document)",
                  "is not valid YAML or JSON: " + e.getOriginalMessage() + location(e))));
    }
    TopologyDocument reader = new TopologyDocument();
    Topology topology = reader.read(root);
    InvalidConfigException.throwIfAny("topology in " + source, reader.problems());
    return topology;
  }

  /** Reads and parses a topology file. */
  public static Topology load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the topology file " + file + ": " + e, e);
    }
    return parse(text, file.toString());
  }

  /**
   * The topology named by the environment: the document in {@code BATON_TOPOLOGY}, or the file
   * named by {@code BATON_TOPOLOGY_FILE}.
   *
   * @throws IllegalStateException when neither or both are set
   * @throws InvalidConfigException listing every problem of the document
   */
  public static Topology fromEnvironment(Map<String, String> env) {
    String document = blankToNull(env.get(TOPOLOGY_VARIABLE));
    String file = blankToNull(env.get(TOPOLOGY_FILE_VARIABLE));
    if (document != null && file != null) {
      throw new IllegalStateException(
          "set either "
              + TOPOLOGY_VARIABLE
              + " (the document) or "
              + TOPOLOGY_FILE_VARIABLE
              + " (a file), not both");
    }
    if (document != null) {
      return parse(document, TOPOLOGY_VARIABLE);
    }
    if (file != null) {
      return load(Path.of(file));
    }
    throw new IllegalStateException(
        "no topology: set "
            + TOPOLOGY_VARIABLE
            + " to the topology document or "
            + TOPOLOGY_FILE_VARIABLE
            + " to a file holding it");
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
