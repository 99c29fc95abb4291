package dev.privacyfirst.common.adapter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.privacyfirst.common.aws.DependencyFailure;
import dev.privacyfirst.common.crypto.KeyRing;
import dev.privacyfirst.common.crypto.KeyedHash;
import dev.privacyfirst.common.crypto.Secrets;
import dev.privacyfirst.common.json.JsonStreams;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.lambda.powertools.parameters.secrets.SecretsProvider;

/**
 * One Secrets Manager secret per key name ({@code <prefix><name>}, made by the CDK stack; each
 * function's role may read only the secrets the topology gives it), read through Powertools
 * Parameters and kept for the container's life. A secret is a JSON object of versions: {@code
 * {"current":"2","v1":"...","v2":"..."}}; rotating adds a version and moves {@code current}, and a
 * version is retired by removing it once nothing made under it is left.
 */
public final class SecretsManagerSecrets implements Secrets {
  private static final Pattern VERSION = Pattern.compile("v([1-9][0-9]{0,5})");
  private static final int MIN_VALUE_CHARS = 32;

  private final SecretsProvider provider;
  private final String prefix;
  private final Map<String, KeyRing> cache = new ConcurrentHashMap<>();

  private SecretsManagerSecrets(SecretsProvider provider, String prefix) {
    this.provider = provider;
    this.prefix = prefix;
  }

  /**
   * The container's one reader of its application keys, on its Secrets Manager client: every
   * capability a function wires reads through it, so a key two capabilities use (the subject-rights
   * functions wire them all) is fetched once per container, not once per capability.
   */
  public static SecretsManagerSecrets create(AwsClients aws, String prefix) {
    SecretsManagerSecrets secrets =
        aws.perContainer(
            SecretsManagerSecrets.class,
            () ->
                new SecretsManagerSecrets(
                    SecretsProvider.builder().withClient(client(aws)).build(), prefix));
    if (!secrets.prefix.equals(prefix)) {
      throw new IllegalStateException("one container reads its keys under one secret-name prefix");
    }
    return secrets;
  }

  /** The container's Secrets Manager client (also what priming dry-runs). */
  static SecretsManagerClient client(AwsClients aws) {
    return aws.shared(
        SecretsManagerClient.class,
        () -> aws.configure(SecretsManagerClient.builder(), "SECRETS_MANAGER").build());
  }

  @Override
  public KeyRing ring(String name) {
    return cache.computeIfAbsent(name, this::load);
  }

  private KeyRing load(String name) {
    String json;
    try {
      json = provider.get(prefix + name);
    } catch (SdkException e) {
      throw new DependencyFailure("secrets unavailable", e);
    }
    return parse(name, json);
  }

  /**
   * The key ring of one secret value. Secrets Manager generates random text, so each version's
   * 32-byte key is derived from it: HMAC-SHA-256(value, "privacyfirst/" + name), an HKDF-expand
   * step with the key's name as its label.
   */
  public static KeyRing parse(String name, String json) {
    JsonNode root;
    try {
      root = JsonStreams.readTree(json, false);
    } catch (JsonProcessingException e) {
      // Not the parser's exception as the cause: its message quotes the text it could not read (the
      // secret), and a failed start is logged with every cause's message. Where is enough.
      var at = e.getLocation();
      throw new IllegalStateException(
          "the secret of key "
              + name
              + " is not JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalStateException("the secret of key " + name + " is not a JSON object");
    }
    JsonNode current = root.get("current");
    if (current == null || !current.isTextual() || !current.textValue().matches("[1-9][0-9]*")) {
      throw new IllegalStateException("the secret of key " + name + " names no current version");
    }
    byte[] label = ("privacyfirst/" + name).getBytes(StandardCharsets.UTF_8);
    TreeMap<Integer, byte[]> versions = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Matcher m = VERSION.matcher(field.getKey());
      if (!m.matches()) {
        continue;
      }
      JsonNode value = field.getValue();
      if (!value.isTextual() || value.textValue().length() < MIN_VALUE_CHARS) {
        throw new IllegalStateException(
            "version " + field.getKey() + " of key " + name + " is not a usable value");
      }
      versions.put(
          Integer.parseInt(m.group(1)),
          new KeyedHash(value.textValue().getBytes(StandardCharsets.UTF_8)).mac(label));
    }
    int currentVersion = Integer.parseInt(current.textValue());
    if (!versions.containsKey(currentVersion)) {
      throw new IllegalStateException(
          "the secret of key " + name + " has no value for its current version");
    }
    return new KeyRing(name, currentVersion, versions);
  }
}
