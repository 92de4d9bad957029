package dev.baton.agent.hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, at start, that the agent's AWS credential files are readable by the agent's user only
 * (mode 0600, owned by it): hooks run as another user ({@code baton-hooks}) and must not be able to
 * read them, nor must anyone else on the droplet. The files are those the unit names ({@code
 * AWS_SHARED_CREDENTIALS_FILE}, {@code AWS_CONFIG_FILE}) and the private keys that the config's
 * {@code credential_process} lines name ({@code --private-key}, IAM Roles Anywhere). A missing file
 * is not a problem here (the unit names both files; one is enough).
 */
public final class CredentialFiles {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("--private-key(?:=|\\s+)(\"[^\"]+\"|'[^']+'|\\S+)");

  private CredentialFiles() {}

  /**
   * One warning per credential file that is not {@code 0600} owned by {@code agentUser}, naming the
   * file, its mode and owner, and the fix. Empty when every file is private (or missing).
   */
  public static List<String> warnings(Map<String, String> env, String agentUser) {
    List<String> warnings = new ArrayList<>();
    for (Path file : files(env, warnings)) {
      check(file, agentUser).ifPresent(warnings::add);
    }
    return warnings;
  }

  /**
   * The credential files to check: the two the SDK reads, and the private keys aws-config names.
   */
  static Set<Path> files(Map<String, String> env, List<String> warnings) {
    Set<Path> files = new LinkedHashSet<>();
    for (String variable : List.of("AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE")) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        files.add(Path.of(value));
      }
    }
    String config = env.get("AWS_CONFIG_FILE");
    if (config != null && !config.isBlank()) {
      try {
        Matcher m = PRIVATE_KEY.matcher(Files.readString(Path.of(config), StandardCharsets.UTF_8));
        while (m.find()) {
          files.add(Path.of(m.group(1).replaceAll("^[\"']|[\"']$", "")));
        }
      } catch (NoSuchFileException e) {
        // no config file: nothing it could name
      } catch (IOException e) {
        warnings.add(
            "cannot read "
                + config
                + " to find the private keys it names: "
                + e
                + "; the agent itself needs to read it");
      }
    }
    return files;
  }

  /** The warning for one file, if it is readable by more than its owner, or not the agent's. */
  static Optional<String> check(Path file, String agentUser) {
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.of(
          "AWS credential file " + file + ": cannot read its mode and owner (" + e + ")");
    }
    Set<PosixFilePermission> perms = attributes.permissions();
    String owner = attributes.owner().getName();
    String group = attributes.group().getName();
    List<String> problems = new ArrayList<>();
    if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP_"))) {
      problems.add("group " + group + " has access");
    }
    if (perms.stream().anyMatch(p -> p.name().startsWith("OTHERS_"))) {
      problems.add("every user has access");
    }
    if (!owner.equals(agentUser)) {
      problems.add("it is owned by " + owner + ", not by the agent's user " + agentUser);
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "AWS credential file "
            + file
            + " is mode "
            + octal(perms)
            + " owned by "
            + owner
            + ":"
            + group
            + " ("
            + String.join("; ", problems)
            + "): hooks and other users may be able to read it. It must be readable by the"
            + " agent's user only: sudo chown "
            + agentUser
            + ":"
            + agentUser
            + " "
            + file
            + " && sudo chmod 0600 "
            + file);
  }

  /** The mode as four octal digits, e.g. {@code 0640}. */
  static String octal(Set<PosixFilePermission> perms) {
    int mode = 0;
    for (PosixFilePermission p : perms) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("%04o", mode);
  }
}
