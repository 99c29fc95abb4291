package dev.privacyfirst.infra;

import dev.privacyfirst.common.config.EnvVars;
import dev.privacyfirst.common.topology.AppSecrets;
import dev.privacyfirst.common.topology.FunctionSpec;
import dev.privacyfirst.common.topology.Tables;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Arn;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.ses.ConfigurationSet;
import software.amazon.awscdk.services.ses.ConfigurationSetEventDestinationOptions;
import software.amazon.awscdk.services.ses.EmailSendingEvent;
import software.amazon.awscdk.services.ses.EventDestination;
import software.amazon.awscdk.services.ses.ReceiptRuleOptions;
import software.amazon.awscdk.services.ses.ReceiptRuleSet;
import software.amazon.awscdk.services.ses.TlsPolicy;
import software.amazon.awscdk.services.ses.actions.EmailEncoding;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * Email: an SES configuration set whose bounce, complaint and delivery events go to an encrypted
 * SNS topic (the SNS-triggered function subscribes in the stack), the Email table, and sending from
 * one identity through that configuration set only.
 */
public final class EmailConstruct extends Construct {
  public static final String MODULE = "email";

  /** Environment variable with the configuration set every message is sent through. */
  public static final String CONFIGURATION_SET_ENV = EnvVars.SES_CONFIGURATION_SET;

  /** The SES events topic's name suffix ({@link DataConstruct#topicName}). */
  static final String NOTIFICATIONS_TOPIC = "ses-notifications";

  /**
   * The inbound unsubscribe mail topic's name suffix: like every topic, under the operations key.
   */
  static final String INBOUND_MAIL_TOPIC = "inbound-mail";

  /** Environment variable with the sender address. */
  public static final String MAIL_FROM_ENV = EnvVars.MAIL_FROM;

  /**
   * Context: {@code true} creates the SES receipt rule set that delivers mail for the unsubscribe
   * mailbox to {@link #inboundMail()} (only in a region where SES receives mail; README.md, "The
   * mailto unsubscribe channel", has the steps, including activating the rule set).
   */
  public static final String RECEIVE_MAIL_CONTEXT = "receiveMail";

  /** Context: the unsubscribe mailbox (default {@code unsubscribe@} the sender's domain). */
  public static final String UNSUBSCRIBE_MAILBOX_CONTEXT = "unsubscribeMailbox";

  /** Environment variable with the unsubscribe mailbox (the mailto List-Unsubscribe address). */
  public static final String UNSUBSCRIBE_MAILTO_ENV = "UNSUBSCRIBE_MAILTO";

  /** Output with the command that activates the receipt rule set (one is active per region). */
  public static final String ACTIVATE_RULE_SET_OUTPUT = "ActivateReceiptRuleSet";

  private final Topic notifications;
  private final Topic inboundMail;
  private final String unsubscribeMailbox;
  private final List<String> sendingResources;
  private final String configurationSetName;
  private final String mailFrom;
  private final List<DeployedFunction> functions;

