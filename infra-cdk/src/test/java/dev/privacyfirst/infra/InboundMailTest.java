package dev.privacyfirst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.privacyfirst.common.topology.Functions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The mailto unsubscribe channel's deployment: the inbound-mail function on its own encrypted
 * topic, and, when asked for ({@code -c receiveMail=true}), the SES receipt rule set that publishes
 * mail for the unsubscribe mailbox's domain to that topic, with the command that activates it.
 */
class InboundMailTest {
  @SuppressWarnings("unchecked")
  private static Map<String, Object> resources(Template template, String type) {
    return (Map<String, Object>) (Map<?, ?>) template.findResources(type);
  }

  private static String logicalIdOf(Template template, String type, String pattern) {
    return resources(template, type).keySet().stream()
        .filter(id -> id.matches(pattern))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " matching " + pattern));
  }

  @Test
  void theInboundMailFunctionListensToItsOwnEncryptedTopic() {
    Template template = SynthesizedStack.aws().template();
    String topic = logicalIdOf(template, "AWS::SNS::Topic", "EmailInboundMailTopic[0-9A-F]{8}");
    String alias =
        logicalIdOf(
            template,
            "AWS::Lambda::Alias",
            ".*" + Functions.INBOUND_MAIL.id() + "Alias[0-9A-F]{8}");
    template.hasResourceProperties(
        "AWS::SNS::Subscription",
        Map.of(
            "Protocol",
            "lambda",
            "TopicArn",
            Map.of("Ref", topic),
            "Endpoint",
            Map.of("Ref", alias)));
    template.hasResourceProperties(
        "AWS::SNS::Topic",
        Map.of(
            "DisplayName",
            "Mail received at the unsubscribe mailbox",
            "KmsMasterKeyId",
            Match.anyValue()));
    // Only the inbound-mail function listens there; the bounce function keeps its own topic.
    String sesEventsAlias =
        logicalIdOf(
            template,
            "AWS::Lambda::Alias",
            ".*" + Functions.SES_NOTIFICATIONS.id() + "Alias[0-9A-F]{8}");
    assertThat(
            resources(template, "AWS::SNS::Subscription").values().stream()
                .map(String::valueOf)
                .filter(s -> s.contains(topic))
                .toList())
        .hasSize(1)
        .noneMatch(s -> s.contains(sesEventsAlias));
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler",
            Functions.INBOUND_MAIL.handlerClass(),
            "Environment",
            Map.of(
                "Variables",
                Match.objectLike(Map.of("UNSUBSCRIBE_MAILTO", "unsubscribe@example.com")))));
  }

  @Test
  void noReceiptRuleSetIsCreatedUnlessReceivingIsAskedFor() {
    SynthesizedStack.aws().template().resourceCountIs("AWS::SES::ReceiptRuleSet", 0);
  }

  @Test
  void receivingMailPublishesTheUnsubscribeDomainsMailToTheTopicAndSaysHowToActivateIt() {
    SynthesizedStack.Synthesized synthesized =
        SynthesizedStack.withContext(
            Map.of(
                EmailConstruct.RECEIVE_MAIL_CONTEXT,
                "true",
                EmailConstruct.UNSUBSCRIBE_MAILBOX_CONTEXT,
                "unsubscribe@unsub.example.com"));
    Template template = synthesized.template();
    String topic = logicalIdOf(template, "AWS::SNS::Topic", "EmailInboundMailTopic[0-9A-F]{8}");
    template.resourceCountIs("AWS::SES::ReceiptRuleSet", 1);
    template.hasResourceProperties(
        "AWS::SES::ReceiptRule",
        Map.of(
            "Rule",
            Match.objectLike(
                Map.of(
                    "Enabled",
                    true,
                    "Recipients",
                    List.of("unsub.example.com"),
                    "ScanEnabled",
                    true,
                    "TlsPolicy",
                    "Require",
                    "Actions",
                    List.of(
                        Map.of(
                            "SNSAction",
                            Map.of("Encoding", "Base64", "TopicArn", Map.of("Ref", topic))))))));
    assertThat(
            template.findOutputs("*").entrySet().stream()
                .filter(e -> e.getKey().contains(EmailConstruct.ACTIVATE_RULE_SET_OUTPUT))
                .map(e -> String.valueOf(e.getValue()))
                .toList())
        .singleElement()
        .asString()
        .contains("aws ses set-active-receipt-rule-set --rule-set-name");
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler",
            Functions.INBOUND_MAIL.handlerClass(),
            "Environment",
            Map.of(
                "Variables",
                Match.objectLike(Map.of("UNSUBSCRIBE_MAILTO", "unsubscribe@unsub.example.com")))));
    assertThat(
            synthesized
                .annotations()
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream()
                .map(m -> m.getId() + ": " + m.getEntry().getData())
                .toList())
        .isEmpty();
  }
}
