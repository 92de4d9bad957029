package dev.baton.promotion;

/**
 * How the CLI reaches the promotion function: the JSON request in, the JSON response out (the
 * contract of README "Promotion requests"). On AWS, a synchronous Lambda invoke; against a local
 * stack, the handler in-process.
 */
public interface PromotionChannel extends AutoCloseable {

  /**
   * Sends {@code requestJson} and returns the function's JSON answer.
   *
   * @throws CommandFailure when the function cannot be reached or fails, with the exit code that
   *     says which (the message names the function, never a credential)
   */
  String send(String requestJson);

  /** Where requests go, for messages, e.g. {@code lambda:baton-promotion:live}. */
  String describe();

  @Override
  default void close() {}
}
