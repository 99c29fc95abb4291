package dev.privacyfirst.local;

import dev.privacyfirst.common.logging.RedactedFailure;

/**
 * Describes a failure for the log without its messages: exception messages may quote request data
 * (an email address, a token), class names and stack frames do not.
 */
final class Failures {
  private static final int MAX_FRAMES = 12;

  private Failures() {}

  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    Throwable current = failure;
    int depth = 0;
    while (current != null && depth < 5) {
      if (depth > 0) {
        text.append("\n  caused by ");
      }
      // A stand-in's message is the class it stands for (and nothing else): name that class.
      text.append(
          current instanceof RedactedFailure ? current.getMessage() : current.getClass().getName());
      StackTraceElement[] frames = current.getStackTrace();
      for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
        text.append("\n    at ").append(frames[i]);
      }
      if (frames.length > MAX_FRAMES) {
        text.append("\n    ... ").append(frames.length - MAX_FRAMES).append(" more");
      }
      current = current.getCause() == current ? null : current.getCause();
      depth++;
    }
    return text.toString();
  }
}
