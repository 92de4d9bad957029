package dev.baton.cli;

import java.util.regex.Pattern;

/**
 * The promotion function as invoked: its name or ARN and the qualifier (alias or version) the
 * invoke names. The {@code live} alias unless the operator names another; a name or ARN that
 * already ends with a qualifier (the stack output PromotionFunctionAlias does) is invoked as it is.
 *
 * @param function the name, partial ARN or ARN
 * @param qualifier the qualifier to send, or null when {@code function} carries it
 */
public record FunctionTarget(String function, String qualifier) {
  /** The alias SAM publishes ({@code AutoPublishAlias: live}): what the detectors invoke too. */
  public static final String DEFAULT_QUALIFIER = "live";

  private static final Pattern QUALIFIER = Pattern.compile("[a-zA-Z0-9$_-]{1,128}");

  /**
   * @param function the name, partial ARN or ARN, maybe with a qualifier
   * @param qualifier {@code --qualifier}, or null for the one in {@code function}, else {@code
   *     live}
   * @throws IllegalArgumentException naming the option and the rule
   */
  public static FunctionTarget of(String function, String qualifier) {
    if (function == null || function.isBlank()) {
      throw new IllegalArgumentException("--function: must name the promotion function");
    }
    if (qualifier != null && !QUALIFIER.matcher(qualifier).matches()) {
      throw new IllegalArgumentException(
          "--qualifier: must be an alias or version (letters, digits, $ _ -), was '"
              + qualifier
              + "'");
    }
    String inName = qualifierIn(function.strip());
    if (inName == null) {
      return new FunctionTarget(
          function.strip(), qualifier == null ? DEFAULT_QUALIFIER : qualifier);
    }
    if (qualifier != null && !qualifier.equals(inName)) {
      throw new IllegalArgumentException(
          "--qualifier: "
              + qualifier
              + " contradicts the qualifier "
              + inName
              + " in the function "
              + function
              + "; give one of them");
    }
    return new FunctionTarget(function.strip(), null);
  }

  /** For messages: {@code name:qualifier}, or the qualified name as given. */
  public String describe() {
    return qualifier == null ? function : function + ":" + qualifier;
  }

  /**
   * The qualifier at the end of a function name, or null: {@code name:q}, {@code
   * 123456789012:function:name:q}, {@code arn:aws:lambda:region:123456789012:function:name:q}.
   */
  private static String qualifierIn(String function) {
    String[] parts = function.split(":", -1);
    boolean qualified =
        function.startsWith("arn:")
            ? parts.length == 8
            : parts.length == 2 || (parts.length == 4 && parts[1].equals("function"));
    return qualified ? parts[parts.length - 1] : null;
  }
}
