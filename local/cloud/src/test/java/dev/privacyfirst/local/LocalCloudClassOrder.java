package dev.privacyfirst.local;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs the classes that share a local cloud one after another (junit-platform.properties names this
 * orderer), so {@link LocalCloudExtension} starts each configuration once per run: classes without
 * {@link WithLocalCloud} first, then one group per configuration, by class name within a group.
 */
public final class LocalCloudClassOrder implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    context
        .getClassDescriptors()
        .sort(
            Comparator.comparing(LocalCloudClassOrder::configuration)
                .thenComparing(d -> d.getTestClass().getName()));
  }

  private static String configuration(ClassDescriptor descriptor) {
    return descriptor
        .findAnnotation(WithLocalCloud.class)
        .map(s -> "1 " + LocalCloudExtension.Configuration.of(s).key())
        .orElse("0");
  }
}