  public EmailConstruct(Construct scope, String id, Capability.Props props, String mailFrom) {
    super(scope, id);
    int at = mailFrom.lastIndexOf('@');
    if (at <= 0 || at == mailFrom.length() - 1) {
      throw new IllegalArgumentException("mailFrom is not an address: " + mailFrom);
    }
    DataConstruct data = props.data();

    notifications =
        Topic.Builder.create(this, "SesNotificationsTopic")
            .topicName(data.topicName(NOTIFICATIONS_TOPIC))
            .displayName("SES bounce, complaint and delivery events")
            .masterKey(data.opsKey())
            .enforceSsl(true)
            .build();
    ServicePrincipal ses = new ServicePrincipal("ses.amazonaws.com");
    Map<String, Object> fromThisAccount =
        Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID));
    notifications.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(ses))
            .actions(List.of("sns:Publish"))
            .resources(List.of(notifications.getTopicArn()))
            .conditions(fromThisAccount)
            .build());
    data.allowServiceToPublish(
        "AllowSesToPublishToTheEncryptedTopic", ses, data.topicName(NOTIFICATIONS_TOPIC));

    Object mailbox = scope.getNode().tryGetContext(UNSUBSCRIBE_MAILBOX_CONTEXT);
    unsubscribeMailbox =
        mailbox == null || String.valueOf(mailbox).isBlank()
            ? "unsubscribe@" + mailFrom.substring(at + 1)
            : String.valueOf(mailbox);
    int mailboxAt = unsubscribeMailbox.lastIndexOf('@');
    if (mailboxAt <= 0 || mailboxAt == unsubscribeMailbox.length() - 1) {
      throw new IllegalArgumentException("unsubscribeMailbox is not an address");
    }
    inboundMail =
        Topic.Builder.create(this, "InboundMailTopic")
            .topicName(data.topicName(INBOUND_MAIL_TOPIC))
            .displayName("Mail received at the unsubscribe mailbox")
            .masterKey(data.opsKey())
            .enforceSsl(true)
            .build();
    inboundMail.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(ses))
            .actions(List.of("sns:Publish"))
            .resources(List.of(inboundMail.getTopicArn()))
            .conditions(fromThisAccount)
            .build());
    data.allowServiceToPublish(
        "AllowSesToPublishInboundMail", ses, data.topicName(INBOUND_MAIL_TOPIC));
    if (Boolean.parseBoolean(String.valueOf(scope.getNode().tryGetContext(RECEIVE_MAIL_CONTEXT)))) {
      // Receipt rule sets are the SES v1 API, and only one per region is active: activating it is a
      // deployment step (the output's command), because activating would silently replace a rule
      // set another application of the account relies on.
      ReceiptRuleSet ruleSet = ReceiptRuleSet.Builder.create(this, "Receiving").build();
      ruleSet.addRule(
          "UnsubscribeMailbox",
          ReceiptRuleOptions.builder()
              // The mailbox's domain: mail to unsubscribe+<token>@ must match, and SES documents
              // address conditions as exact. Give the mailbox a domain of its own (README.md).
              .recipients(List.of(unsubscribeMailbox.substring(mailboxAt + 1)))
              .scanEnabled(true)
              .tlsPolicy(TlsPolicy.REQUIRE)
              .actions(
                  List.of(
                      software.amazon.awscdk.services.ses.actions.Sns.Builder.create()
                          .topic(inboundMail)
                          .encoding(EmailEncoding.BASE64)
                          .build()))
              .build());
      CfnOutput.Builder.create(this, ACTIVATE_RULE_SET_OUTPUT)
          .description("Run once to make the unsubscribe mailbox's receipt rule set the active one")
          .value(
              "aws ses set-active-receipt-rule-set --rule-set-name "
                  + ruleSet.getReceiptRuleSetName())
          .build();
    }

    ConfigurationSet configurationSet = ConfigurationSet.Builder.create(this, "Sending").build();
    configurationSet.addEventDestination(
        "ToTopic",
        ConfigurationSetEventDestinationOptions.builder()
            .destination(EventDestination.snsTopic(notifications))
            .events(
                List.of(
                    EmailSendingEvent.BOUNCE,
                    EmailSendingEvent.COMPLAINT,
                    EmailSendingEvent.DELIVERY))
            .build());

    functions =
        Capability.deploy(
            this,
            MODULE,
            props,
            Map.of(
                CONFIGURATION_SET_ENV,
                configurationSet.getConfigurationSetName(),
                MAIL_FROM_ENV,
                mailFrom,
                UNSUBSCRIBE_MAILTO_ENV,
                unsubscribeMailbox));

    Stack stack = Stack.of(this);
    String domain = mailFrom.substring(at + 1);
    List<String> sendingResources =
        List.of(
            sesArn(stack, "identity", mailFrom),
            sesArn(stack, "identity", domain),
            sesArn(stack, "configuration-set", configurationSet.getConfigurationSetName()));
    this.sendingResources = sendingResources;
    this.configurationSetName = configurationSet.getConfigurationSetName();
    this.mailFrom = mailFrom;
    RateLimitGrants.grant(data, functions);
    for (DeployedFunction fn : functions) {
      data.grantReadWrite(fn.function(), Tables.EMAIL);
      if (fn.spec().trigger() == FunctionSpec.Trigger.HTTP) {
        // Signed-in preference changes authenticate through the session store.
        data.grantRead(fn.function(), Tables.SESSIONS);
      }
      if (AppSecrets.ENVELOPE_PURPOSES.get(AppSecrets.PERSONAL_DATA).contains(fn.spec())) {
        // The account's sealed address is opened with its key (read only, never created here).
        data.grantRead(fn.function(), Tables.USER_KEYS);
      }
      // The subject-rights contract: the account directory and restrictions, read at send time.
      data.grantRead(fn.function(), Tables.RETENTION);
      allowSending(fn);
    }
  }

  /**
   * Lets a function of another capability send through the one mailer (accounts sends the deletion
   * confirmation): the sender settings and sending through the configuration set only.
   */
  public void allowSending(DeployedFunction fn) {
    fn.function().addEnvironment(CONFIGURATION_SET_ENV, configurationSetName);
    fn.function().addEnvironment(MAIL_FROM_ENV, mailFrom);
    fn.function().addEnvironment(UNSUBSCRIBE_MAILTO_ENV, unsubscribeMailbox);
    fn.function()
        .addToRolePolicy(
            PolicyStatement.Builder.create()
                .actions(List.of("ses:SendEmail", "ses:SendRawEmail"))
                .resources(sendingResources)
                .build());
  }

  private static String sesArn(Stack stack, String type, String name) {
    return Arn.format(
        ArnComponents.builder().service("ses").resource(type).resourceName(name).build(), stack);
  }

  public Topic notifications() {
    return notifications;
  }

  /** Mail received at the unsubscribe mailbox, as the SES receipt rule publishes it. */
  public Topic inboundMail() {
    return inboundMail;
  }

  public List<DeployedFunction> functions() {
    return functions;
  }
}
