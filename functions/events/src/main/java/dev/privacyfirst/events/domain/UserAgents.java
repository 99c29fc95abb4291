package dev.privacyfirst.events.domain;

import dev.privacyfirst.common.startup.Lazy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Parses User-Agents with ua-parser's maintained regex set. Parsing is costly and a batch comes
 * from one client, so results are cached (bounded) per User-Agent string. The parser (its regex
 * file read with SnakeYAML and every pattern compiled: about a tenth of a cold start) is made on
 * the first User-Agent, so the functions that wire the events capability without ingesting (privacy
 * API, projects, the subject-rights functions) never make it.
 */
public final class UserAgents {
  private static final int MAX_CACHE = 5_000;
  private final Lazy<Parser> parser = Lazy.of(Parser::new);
  private final Map<String, DeviceInfo> cache = new ConcurrentHashMap<>();

  /** Whether the parser has been made (tests). */
  boolean parserMade() {
    return parser.isMade();
  }

  public DeviceInfo parse(String userAgent) {
    if (userAgent == null || userAgent.isBlank() || userAgent.length() > 1024) {
      return new DeviceInfo(null, null, null, null);
    }
    DeviceInfo hit = cache.get(userAgent);
    if (hit != null) {
      return hit;
    }
    Client client = parser.get().parse(userAgent);
    DeviceInfo info =
        new DeviceInfo(
            known(client.userAgent.family),
            client.userAgent.major,
            known(client.os.family),
            known(client.device.family));
    if (cache.size() >= MAX_CACHE) {
      cache.clear();
    }
    cache.put(userAgent, info);
    return info;
  }

  private static String known(String family) {
    return family == null || family.equals("Other") ? null : family;
  }
}
