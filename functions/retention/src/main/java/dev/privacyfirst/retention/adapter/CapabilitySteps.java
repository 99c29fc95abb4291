package dev.privacyfirst.retention.adapter;

import dev.privacyfirst.common.config.Config;
import dev.privacyfirst.email.domain.EmailErasure;
import dev.privacyfirst.email.handler.EmailWiring;
import dev.privacyfirst.events.handler.EventsModule;
import dev.privacyfirst.files.adapter.FilesModule;
import dev.privacyfirst.retention.domain.ErasureStep;
import dev.privacyfirst.retention.domain.ExpiryStep;
import java.time.Clock;
import java.util.List;

/**
 * The files, events and email capabilities' erasure and expiry steps, built on each module's own
 * wiring (once per container, in the handlers' no-arg constructors).
 */
public record CapabilitySteps(List<ErasureStep> erasure, List<ExpiryStep> expiry) {
  public CapabilitySteps {
    erasure = List.copyOf(erasure);
    expiry = List.copyOf(expiry);
  }

  public static CapabilitySteps fromConfig(Config config, Clock clock) {
    FilesModule files = FilesModule.create(config, clock);
    EventsModule events = EventsModule.create(config, clock);
    EmailErasure email = new EmailWiring(config, clock, false).erasure();
    return of(files, events, email);
  }

  public static CapabilitySteps of(FilesModule files, EventsModule events, EmailErasure email) {
    return new CapabilitySteps(
        List.of(
            new FilesErasureStep(files.service),
            new EventsErasureStep(events.projects(), events.eventStore()),
            new EventsProjectErasureStep(events.projectErasure()),
            new EmailErasureStep(email)),
        List.of(
            new EventsTasksExpiryStep(events.deletions()),
            new EventsExpiredStep(events.eventStore()),
            new ChunkGcExpiryStep(files.collector),
            new StaleUploadsExpiryStep(files.service)));
  }
}
