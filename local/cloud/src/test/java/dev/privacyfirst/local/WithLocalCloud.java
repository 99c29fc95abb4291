package dev.privacyfirst.local;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against a local cloud that {@link LocalCloudExtension} starts once per test
 * run and configuration: every class asking for the same settings shares one cloud (each test makes
 * its own accounts and projects, so they do not meet). Test methods and {@code @BeforeAll} methods
 * take a {@link LocalCloud}, a {@link TestLocalCloud} or its base {@link java.net.URI} as a
 * parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(LocalCloudExtension.class)
public @interface WithLocalCloud {
  /** Whether the SES v2 emulator runs (mail sent by the functions is readable there). */
  boolean ses() default true;

  /** Settings the functions read when they are first built, as {@code NAME=value}. */
  String[] properties() default {};

  /**
   * A class that changes the cloud's settings after it started (a token it created through the
   * cloud) names its own group, so it gets a cloud no other class has built functions in yet.
   */
  String group() default "";
}
